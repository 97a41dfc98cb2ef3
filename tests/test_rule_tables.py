"""The stages' rule tables (``Primitive.rules``): one registration per primitive,
stage and kind of operands, so that what a table holds does not depend on the
order in which the modules that fill it are imported."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from myia.dialects import PRIMITIVES
from myia.dialects.primitive import RuleTable, infer_rule


def test_a_second_registration_raises():
    table = RuleTable("example")
    table.register("infer", len)
    table.register("infer", abs, kind="array")
    with pytest.raises(ValueError, match="already has a 'infer' rule"):
        table.register("infer", max)
    with pytest.raises(ValueError, match="for array operands"):
        table.register("infer", max, kind="array")
    with pytest.raises(ValueError, match="already has a 'infer' rule"):
        table["infer"] = max
    with pytest.raises(ValueError, match="unknown kind"):
        table.register("grad", max, kind="tensor")


def test_a_second_registration_of_a_builtin_rule_raises():
    before = PRIMITIVES["sin"].rules["infer"]
    with pytest.raises(ValueError, match="'sin' already has a 'infer' rule"):
        infer_rule("sin")(lambda args, op: None)
    assert PRIMITIVES["sin"].rules["infer"] is before


def test_kinds_dispatch_before_the_own_rule():
    table = RuleTable("example")
    table.register("lower", lambda x: "own")
    table.register("lower", lambda x: "array" if x == "a" else NotImplemented, kind="array")
    table.register("lower", lambda x: "list" if x in ("l", "a") else NotImplemented, kind="list")
    rule = table["lower"]
    assert [rule(x) for x in ("a", "l", "s")] == ["list", "list", "own"]
    table.override("lower", lambda x: "user")
    assert table["lower"]("a") == "user"
    table.remove_override("lower")
    assert table["lower"]("s") == "own"
    assert list(table) == ["lower"]


DUMP = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
from myia.lowering.arrays import register_lowering as arrays
from myia.lowering.native_lists import register_lowering as lists
arrays(); lists()
from myia.dialects import PRIMITIVES

def describe(rule):
    func = getattr(rule, "func", rule)  # (functools.partial)
    args = getattr(rule, "args", ())
    if not callable(func):
        return repr(rule)
    return f"{func.__module__}.{func.__qualname__}{args!r}"

print(json.dumps({
    name: {
        stage: [describe(prim.rules.own(stage)), {k: describe(r) for k, r in
                prim.rules.kind_rules(stage).items()}]
        for stage in prim.rules
    }
    for name, prim in PRIMITIVES.items()
}, sort_keys=True))
"""

MODULES = [
    "myia.dialects.prims_scalar",
    "myia.dialects.prims_math",
    "myia.dialects.prims_seq",
    "myia.dialects.prims_array",
    "myia.dialects.prims_reduce",
    "myia.dialects.prims_shape",
    "myia.dialects.prims_index",
    "myia.dialects.prims_kernels",
    "myia.dialects.prims_list",
    "myia.dialects.raise_rules",
    "myia.dialects.grad_rules",
    "myia.dialects.grad_rules_array",
    "myia.dialects.grad_rules_list",
    "myia.lowering.scalar_rules",
    "myia.lowering.native_lists",
    "myia.lowering.arrays.lower",
]


def tables(modules: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", DUMP, *modules], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_tables_do_not_depend_on_import_order():
    forward = tables(MODULES)
    assert tables(MODULES[::-1]) == forward
    assert tables(MODULES[1::2] + MODULES[::2]) == forward
    # Elementwise primitives keep their scalar rule and have an array rule beside it.
    sin = forward["sin"]
    assert sin["infer"][0].startswith("myia.dialects.prims_math.")
    assert set(sin["infer"][1]) == {"array"}
    assert sin["lower"][0].startswith("myia.lowering.scalar_rules.")
    assert set(forward["getitem"]["infer"][1]) == {"list", "array"}
