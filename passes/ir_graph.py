"""Pictures of a module: Graphviz DOT of its functions' dataflow and control
flow, or of its call graph, labelled with the user's source lines
(``myia-opt -t dot``, ``myia.jit(f).lower(x).as_dot()``).

Any dialect renders: a function is an op with a symbol name and a region
(``myia.func``, ``func.func``, ``llvm.func``); its ops are boxes, its arguments
ellipses, an operand is an edge from the op that defines it, a block (of
lowered control flow) is a cluster with its branches as bold edges, and an op
that refers to another function (a call, a branch of ``myia.if``, a closure)
has a dashed edge to it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, StringAttr, SymbolRefAttr
from xdsl.ir import Attribute, Block, BlockArgument, Operation, SSAValue
from xdsl.utils.target import Target

from myia.dialects.types import type_str
from myia.errors import MyiaError, SourceLocation
from myia.passes.callgraph import referenced_symbols

GRAPHS = ("dataflow", "calls")


def module_to_dot(module: ModuleOp, graph: str = "dataflow", function: str | None = None) -> str:
    """The DOT text of ``module``: ``graph="dataflow"`` draws each function's ops
    (or only ``function``'s and those it refers to), ``"calls"`` the call graph."""
    if graph not in GRAPHS:
        raise MyiaError(f"unknown graph {graph!r}: the graphs are {', '.join(GRAPHS)}")
    functions = _functions(module)
    if function is not None:
        if function not in functions:
            known = ", ".join(f"@{name}" for name in functions) or "none"
            raise MyiaError(f"the module has no function @{function}; its functions: {known}")
        functions = {name: functions[name] for name in _reachable(functions, function)}
    drawing = _Drawing(functions)
    if graph == "calls":
        drawing.call_graph()
    else:
        drawing.dataflow()
    return drawing.text()


def _functions(module: ModuleOp) -> dict[str, Operation]:
    functions = {}
    for op in module.body.block.ops:
        name = op.properties.get("sym_name") or op.attributes.get("sym_name")
        if isinstance(name, StringAttr) and op.regions:
            functions[name.data] = op
    return functions


def _reachable(functions: dict[str, Operation], root: str) -> list[str]:
    seen = [root]
    for name in seen:
        for op in functions[name].walk():
            for ref in referenced_symbols(op):
                if ref in functions and ref not in seen:
                    seen.append(ref)
    return seen


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _where(location: Attribute | None) -> str | None:
    loc = SourceLocation.from_attr(location)
    if loc is None or loc.line <= 0:
        return None
    return f"{os.path.basename(loc.filename)}:{loc.line}"


def _short_type(value: SSAValue) -> str:
    text = type_str(value.type)
    return "" if text == "!myia.any" else text


class _Drawing:
    """The DOT statements of a picture, with a name for each node."""

    def __init__(self, functions: dict[str, Operation]):
        self.functions = functions
        self.lines = ["digraph myia {", "  compound=true;", "  rankdir=TB;",
                      '  node [shape=box, fontname="monospace", fontsize=10];',
                      '  edge [fontname="monospace", fontsize=9];']  # fmt: skip
        self.names: dict[int, str] = {}

    def text(self) -> str:
        return "\n".join([*self.lines, "}"]) + "\n"

    def node(self, key: object) -> str:
        return self.names.setdefault(id(key), f"n{len(self.names)}")

    def emit(self, line: str, depth: int = 1) -> None:
        self.lines.append("  " * depth + line)

    # -- the call graph ------------------------------------------------------------

    def call_graph(self) -> None:
        for name, func in self.functions.items():
            label = f"@{name}"
            where = _where(func.location)
            if where:
                label += f"\n{where}"
            self.emit(f"{self.node(func)} [label={_quote(label)}];")
        for func in self.functions.values():
            edges: dict[str, set[str]] = {}
            for op in func.walk():
                for ref in referenced_symbols(op):
                    if ref in self.functions and op is not func:
                        edges.setdefault(ref, set()).add(_op_kind(op))
            for ref, kinds in edges.items():
                label = ", ".join(sorted(kinds))
                callee = self.node(self.functions[ref])
                self.emit(f"{self.node(func)} -> {callee} [label={_quote(label)}];")

    # -- dataflow and control flow -------------------------------------------------

    def dataflow(self) -> None:
        for name, func in self.functions.items():
            self.function(name, func)
        for func in self.functions.values():
            for op in func.walk():
                if op is func:
                    continue
                for ref in sorted(set(referenced_symbols(op))):
                    if ref in self.functions:
                        target = self.functions[ref]
                        self.emit(
                            f"{self.node(op)} -> {self.node(target)} "
                            f"[style=dashed, lhead=cluster_{self.node(target)}, "
                            f"label={_quote(_op_kind(op))}];"
                        )

    def function(self, name: str, func: Operation) -> None:
        header = f"@{name}"
        where = _where(func.location)
        if where:
            header += f"  ({where})"
        self.emit(f"subgraph cluster_{self.node(func)} {{")
        self.emit(f"label={_quote(header)};", 2)
        self.emit(f"{self.node(func)} [label={_quote('@' + name)}, shape=component];", 2)
        blocks = [block for region in func.regions for block in region.blocks]
        for block in blocks:
            self.block(block, func, len(blocks) > 1, 2)
        self.emit("}")

    def block(self, block: Block, owner: Operation, cluster: bool, depth: int) -> None:
        if cluster:
            index = owner.regions[0].blocks.index(block) if owner.regions else 0
            self.emit(f"subgraph cluster_{self.node(block)} {{", depth)
            self.emit(f'label="^bb{index}"; style=dotted;', depth + 1)
            depth += 1
        for arg in block.args:
            self.emit(
                f"{self.node(arg)} [label={_quote(_value_label(arg))}, shape=ellipse];", depth
            )
        for op in block.ops:
            self.op(op, depth)
        if cluster:
            self.emit("}", depth - 1)

    def op(self, op: Operation, depth: int) -> None:
        self.emit(f"{self.node(op)} [label={_quote(_op_label(op))}];", depth)
        for operand in op.operands:
            source = operand.owner if not isinstance(operand, BlockArgument) else operand
            if isinstance(source, Block):
                continue
            self.emit(f"{self.node(source)} -> {self.node(op)};", depth)
        for successor in op.successors:
            target = successor.first_op or successor
            self.emit(
                f"{self.node(op)} -> {self.node(target)} "
                f"[style=bold, color=blue, lhead=cluster_{self.node(successor)}];",
                depth,
            )
        for region in op.regions:  # nested code (scf.for bodies...)
            for block in region.blocks:
                self.emit(f"subgraph cluster_{self.node(block)} {{", depth)
                self.emit(f"label={_quote(op.name)}; style=dashed;", depth + 1)
                for arg in block.args:
                    label = _quote(_value_label(arg))
                    self.emit(f"{self.node(arg)} [label={label}, shape=ellipse];", depth + 1)
                for inner in block.ops:
                    self.op(inner, depth + 1)
                self.emit("}", depth)


def _op_kind(op: Operation) -> str:
    return op.name.split(".", 1)[-1]


def _value_label(value: SSAValue) -> str:
    name = f"%{value.name_hint}" if value.name_hint else "%arg"
    kind = _short_type(value)
    return f"{name} : {kind}" if kind else name


def _op_label(op: Operation) -> str:
    """The op's name (its constant, its callee), its result's type, its line."""
    head = op.name
    value = op.properties.get("value")
    if value is not None:
        head += f" {_literal(value)}"
    for attr in op.properties.values():
        if isinstance(attr, SymbolRefAttr):
            head += f" @{attr.root_reference.data}"
    lines = [head]
    if op.results:
        result = op.results[0]
        name = f"%{result.name_hint} = " if result.name_hint else ""
        kind = _short_type(result)
        if name or kind:
            lines.append(f"{name}{kind}".rstrip(" ="))
    where = _where(op.location)
    if where:
        lines.append(where)
    return "\n".join(lines)


def _literal(attr: Attribute) -> str:
    data = getattr(attr, "value", None)
    data = getattr(data, "data", data)
    return repr(data) if data is not None else str(attr)


@dataclass(frozen=True)
class DotTarget(Target):
    """Graphviz DOT of the module (``-t dot``, ``-t dot{graph=calls}``,
    ``-t dot{function=f}``): dataflow and control flow of each function, with
    source lines, or the call graph. ``dot -Tsvg`` draws it."""

    name = "dot"

    graph: str = "dataflow"
    """``dataflow`` (ops, operands, branches, calls) or ``calls`` (the call graph)."""

    function: str = ""
    """Only this function and the functions it refers to."""

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        output.write(module_to_dot(module, self.graph, self.function or None))
