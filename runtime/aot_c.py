"""The C side of an ahead-of-time export (:mod:`.aot`): the C form of a
signature (each argument and result as scalars and arrays, :class:`Part`) and
the header declaring the exported function."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.dialects.builtin import (
    Float32Type,
    Float64Type,
    IntegerType,
    NoneType,
    Signedness,
    TensorType,
    TupleType,
)
from xdsl.ir import Attribute

from myia.dialects.types import RecordType
from myia.errors import MyiaExportError, SourceLocation
from myia.lowering.llvm.runtime_decls import ErrorCode

# ---------------------------------------------------------------------------
# The C form of a signature


@dataclass(frozen=True)
class Part:
    """A scalar or an array of an argument or the result, in C."""

    name: str
    type: Attribute
    """The scalar's type, or the array's (a ``TensorType``)."""

    @property
    def is_array(self) -> bool:
        return isinstance(self.type, TensorType)

    @property
    def element(self) -> Attribute:
        return self.type.element_type if isinstance(self.type, TensorType) else self.type

    @property
    def shape(self) -> tuple[int | None, ...]:
        """The array's dimensions (None: known at run time)."""
        assert isinstance(self.type, TensorType)
        return tuple(None if d < 0 else d for d in self.type.get_shape())

    @property
    def leaves(self) -> int:
        """Slots of the calling convention: pointer, sizes, strides; or 1."""
        return 1 + 2 * len(self.shape) if self.is_array else 1


def c_type(t: Attribute, where: str) -> str:
    """The C type of a scalar type."""
    if isinstance(t, IntegerType):
        width = t.width.data
        if width == 1:
            return "bool"
        if width in (8, 16, 32, 64):
            unsigned = t.signedness.data == Signedness.UNSIGNED
            return f"{'u' if unsigned else ''}int{width}_t"
    if isinstance(t, Float32Type):
        return "float"
    if isinstance(t, Float64Type):
        return "double"
    raise MyiaExportError(f"{where} has type {t}, which has no C form in an export")


def llvm_type(t: Attribute) -> str:
    """The LLVM IR type of a scalar type (see :func:`c_type`)."""
    if isinstance(t, IntegerType):
        return f"i{t.width.data}"
    return "float" if isinstance(t, Float32Type) else "double"


def itemsize(t: Attribute) -> int:
    if isinstance(t, IntegerType):
        return max(1, t.width.data // 8)
    return 4 if isinstance(t, Float32Type) else 8


def parts_of(t: Attribute, name: str) -> list[Part]:
    """The scalars and arrays of a value of type ``t``, named after ``name``."""
    if isinstance(t, TensorType):
        c_type(t.element_type, f"the array {name}")
        return [Part(name, t)]
    if isinstance(t, TupleType):
        return [p for i, e in enumerate(t.types.data) for p in parts_of(e, f"{name}_{i}")]
    if isinstance(t, RecordType):
        return [p for field, ft in t.fields for p in parts_of(ft, f"{name}_{field}")]
    if isinstance(t, NoneType):
        return []
    c_type(t, name)
    return [Part(name, t)]


def identifier(name: str) -> str:
    name = re.sub(r"\W", "_", name)
    return name if name and not name[0].isdigit() else f"_{name}"


# ---------------------------------------------------------------------------
# The header


def _c_declarations(name: str, args: Sequence[Part], results: Sequence[Part]) -> list[str]:
    """The C parameters: arguments, then out-pointers (a 0-d array has no shape)."""
    params = []
    for part in args:
        t = c_type(part.element, part.name)
        if part.is_array:
            params.append(f"const {t} *{part.name}")
            if part.shape:
                params.append(f"const int64_t {part.name}_shape[{len(part.shape)}]")
        else:
            params.append(f"{t} {part.name}")
    for part in results:
        t = c_type(part.element, part.name)
        if part.is_array:
            params.append(f"{t} **{part.name}")
            if part.shape:
                params.append(f"int64_t {part.name}_shape[{len(part.shape)}]")
        else:
            params.append(f"{t} *{part.name}")
    return params


def _describe(part: Part) -> str:
    if part.is_array:
        dims = ", ".join("?" if d is None else str(d) for d in part.shape)
        return f"{part.name}: {c_type(part.element, part.name)}[{dims}]"
    return f"{part.name}: {c_type(part.type, part.name)}"


def header_text(
    name: str,
    args: Sequence[Part],
    results: Sequence[Part],
    python_signature: str,
    origin: SourceLocation | None,
) -> str:
    guard = f"MYIA_EXPORT_{name.upper()}_H"
    params = _c_declarations(name, args, results) or ["void"]
    where = f", defined at {origin}" if origin is not None else ""
    arrays = [p for p in (*args, *results) if p.is_array]
    lines = [
        f"/* {name}: exported by myia ahead of time. Do not edit. */",
        f"#ifndef {guard}",
        f"#define {guard}",
        "",
        "#include <stdbool.h>",
        "#include <stdint.h>",
        "",
        "#ifdef __cplusplus",
        'extern "C" {',
        "#endif",
        "",
        "/* Status kinds: the low byte of a non-zero status. */",
        *[
            f"#ifndef MYIA_{code.name}\n#define MYIA_{code.name} {int(code)}\n#endif"
            for code in ErrorCode
            if code != ErrorCode.INTERRUPT
        ],
        "",
        "/**",
        f" * The Python function {python_signature}{where},",
        " * compiled for: " + (", ".join(_describe(p) for p in args) or "no arguments") + ".",
        " * Results, through the pointers: "
        + (", ".join(_describe(p) for p in results) or "none")
        + ".",
    ]
    if arrays:
        lines += [
            " * Arrays are C-contiguous (row-major); '?' dimensions are given at run time,",
            " * the others are checked. An array result is a new array allocated with",
            " * malloc (the caller frees it with free) and its shape is written to",
            " * <result>_shape.",
        ]
    lines += [
        " * Returns 0, or a non-zero status (the results are then not written):",
        f" * {name}_error_message(status) describes it. Thread-safe.",
        " */",
        f"int32_t {name}({', '.join(params)});",
        "",
        f"/** The message of a status {name} returned (a static string). */",
        f"const char *{name}_error_message(int32_t status);",
        "",
        "#ifdef __cplusplus",
        "}",
        "#endif",
        "",
        f"#endif /* {guard} */",
        "",
    ]
    return "\n".join(lines)


__all__ = ["Part", "c_type", "header_text", "identifier", "itemsize", "llvm_type", "parts_of"]
