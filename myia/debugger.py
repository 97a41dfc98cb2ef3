"""``myia.debug(f)(*args)``: run ``f`` under a step debugger with pdb's
commands, at the user's source lines, through the reverse phase of gradients.

The function is inferred for the arguments' types and run on the reference
interpreter, whose ``on_step`` hook sees every op with its location; an op on
another line (or in another call) than the previous one is a *line event*,
where the debugger may stop. Gradients are expanded in reverse mode (so that
there is a reverse phase to step through) with their sensitivities named
``grad_<variable>``: at a stop in a backpropagator, the stop is at the line of
the forward code it differentiates, marked ``[reverse]``, and ``print
grad(h)`` shows the sensitivity of ``h``.
"""

from __future__ import annotations

import linecache
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from xdsl.ir import BlockArgument, Operation

from myia.api import GradFunction, JitFunction, load_compiler
from myia.dialects.types import type_str
from myia.errors import MyiaError, SourceLocation
from myia.passes.grad.phases import BACKPROPAGATOR
from myia.runtime.interpreter import Frame, Interpreter

HELP = """\
Commands (pdb's):
  s(tep)                 run to the next line, entering calls
  n(ext)                 run to the next line of this function (or its caller)
  r(eturn), finish       run until this function returns
  c(ont(inue))           run to the next breakpoint
  b(reak) [FILE:]LINE    stop at a line (no argument: list the breakpoints)
  b(reak) -grad [FILE:]LINE
                         stop at a line only in the reverse phase of a gradient
  cl(ear)                remove every breakpoint
  w(here), bt            the user functions running, innermost last
  l(ist)                 the source around the current line
  p(rint) EXPR           a variable (x, grad(x) in the reverse phase) or an
                         expression of them, with its type
  a(rgs), locals         the arguments / every variable, with types
  q(uit)                 stop the program
  h(elp)                 this text"""


class DebuggerQuit(MyiaError):
    """The user quit the debugger (``quit``)."""


@dataclass(frozen=True)
class Breakpoint:
    filename: str
    line: int
    reverse_only: bool = False

    def __str__(self) -> str:
        return f"{self.filename}:{self.line}" + (
            " (reverse phase only)" if self.reverse_only else ""
        )


@dataclass
class _Event:
    """Where the program is: a line of a user function, at a depth of user calls."""

    frame: Frame
    location: SourceLocation
    user: str
    reverse: bool
    depth: int
    stack: list[tuple[str, SourceLocation | None]] = field(default_factory=list)

    def key(self) -> tuple[Any, ...]:
        return (self.depth, self.user, self.location.filename, self.location.line, self.reverse)


