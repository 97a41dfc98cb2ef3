"""A plugin file without register(): myia-opt registers the passes it defines.
It imports a sibling module (its directory is on sys.path while it loads)."""

from dataclasses import dataclass

from naming import attribute_name
from xdsl.dialects.builtin import ModuleOp, StringAttr
from xdsl.passes import ModulePass


@dataclass(frozen=True)
class TagModule(ModulePass):
    """Tag the module with a string (a test plugin's pass)."""

    name = "test-tag-module"

    value: str = "tagged"

    def apply(self, ctx, op: ModuleOp) -> None:
        op.attributes[attribute_name()] = StringAttr(self.value)
