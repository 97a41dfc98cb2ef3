"""docs/dialect.md's tables of primitive ops agree with the registry: every
primitive is listed once, with its operand count, and its **lowered** and
**grad** columns say whether it has a ``lower`` and a ``grad`` rule.

``python tests/test_dialect_doc.py`` rewrites the columns from the registry
(new primitives are added by hand, in the section where they belong)."""

from __future__ import annotations

import re
from pathlib import Path

# every primitive, the gradients and the scalar lowerings:
import myia.dialects.dialect
import myia.dialects.grad_rules
import myia.dialects.grad_rules_array
import myia.dialects.grad_rules_list
import myia.lowering.scalar_rules  # noqa: F401
from myia.dialects import PRIMITIVES
from myia.lowering.arrays import register_lowering as register_array_lowering
from myia.lowering.native_lists import register_lowering as register_list_lowering

DOC = Path(__file__).resolve().parent.parent / "docs" / "dialect.md"
ROW = re.compile(r"^\| `myia\.(\w+)` \| ([^|]*) \| (.*) \| ([^|]*) \| ([^|]*) \|$", re.M)


def columns(name: str) -> tuple[str, str, str]:
    """What the registry says: operands, lowered, grad."""
    register_array_lowering()
    register_list_lowering()
    prim = PRIMITIVES[name]
    arity = prim.arity if isinstance(prim.arity, int) else "-".join(map(str, prim.arity))
    rules = prim.rules
    return str(arity), "yes" if "lower" in rules else "", "yes" if "grad" in rules else ""


def test_every_primitive_is_listed_once():
    listed = [m.group(1) for m in ROW.finditer(DOC.read_text())]
    assert sorted(n for n in PRIMITIVES if n not in listed) == []
    assert sorted(n for n in listed if n not in PRIMITIVES) == []
    assert sorted(n for n in set(listed) if listed.count(n) > 1) == []


def test_columns_are_the_registrys():
    wrong = [
        (m.group(1), (m.group(2), m.group(4), m.group(5)), columns(m.group(1)))
        for m in ROW.finditer(DOC.read_text())
        if m.group(1) in PRIMITIVES
        and (m.group(2).strip(), m.group(4).strip(), m.group(5).strip()) != columns(m.group(1))
    ]
    assert wrong == [], "run python tests/test_dialect_doc.py"


def update() -> None:
    def row(m: re.Match) -> str:
        name, meaning = m.group(1), m.group(3)
        if name not in PRIMITIVES:
            return m.group(0)
        arity, lowered, grad = columns(name)
        return f"| `myia.{name}` | {arity} | {meaning} | {lowered} | {grad} |"

    DOC.write_text(ROW.sub(row, DOC.read_text()))


if __name__ == "__main__":
    update()