class Debugger:
    """The command loop and the stepping state of one run."""

    def __init__(self, default_file: str, stdin: TextIO, stdout: TextIO):
        self.default_file = default_file
        self.stdin = stdin
        self.stdout = stdout
        self.breakpoints: list[Breakpoint] = []
        self.mode = "step"  # stop at the first line, as pdb does
        self.depth = 0
        self.last: tuple[Any, ...] | None = None
        self.interpreter: Interpreter | None = None

    def say(self, text: str) -> None:
        self.stdout.write(text + "\n")

    # -- the interpreter's hook ----------------------------------------------------

    def on_step(self, frame: Frame, op: Operation) -> None:
        location = SourceLocation.from_attr(op.location)
        if location is None or location.line <= 0 or WRAPPER.search(frame.code.symbol):
            return
        assert self.interpreter is not None
        stack = self.interpreter.user_stack(frame)
        stack = [(user, loc) for user, loc in stack if not WRAPPER.search(user)]
        reverse = bool(BACKPROPAGATOR.search(frame.code.symbol))
        event = _Event(frame, location, frame.code.user, reverse, len(stack), stack)
        if event.key() == self.last:
            return
        self.last = event.key()
        if self.should_stop(event):
            self.stop(event)

    def should_stop(self, event: _Event) -> bool:
        if any(self.hits(b, event) for b in self.breakpoints):
            return True
        if self.mode == "step":
            return True
        if self.mode == "next":
            return event.depth <= self.depth
        if self.mode == "return":
            return event.depth < self.depth
        return False

    @staticmethod
    def hits(b: Breakpoint, event: _Event) -> bool:
        return (
            event.location.line == b.line
            and _same_file(event.location.filename, b.filename)
            and (event.reverse or not b.reverse_only)
        )

    # -- a stop: the command loop ----------------------------------------------------

    def stop(self, event: _Event) -> None:
        self.show(event)
        while True:
            self.stdout.write("(myia-pdb) ")
            self.stdout.flush()
            line = self.stdin.readline()
            if not line:  # end of input: let the program finish
                self.mode = "continue"
                return
            command, _, argument = line.strip().partition(" ")
            argument = argument.strip()
            if command in (
                "s",
                "step",
                "n",
                "next",
                "r",
                "return",
                "finish",
                "c",
                "cont",
                "continue",
            ):
                self.mode = {"s": "step", "n": "next", "r": "return", "finish": "return",
                             "c": "continue", "cont": "continue"}.get(command, command)  # fmt: skip
                self.depth = event.depth
                return
            if command in ("q", "quit", "exit"):
                raise DebuggerQuit("quit")
            self.command(command, argument, event)

    def command(self, command: str, argument: str, event: _Event) -> None:
        if command in ("b", "break", "tbreak"):
            self.set_break(argument)
        elif command in ("cl", "clear"):
            self.breakpoints.clear()
            self.say("Deleted all breakpoints")
        elif command in ("w", "where", "bt"):
            for i, (user, loc) in enumerate(event.stack):
                mark = "> " if i == len(event.stack) - 1 else "  "
                phase = " [reverse]" if BACKPROPAGATOR.search(user) else ""
                self.say(f"{mark}{_where(loc)}{_user_name(user)}(){phase}")
        elif command in ("l", "list"):
            self.list_source(event)
        elif command in ("p", "print", "pp"):
            self.print_expression(argument, event)
        elif command in ("a", "args"):
            for name, (value, kind) in self.variables(event, arguments_only=True).items():
                self.say(f"{name} = {value!r} :: {kind}")
        elif command == "locals":
            for name, (value, kind) in self.variables(event).items():
                self.say(f"{name} = {value!r} :: {kind}")
        elif command in ("h", "help"):
            self.say(HELP)
        elif command:
            self.say(f"*** unknown command {command!r} (help lists the commands)")

    def show(self, event: _Event) -> None:
        phase = " [reverse]" if event.reverse else ""
        loc = event.location
        self.say(f"> {loc.filename}({loc.line}){_user_name(event.user)}(){phase}")
        text = loc.source_line()
        if text is not None:
            self.say(f"-> {text.strip()}")

    def set_break(self, argument: str) -> None:
        if not argument:
            for i, b in enumerate(self.breakpoints, 1):
                self.say(f"{i}: {b}")
            return
        reverse_only = argument.startswith("-grad")
        spec = argument.removeprefix("-grad").strip()
        filename, _, line = spec.rpartition(":")
        try:
            number = int(line)
        except ValueError:
            self.say(f"*** break: expected [FILE:]LINE, not {spec!r}")
            return
        b = Breakpoint(filename or self.default_file, number, reverse_only)
        self.breakpoints.append(b)
        self.say(f"Breakpoint {len(self.breakpoints)} at {b}")

    def list_source(self, event: _Event) -> None:
        loc = event.location
        for n in range(max(1, loc.line - 5), loc.line + 6):
            text = linecache.getline(loc.filename, n)
            if not text:
                break
            marks = (
                "B"
                if any(
                    b.line == n and _same_file(loc.filename, b.filename) for b in self.breakpoints
                )
                else " "
            )
            arrow = "->" if n == loc.line else "  "
            self.say(f"{n:4d} {marks}{arrow} {text.rstrip()}")

    def variables(self, event: _Event, arguments_only: bool = False) -> dict[str, tuple[Any, str]]:
        """The named values the current user function has computed, with their
        inferred types (``grad_h`` is the sensitivity of ``h``): those of the
        machine's frame, then of the frames of the same function that called
        it (its branches and loops are functions the frontend made)."""
        assert self.interpreter is not None
        frame = event.frame
        frames = [(frame.code, frame.env, frame.index)]
        for caller in reversed(self.interpreter.callers()):
            code, pc = caller.code, caller.index
            if code.user != frame.code.user or not code.continues[pc]:
                break
            frames.append((code, caller.env, pc))
        out: dict[str, tuple[Any, str]] = {}
        for code, env, index in frames:
            done = {id(op) for op in code.ops[:index]}
            for ssa, slot in code.slots.items():
                name = ssa.name_hint
                if name is None or name in out or slot >= len(env):
                    continue
                if isinstance(ssa, BlockArgument) or (not arguments_only and id(ssa.owner) in done):
                    out[name] = (env[slot], type_str(ssa.type))
            if arguments_only:
                break
        return out

    def print_expression(self, expression: str, event: _Event) -> None:
        variables = self.variables(event)
        source = re.sub(r"\bgrad\((\w+)\)", r"grad_\1", expression)
        single = re.fullmatch(r"\w+", source)
        if single and source in variables:
            value, kind = variables[source]
            self.say(f"{expression} = {value!r} :: {kind}")
            return
        try:
            value = eval(source, {"__builtins__": {}}, {n: v for n, (v, _) in variables.items()})
        except NameError as exc:
            missing = str(exc).split("'")[1] if "'" in str(exc) else expression
            if missing.startswith("grad_"):
                where = "here" if event.reverse else "in the forward pass"
                self.say(
                    f"*** no gradient of {missing[5:]!r} {where} (it has one in the reverse phase, at or before its line)"
                )
            else:
                self.say(f"*** name {missing!r} is not defined here")
            return
        except Exception as exc:
            self.say(f"*** {type(exc).__name__}: {exc}")
            return
        self.say(f"{expression} = {value!r}")


