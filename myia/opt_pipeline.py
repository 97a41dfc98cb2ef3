"""``myia-opt``'s pass pipelines: ``-p`` specs (with IR types as option values),
MLIR's ``--pass-pipeline`` syntax, and the errors and listings of pass names and
options."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Sequence
from typing import Any

from xdsl.passes import ModulePass

from myia.errors import MyiaError
from myia.registry import Registry


class MyiaOptError(MyiaError):
    """A wrong command line: unknown pass, bad option, missing file..."""


def quote_bracketed_options(spec: str) -> str:
    """``spec`` with the pass-option items that contain angle brackets quoted
    (``args=tuple<i64, f64>,f64`` -> ``args="tuple<i64, f64>",f64``): xDSL's
    pipeline tokenizer accepts IR types (``tuple<...>``, ``tensor<...>``,
    ``!myia.record<...>``) only in quotes, and would split them at their commas."""
    if "<" not in spec:
        return spec
    out: list[str] = []
    i, n = 0, len(spec)
    braces = 0
    while i < n:
        c = spec[i]
        if c == '"':
            j = _quoted_end(spec, i)
            out.extend(spec[i:j])
            i = j
            continue
        if c == "{":
            braces += 1
        elif c == "}":
            braces -= 1
        elif c == "<" and braces > 0:
            start = len(out)
            while start > 0 and out[start - 1] not in "=,{ \t\n":
                start -= 1
            prefix = "".join(out[start:])
            del out[start:]
            depth, j = 0, i
            while j < n:
                if spec[j] == '"':
                    j = _quoted_end(spec, j)
                    continue
                if spec[j] == "<":
                    depth += 1
                elif spec[j] == ">":
                    depth -= 1
                    if depth == 0:
                        j += 1
                        break
                j += 1
            item = prefix + spec[i:j]
            out.append('"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"')
            i = j
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _quoted_end(text: str, start: int) -> int:
    """The index after the string literal that starts at ``start``."""
    j = start + 1
    while j < len(text) and text[j] != '"':
        j += 2 if text[j] == "\\" else 1
    return min(j + 1, len(text))


def check_option_names(pass_cls: type, name: str, given: Any) -> None:
    """An unknown option is named as the user spelled it, with the valid ones."""

    if not dataclasses.is_dataclass(pass_cls):
        return
    known = [f.name for f in dataclasses.fields(pass_cls)]
    for option in given:
        if option.replace("-", "_") not in known:
            valid = ", ".join(k.replace("_", "-") for k in known) or "none"
            raise MyiaOptError(f"unknown option '{option}' for pass '{name}' (options: {valid})")


def mlir_pipeline(text: str) -> str:
    """The ``-p`` spelling of an MLIR ``--pass-pipeline``: the passes inside
    ``builtin.module(...)``. myia-opt runs every pass on the module (a pass on
    functions walks them all), so nested anchors (``func.func(cse)``) are refused
    rather than silently run on the whole module."""
    match = re.fullmatch(r"\s*builtin\.module\s*\((.*)\)\s*", text, re.DOTALL)
    if match is None:
        anchor = text.split("(", 1)[0].strip() if "(" in text else ""
        shown = f"'{anchor}(...)'" if anchor else repr(text)
        raise MyiaOptError(
            f"--pass-pipeline takes 'builtin.module(pass1,pass2{{opt=1}})', not {shown} "
            "(for a bare list of passes, use -p)"
        )
    inner = match.group(1)
    nested = _nested_anchor(inner)
    if nested is not None:
        raise MyiaOptError(
            f"--pass-pipeline: nested pipelines such as '{nested}(...)' are not supported: "
            "myia-opt runs passes on the module, and each pass walks every function; "
            "list the passes directly in builtin.module(...)"
        )
    return inner


def _nested_anchor(spec: str) -> str | None:
    """The op name before the first ``(`` outside options and strings, if any."""
    braces = 0
    i = 0
    while i < len(spec):
        c = spec[i]
        if c == '"':
            i = _quoted_end(spec, i)
            continue
        if c == "{":
            braces += 1
        elif c == "}":
            braces -= 1
        elif c == "(" and braces == 0:
            return re.split(r"[,\s]", spec[:i].rstrip())[-1] or "("
        i += 1
    return None


def row_name(pass_: ModulePass, index: int, passes: Sequence[ModulePass]) -> str:
    """The timing row of a pass: its name, numbered if it runs more than once."""
    if sum(1 for p in passes if p.name == pass_.name) > 1:
        return f"{pass_.name} #{sum(1 for p in passes[: index + 1] if p.name == pass_.name)}"
    return pass_.name


def close_names(name: str, names: Any) -> str:

    close = difflib.get_close_matches(name, list(names), n=3)
    return ", ".join(f"'{c}'" for c in close)


def pass_options(registry: Registry, name: str) -> str:

    try:
        cls = registry.passes[name]()
        fields = dataclasses.fields(cls)
    except Exception:
        return ""
    parts = []
    for f in fields:
        default = f.default if f.default is not dataclasses.MISSING else None
        shown = str(default).lower() if isinstance(default, bool) else default
        parts.append(
            f"{f.name.replace('_', '-')}={shown}"
            if default is not None
            else f.name.replace("_", "-")
        )
    return " ".join(parts)
