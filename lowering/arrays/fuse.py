"""myia-fuse-arrays (placeholder)."""
def fuse_arrays(module):
    return module
