"""A differential fuzzer for myia (see docs/fuzzing.md)."""
