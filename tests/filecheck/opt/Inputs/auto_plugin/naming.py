"""A sibling module of plugin.py."""


def attribute_name() -> str:
    return "test.tag"