def _same_file(a: str, b: str) -> bool:
    return a == b or a.endswith("/" + b) or b.endswith("/" + a)


def _where(loc: SourceLocation | None) -> str:
    return f"{loc.filename}({loc.line})" if loc is not None else "?"


TRANSFORMED = re.compile(r"(?:\.(?:J|bprop|jvp)(?:_\d+)?(?:\.at)?(?:_\d+)?)+$")
"""The suffixes of the functions myia-grad makes from a user function."""

WRAPPER = re.compile(r"\.grad(?:_entry)?(?:_\d+)?$")
"""The functions that call a gradient (``myia.grad(f)`` itself): no user code."""


def _user_name(user: str) -> str:
    """The user's function a symbol stands for (``f`` for ``f.J``, ``f.bprop``)."""
    return TRANSFORMED.sub("", user)


class DebugFunction:
    """``myia.debug(f)``: calling it runs ``f`` under the debugger."""

    def __init__(self, fn: Any, stdin: TextIO | None, stdout: TextIO | None):
        self._jit = fn._jit if isinstance(fn, GradFunction) else fn
        if not isinstance(self._jit, JitFunction):
            self._jit = JitFunction(getattr(fn, "__myia_function__", fn), "interp")
        self.stdin = stdin
        self.stdout = stdout

    def __call__(self, *args: Any) -> Any:
        jitted = self._jit
        compiler = load_compiler()
        jitted._parse()
        signature = jitted.abstract_signature(args, f"myia.debug({jitted.__name__})")
        typed, entry = compiler.specialize(
            jitted.module, jitted.entry, signature, jitted._frontend,
            forward="never", name_sensitivities=True,
        )  # fmt: skip
        code = jitted.__myia_function__.__code__
        debugger = Debugger(code.co_filename, self.stdin or sys.stdin, self.stdout or sys.stdout)
        interpreter = Interpreter(typed, jitted._frontend, on_step=debugger.on_step)
        debugger.interpreter = interpreter
        try:
            return interpreter.call(entry, *args)
        except DebuggerQuit:
            debugger.say("(quit)")
            return None


def debug(
    fn: Callable[..., Any], *, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> DebugFunction:
    """``myia.debug(f)(*args)``: run ``f`` (a function, ``jit`` or ``grad``
    function) under the step debugger, reading pdb's commands from ``stdin``
    and writing to ``stdout`` (the terminal's by default); docs/user_guide.md,
    Debugging, has a session."""
    return DebugFunction(fn, stdin, stdout)
