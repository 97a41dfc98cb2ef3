"""``myia.profile(f)``: where native code spends its time, per source line and
per function, by sampling.

``f`` is compiled for the ``cpu`` backend with the ``profile`` option: its code
stores the number of the source line it is at in a global, once where the line
changes (``lowering/profile_lines.py``), and while a call runs a thread reads
that global every ``interval`` seconds (a native thread: runtime/profiler.py). A line's time is
its share of the samples times the time of the calls. The stores cost little
(see docs/user_guide.md); optimizations still move code between lines, as
with any profiler of optimized code. The function of a line is the Python
function whose source holds it (after inlining, one native function runs the
code of many).
"""

from __future__ import annotations

import ast
import functools
import linecache
from collections import Counter
from pathlib import Path
from typing import Any

from myia.api import GradFunction, JitFunction, grad, jit, value_and_grad
from myia.errors import MyiaError
from myia.lowering.profile_lines import profile_sites_of
from myia.runtime.profiler import Sampler


class ProfileReport:
    """Seconds of native code per line (``"file:line"``) and per function."""

    def __init__(self, lines: dict[str, float], seconds: float, samples: int, name: str):
        self.lines = dict(sorted(lines.items(), key=lambda kv: -kv[1]))
        self.seconds = seconds
        self.samples = samples
        self.name = name
        functions: Counter[str] = Counter()
        for where, spent in self.lines.items():
            functions[enclosing_function(*_split(where))] += spent
        self.functions = dict(functions.most_common())

    def table(self, limit: int = 20) -> str:
        total = sum(self.lines.values()) or 1.0
        out = [
            f"myia.profile of {self.name}: {self.samples} samples, {self.seconds:.3f} s in "
            f"calls, {sum(self.lines.values()):.3f} s attributed",
            "",
            "   seconds      %  line",
        ]
        for where, spent in list(self.lines.items())[:limit]:
            filename, line = _split(where)
            text = (linecache.getline(filename, line) or "").strip()
            short = f"{Path(filename).name}:{line}"
            out.append(f"{spent:10.4f} {100 * spent / total:6.1f}  {short:<20} {text}")
        out += ["", "   seconds      %  function"]
        for function, spent in self.functions.items():
            out.append(f"{spent:10.4f} {100 * spent / total:6.1f}  {function}")
        return "\n".join(out)

    def __str__(self) -> str:
        return self.table()

    def write_flame_graph(self, path: str | Path) -> Path:
        """A flame graph of the samples: SVG for ``.svg``, else the folded
        stacks (``function;file:line count``) that flamegraph.pl, speedscope
        and inferno read."""
        path = Path(path)
        stacks = {}
        for where, spent in self.lines.items():
            filename, line = _split(where)
            stacks[f"{enclosing_function(filename, line)};{Path(filename).name}:{line}"] = spent
        if path.suffix == ".svg":
            path.write_text(_svg(stacks, self.name))
        else:
            path.write_text(
                "".join(f"{stack} {round(spent * 1e6)}\n" for stack, spent in stacks.items())
            )
        return path


class Profile:
    """A function compiled to be profiled: calling it runs it (on the ``cpu``
    backend) and samples where it spends its time; :meth:`report` sums the
    calls so far."""

    def __init__(self, fn: Any, interval: float):
        self.interval = interval
        self.name = getattr(fn, "__qualname__", repr(fn))
        options = {"profile": True}
        if isinstance(fn, GradFunction):
            make = value_and_grad if fn.__myia_grad__[2] else grad
            self._fn: Any = make(fn.__myia_grad__[0], fn.__myia_grad__[1], backend_options=options)
            self._jit: JitFunction = self._fn._jit
        else:
            self._fn = self._jit = jit(
                getattr(fn, "__myia_function__", fn), backend_options=options
            )
        self.lines: Counter[str] = Counter()
        self.samples = 0
        self.seconds = 0.0

    def __call__(self, *args: Any) -> Any:
        run = self._jit._compile_for(args)  # compiled first: compiling is not profiled
        sites = profile_sites_of(run.lowered)
        with Sampler(len(sites), self.interval) as sampler:
            result = run(*args)
        samples = sampler.samples
        self.samples += samples
        self.seconds += sampler.seconds
        per_sample = sampler.seconds / max(samples, 1)
        for site, count in enumerate(sampler.counts):
            if site and count:
                filename, line, _ = sites[site - 1].rsplit(":", 2)
                self.lines[f"{filename}:{line}"] += count * per_sample
        return result

    def report(self) -> ProfileReport:
        return ProfileReport(dict(self.lines), self.seconds, self.samples, self.name)


def profile(fn: Any, *, interval: float = 0.0005) -> Profile:
    """``myia.profile(f)``: ``f`` (a function, ``jit`` or ``grad`` function)
    compiled for the ``cpu`` backend to be profiled; call it as ``f``, then
    ``.report()`` gives the seconds per source line and per function (print it
    for a table; ``.write_flame_graph(path)``)."""
    if interval <= 0:
        raise MyiaError(f"profile: interval is a positive number of seconds, not {interval}")
    return Profile(fn, interval)


def _split(where: str) -> tuple[str, int]:
    filename, line = where.rsplit(":", 1)
    return filename, int(line)


def enclosing_function(filename: str, line: int) -> str:
    """The qualified name of the innermost Python function whose source holds
    ``line`` (``<module>`` outside any; the file's name if it is not Python)."""
    for first, last, name in _functions_of(filename):
        if first <= line <= last:
            return name
    return "<module>" if filename.endswith(".py") else Path(filename).name


@functools.cache
def _functions_of(filename: str) -> list[tuple[int, int, str]]:
    """The (first line, last line, qualified name) of each function of a Python
    file, innermost first."""
    try:
        tree = ast.parse("".join(linecache.getlines(filename)))
    except SyntaxError:
        return []
    found: list[tuple[int, int, str]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    found.append((child.lineno, child.end_lineno or child.lineno, name))
                visit(child, f"{name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return sorted(found, key=lambda f: f[1] - f[0])


def _svg(stacks: dict[str, float], title: str) -> str:
    """An icicle flame graph of two levels (function, then line), widths
    proportional to time."""
    width, row = 1200.0, 18
    total = sum(stacks.values()) or 1.0
    by_function: dict[str, list[tuple[str, float]]] = {}
    for stack, spent in stacks.items():
        function, where = stack.split(";", 1)
        by_function.setdefault(function, []).append((where, spent))
    rects = []
    x = 0.0
    for function, lines in sorted(by_function.items(), key=lambda kv: -sum(s for _, s in kv[1])):
        spent = sum(s for _, s in lines)
        w = width * spent / total
        rects.append((x, row + 4, w, function, spent, "#e8743b"))
        lx = x
        for where, s in sorted(lines, key=lambda kv: -kv[1]):
            lw = width * s / total
            rects.append((lx, 2 * row + 6, lw, where, s, "#f2b134"))
            lx += lw
        x += w
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{3 * row + 12}" '
        'font-family="monospace" font-size="11">',
        f'<text x="4" y="{row - 4}">{_escape(title)}: {total:.4f} s</text>',
    ]
    for rx, ry, rw, label, spent, color in rects:
        parts.append(
            f"<g><title>{_escape(label)}: {spent:.4f} s ({100 * spent / total:.1f}%)</title>"
            f'<rect x="{rx:.1f}" y="{ry}" width="{max(rw - 1, 0.5):.1f}" height="{row - 2}" fill="{color}"/>'
            f'<text x="{rx + 3:.1f}" y="{ry + row - 6}">{_escape(label if rw > 60 else "")}</text></g>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
