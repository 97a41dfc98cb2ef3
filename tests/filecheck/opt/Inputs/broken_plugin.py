"""A plugin that fails while it is imported."""

SETTINGS = {}
LEVEL = SETTINGS["level"]


def register(registry):
    pass
