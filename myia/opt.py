"""``myia-opt``: myia's modular optimizer driver, in the style of ``mlir-opt``.

It is xDSL's ``xdsl-opt`` (:class:`xdsl.xdsl_opt_main.xDSLOptMain`) with myia's
registry (:mod:`myia.registry`), plus what ``mlir-opt`` users expect:

* input: textual IR (custom or generic format; ops without ``loc(...)`` get
  their place in the input), or a Python file with ``--entry f`` (imported as
  its own module, its directory first on ``sys.path``, and parsed by
  :func:`myia.frontend.parse`; the entry's annotations give ``myia-infer`` its
  ``args`` when the pipeline gives none, see :mod:`myia.opt_signature`);
* ``-p 'pass1,pass2{opt=1 other=true}'`` pipelines, or MLIR's
  ``--pass-pipeline='builtin.module(pass1,pass2{opt=1})'``; ``--list-passes``;
  ``--load-pass-plugin FILE.py`` (see ``docs/plugins.md``); ``--no-plugins`` (or
  ``MYIA_NO_PLUGINS=1``) skips the installed plugins;
* ``--print-ir-after-all`` / ``--print-ir-before-all`` / ``--print-ir-after=PASS``
  / ``--print-ir-after-change`` / ``--print-ir-after-failure``: the module after
  (before) passes on **stderr**, under ``// -----// IR Dump After <pass> //----- //``,
  as ``mlir-opt`` does, so stdout stays the final output (``-o -`` is stdout);
* ``--timing``: an MLIR-style wall-time report on stderr;
* ``--split-input-file``: chunks separated by ``// -----`` lines are processed
  independently; output chunks are separated the same way;
* ``--verify-diagnostics``: with ``// expected-error {{msg}}`` or
  ``// expected-error @+1 {{msg}}`` annotations (``#`` comments in Python; also
  ``expected-warning`` for the :class:`~myia.errors.MyiaWarning` a pass issues),
  exits 0 only if exactly the expected diagnostics occur at those lines; without
  annotations prints the errors on stdout and exits 0, like ``xdsl-opt``.

Every error a user can cause (unparsable or invalid IR, an unknown pass or pass
option, a missing file, unsupported Python, a broken plugin) is reported as one
``file:line:col: error: message`` paragraph with the source line, and a non-zero
exit status, never as a Python traceback. Errors from passes are reported the
same way; ``--traceback`` shows the Python traceback of internal errors.
"""

from __future__ import annotations

import argparse
import dataclasses
import linecache
import os
import re
import sys
import time
import traceback
import types
import warnings
from collections.abc import Sequence
from io import StringIO
from typing import IO, Any

from xdsl.dialects.builtin import ModuleOp, StringAttr
from xdsl.ir import Operation
from xdsl.passes import ModulePass, PassPipeline
from xdsl.printer import Printer
from xdsl.traits import NoTerminator
from xdsl.utils.arg_spec import parse_pipeline
from xdsl.utils.exceptions import (
    ArgSpecParseError,
    DiagnosticException,
    ParseError,
    VerifyException,
)
from xdsl.xdsl_opt_main import xDSLOptMain

from myia.dominance import Dominance
from myia.errors import MyiaError, MyiaIRError, MyiaWarning, SourceLocation
from myia.opt_diagnostics import parse_expectations, render_error, render_warning
from myia.opt_input import Chunk, LocatingParser, line_col, load_input_module, split_chunks
from myia.opt_pipeline import (
    MyiaOptError,
    check_option_names,
    close_names,
    mlir_pipeline,
    pass_options,
    quote_bracketed_options,
    row_name,
)
from myia.opt_timing import Timer
from myia.registry import Registry, default_registry, exception_location

# ---------------------------------------------------------------------------
# The tool


class MyiaOptMain(xDSLOptMain):
    """The ``myia-opt`` command line tool."""

    version_format = "myia-opt built on xDSL {xdsl_version}"

    def __init__(self, args: Sequence[str] | None = None, registry: Registry | None = None):
        argv = list(sys.argv[1:] if args is None else args)
        early = _preparse(argv)
        if registry is None:
            registry = default_registry(plugins=not early.no_plugins)
        self.registry = registry.copy()
        for path in early.load_pass_plugin:
            self.registry.load_plugin_file(path)
        self.python_module: Any = None
        self.warnings: list[MyiaWarning] = []
        self.after_names: list[frozenset[str]] = []
        self.timer = Timer()
        self.positions: dict[Operation, int] = {}
        self.version_format = f"myia-opt (myia {_myia_version()}) built on xDSL {{xdsl_version}}"
        super().__init__(description="myia modular optimizer driver", args=argv)

    # -- registration (from the registry) --------------------------------------

    def register_all_dialects(self) -> None:
        self.registry.populate(self.ctx)

    def register_all_passes(self) -> None:
        for name, factory in self.registry.passes.items():
            self.register_pass(name, factory)

    def register_all_targets(self) -> None:
        self.available_targets.update(self.registry.targets)

    def register_all_frontends(self) -> None:
        super().register_all_frontends()
        self.available_frontends["py"] = self._python_frontend_placeholder

    @staticmethod
    def _python_frontend_placeholder(io: IO[bytes]) -> ModuleOp:
        raise MyiaOptError("Python input must be a file given by path, with --entry")

    def register_all_arguments(self, arg_parser: argparse.ArgumentParser) -> None:
        super().register_all_arguments(arg_parser)
        for action in arg_parser._actions:
            if action.dest == "passes":
                action.help = (
                    "pass pipeline: 'pass1,pass2{opt=1 other=true}' (see --list-passes); "
                    "named pipelines: 'myia-jit{entry=f}' (what myia.jit compiles: infer, "
                    "grad, the cpu backend's passes), 'myia-cpu{entry=f}', 'myia-cuda{entry=f}'"
                )
            if action.dest == "input_file":
                action.help = "input file: textual IR, or a Python file with --entry"
            if action.dest == "output_file":
                action.help = "output file ('-' or none: stdout)"
            if action.dest == "verify_diagnostics":
                action.help = (
                    "check the errors and the passes' warnings against the input's "
                    "'// expected-error {{message}}' and 'expected-warning' annotations "
                    "('#' comments in Python; '@+1', '@-1', '@above', '@below', '@unknown' "
                    "place them): exit 0 only if exactly the expected diagnostics occur, "
                    "each at its line. Without annotations, print the errors on stdout and "
                    "exit 0"
                )
            if action.dest == "parsing_diagnostics":
                action.help = "print a parsing error on stdout and exit 0"
        arg_parser.add_argument(
            "--pass-pipeline",
            metavar="PIPELINE",
            help="pass pipeline in MLIR's syntax: 'builtin.module(pass1,pass2{opt=1})' "
            "(passes run on the module: nested anchors such as func.func(...) are refused)",
        )
        arg_parser.add_argument(
            "--entry",
            help="the function to parse when the input is a Python file; its parameters' "
            'annotations (x: float, y: "tensor<3xf64>") give myia-infer its args',
        )
        arg_parser.add_argument(
            "--list-passes", action="store_true", help="list the available passes and exit"
        )
        arg_parser.add_argument(
            "--list-dialects", action="store_true", help="list the available dialects and exit"
        )
        arg_parser.add_argument(
            "--print-ir-after-all",
            action="store_true",
            help="print the IR after each pass, on stderr",
        )
        arg_parser.add_argument(
            "--print-ir-before-all",
            action="store_true",
            help="print the IR before each pass, on stderr",
        )
        arg_parser.add_argument(
            "--print-ir-after",
            action="append",
            default=[],
            metavar="PASS",
            help="print the IR after each run of PASS (or of the named pipeline PASS), on "
            "stderr (repeatable, or a comma-separated list)",
        )
        arg_parser.add_argument(
            "--print-ir-after-change",
            action="store_true",
            help="print the IR after a pass only if the pass changed it: alone, after "
            "every pass; with --print-ir-after, after those passes",
        )
        arg_parser.add_argument(
            "--print-ir-after-failure",
            action="store_true",
            help="when a pass fails, print the IR it was given, on stderr (when the IR it "
            "leaves is invalid, that IR)",
        )
        arg_parser.add_argument(
            "--timing", action="store_true", help="report the wall time of each step on stderr"
        )
        arg_parser.add_argument(
            "--load-pass-plugin",
            action="append",
            default=[],
            metavar="FILE.py",
            help="load a Python file that registers passes and dialects (repeatable): its "
            "register(registry) function, or else every pass class it defines; it replaces "
            "installed plugins' passes of the same names",
        )
        arg_parser.add_argument(
            "--no-plugins",
            action="store_true",
            help="do not load the plugins installed under the myia.plugins entry point "
            "group (also: environment variable MYIA_NO_PLUGINS=1)",
        )
        arg_parser.add_argument(
            "--traceback",
            action="store_true",
            help="show the Python traceback of internal errors",
        )

    # -- pipeline ---------------------------------------------------------------

    def setup_pipeline(self) -> None:
        args = self.args
        if args.time_passes:
            args.timing = True
        if args.pass_pipeline is not None:
            if args.passes:
                raise MyiaOptError(
                    "give the pass pipeline with -p or with --pass-pipeline, not both"
                )
            args.passes = mlir_pipeline(args.pass_pipeline)
        spec = quote_bracketed_options(args.passes)
        try:
            specs = list(parse_pipeline(spec))
        except ArgSpecParseError as exc:
            detail = str(exc).replace("Error parsing pass pipeline specification:", "")
            raise MyiaOptError(f"invalid pass pipeline:\n{detail.strip()}") from None
        passes: list[ModulePass] = []
        after_names: list[frozenset[str]] = []
        for pass_spec in specs:
            if pass_spec.name not in self.available_passes:
                raise MyiaOptError(self.unknown_pass(pass_spec.name))
            try:
                pass_cls = self.available_passes[pass_spec.name]()
                check_option_names(pass_cls, pass_spec.name, pass_spec.parameters)
                pass_ = pass_cls.from_pass_spec(pass_spec)
                # A named pipeline (lowering/pipelines.py) runs as its passes, each
                # printed and timed on its own.
                expand = getattr(pass_, "expand", None)
                group = expand() if callable(expand) else [pass_]
            except MyiaError:
                raise
            except Exception as exc:
                raise MyiaOptError(f"invalid options for pass '{pass_spec.name}': {exc}") from None
            passes.extend(group)
            # --print-ir-after=NAME names a pass, or a named pipeline (its last pass).
            after_names.extend(frozenset({p.name}) for p in group)
            if group:
                after_names[-1] |= {pass_spec.name}
        self.pipeline = PassPipeline(tuple(passes))
        self.after_names = after_names
        self.print_after: set[str] = set()
        for item in args.print_ir_after:
            for name in filter(None, (n.strip() for n in item.split(","))):
                if name not in self.available_passes:
                    raise MyiaOptError(f"--print-ir-after: {self.unknown_pass(name)}")
                self.print_after.add(name)

    def unknown_pass(self, name: str) -> str:
        """The error for a pass name nobody registered, with close names, and the
        installed plugins that failed to load (one may have provided it)."""
        close = close_names(name, self.available_passes)
        hint = f" (did you mean {close}?)" if close else " (see --list-passes)"
        return f"unknown pass '{name}'{hint}{self.registry.missing_pass_note()}"

    # -- running ----------------------------------------------------------------

    def run(self) -> int:  # type: ignore[override]
        """Process the input; returns the exit status."""
        args = self.args
        if args.list_passes:
            sys.stdout.write(self.list_passes())
            return 0
        if args.list_dialects:
            sys.stdout.write("".join(f"  {name}\n" for name in sorted(self.registry.dialects)))
            return 0
        name, text, is_python = self.read_input()
        if is_python:
            chunks = [Chunk(text, 0)]
        elif args.split_input_file:
            chunks = split_chunks(text)
        else:
            chunks = [Chunk(text, 0)]
        for chunk in chunks:
            chunk.expectations = parse_expectations(chunk.text, chunk.line_offset)
        check = args.verify_diagnostics and any(c.expectations for c in chunks)
        lenient = (args.verify_diagnostics or args.parsing_diagnostics) and not check

        try:
            output = self.prepare_output()
        except OSError as exc:
            raise MyiaOptError(
                f"cannot write {self.args.output_file}: {exc.strerror or exc}"
            ) from None
        status = 0
        try:
            for index, chunk in enumerate(chunks):
                if index > 0:
                    output.write("// -----\n")
                errors: list[MyiaError] = []
                self.warnings = []
                result = self.process(name, chunk, is_python, errors)
                if result is not None:
                    output.write(result)
                output.flush()
                if check:
                    if not self.check_expectations(name, chunk, errors, self.warnings):
                        status = 1
                    continue
                for warning in self.warnings:
                    sys.stderr.write(render_warning(warning) + "\n")
                if errors:
                    stream = sys.stdout if lenient else sys.stderr
                    for err in errors:
                        stream.write(render_error(err) + "\n")
                    stream.flush()
                    if not lenient:
                        status = 1
        finally:
            if output is not sys.stdout:
                output.close()
        if args.timing:
            sys.stderr.write(self.timer.report())
        return status

    def read_input(self) -> tuple[str, str, bool]:
        """``(name, text, is_python)``; a missing or unreadable file is an error."""
        args = self.args
        path = args.input_file
        is_python = args.frontend == "py" or (
            args.frontend is None and path is not None and path.endswith(".py")
        )
        if path is None or path == "-":
            if is_python:
                raise MyiaOptError("Python input must be a file given by path, with --entry")
            data = sys.stdin.buffer.read()
            name = "<stdin>"
        else:
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError as exc:
                raise MyiaOptError(f"cannot read {path}: {exc.strerror or exc}") from None
            name = path
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MyiaOptError(f"{name} is not UTF-8 text: {exc}") from None
        if is_python and not args.entry:
            raise MyiaOptError(
                f"{name} is a Python file: say which function to parse with --entry NAME"
            )
        if args.entry and not is_python:
            raise MyiaOptError("--entry only applies to Python input files (.py)")
        if name == "<stdin>":
            # So that diagnostics can quote lines read from stdin.
            linecache.cache[name] = (len(text), None, text.splitlines(True), name)
        return name, text, is_python

    def process(
        self, name: str, chunk: Chunk, is_python: bool, errors: list[MyiaError]
    ) -> str | None:
        """Parse, verify, transform and print one chunk; errors go to ``errors``."""
        timer = self.timer
        start = time.perf_counter()
        module = self.parse_python(name) if is_python else self.parse_ir(name, chunk)
        timer.add("Parser", time.perf_counter() - start)
        if isinstance(module, MyiaError):
            errors.append(module)
            return None
        if not self.args.disable_verify:
            start = time.perf_counter()
            found = self.verify(module, name, chunk)
            timer.add("Verifier", time.perf_counter() - start)
            if found:
                errors.extend(found)
                return None
        passes = self.pipeline.passes
        if is_python:
            try:
                passes = self.with_annotated_args(passes)
            except MyiaError as exc:
                errors.append(exc)
                return None
        args = self.args
        for index, pass_ in enumerate(passes):
            if args.print_ir_before_all:
                self.dump(f"// -----// IR Dump Before {pass_.name} //----- //", module)
            given = module.clone() if args.print_ir_after_failure else None
            printed = self.print_after_pass(index, pass_)
            text_before = render(module) if printed and args.print_ir_after_change else None
            start = time.perf_counter()
            failure = self.apply_pass(pass_, module)
            timer.add(row_name(pass_, index, passes), time.perf_counter() - start)
            if failure is not None:
                if given is not None:
                    self.dump(f"// -----// IR Dump Before {pass_.name} (failed) //----- //", given)
                errors.append(failure)
                return None
            if not args.disable_verify:
                start = time.perf_counter()
                found = self.verify(module, name, chunk, after=pass_.name)
                timer.add("Verifier", time.perf_counter() - start)
                if found:
                    if given is not None:
                        header = f"// -----// IR Dump After {pass_.name} (invalid) //----- //"
                        self.dump(header, module)
                    errors.extend(found)
                    return None
            if printed and (text_before is None or render(module) != text_before):
                self.dump(f"// -----// IR Dump After {printed} //----- //", module)
        start = time.perf_counter()
        try:
            text = self.output_resulting_program(module)
        except MyiaError as exc:
            errors.append(exc)
            return None
        except Exception as exc:
            errors.append(self.internal_error(f"target '{self.args.target}'", exc))
            return None
        timer.add("Output", time.perf_counter() - start)
        return text

    def print_after_pass(self, index: int, pass_: ModulePass) -> str | None:
        """The name the IR is printed under after the ``index``-th pass (if it
        changed it, with --print-ir-after-change), or None: the pass's, or that of
        the named pipeline --print-ir-after asked for (after its last pass)."""
        args = self.args
        if args.print_ir_after_all or args.print_between_passes:
            return pass_.name
        if self.print_after:
            if pass_.name in self.print_after:
                return pass_.name
            asked = sorted(self.after_names[index] & self.print_after)
            return asked[0] if asked else None
        return pass_.name if args.print_ir_after_change else None

    def with_annotated_args(self, passes: Sequence[ModulePass]) -> tuple[ModulePass, ...]:
        """``passes``, where those that take ``entry`` and ``args`` (``myia-infer``)
        and were given no ``args`` get them from the entry's annotations."""
        # Lazy: only Python input reads annotations (start-up time).
        from myia.opt_signature import annotated_args

        out = []
        for pass_ in passes:
            options = vars(pass_) if dataclasses.is_dataclass(pass_) else {}
            if "entry" in options and "args" in options and options["args"] is None:
                entry = options["entry"] or self.args.entry
                fn = getattr(self.python_module, entry, None)
                fn = getattr(fn, "__myia_function__", fn)
                if isinstance(fn, types.FunctionType):
                    args = annotated_args(fn, self.ctx)
                    pass_ = dataclasses.replace(pass_, entry=entry, args=args)  # type: ignore[call-arg]
            out.append(pass_)
        return tuple(out)

    def prepare_output(self) -> IO[str]:
        if self.args.output_file == "-":
            return sys.stdout
        return super().prepare_output()

    def parse_ir(self, name: str, chunk: Chunk) -> ModuleOp | MyiaError:
        self.positions = {}
        parser: LocatingParser | None = None
        try:
            # (The parser reads the first token when it is made: a lexing error.)
            parser = LocatingParser(self.ctx, chunk.text, name, self.positions)
            module = parser.parse_module(not self.args.no_implicit_module)
            self.locate_ops(name, chunk)
            return module
        except ParseError as exc:
            message = exc.msg.replace("{first_char}", chunk.text[exc.span.start : exc.span.end])
            return self.located(name, chunk, exc.span.start, message)
        except MyiaError as exc:
            return exc
        except Exception as exc:  # a custom parser or an attribute's own check failed
            message = str(exc).split("\n\n")[0] or type(exc).__name__
            where = parser.current_position() if parser is not None else 0
            return self.located(name, chunk, where, message)

    def locate_ops(self, name: str, chunk: Chunk) -> None:
        """Give each parsed op without a location its place in the input, as
        ``mlir-opt`` does: errors of passes (type errors of ``myia-infer``, run-time
        errors of compiled code) then point at the input's lines."""
        for op, pos in self.positions.items():
            if SourceLocation.from_attr(op.location) is None:
                line, col = line_col(chunk.text, pos)
                op.location = SourceLocation(name, line + chunk.line_offset, col).to_attr()

    def parse_python(self, name: str) -> ModuleOp | MyiaError:
        # Lazy: the frontend loads only for Python inputs (start-up time).
        from myia.frontend import Frontend, parse
        from myia.passes.infer import set_method_resolver

        # myia-infer parses the methods of the input's dataclasses it meets.
        set_method_resolver(Frontend.for_module)

        try:
            module = load_input_module(name)
            self.python_module = module
            fn = getattr(module, self.args.entry, None)
            if fn is None:
                raise MyiaError(f"{name} has no function named '{self.args.entry}'")
            return parse(fn)
        except MyiaError as exc:
            return exc
        except RecursionError as exc:
            return MyiaError(f"{name}: {exc}")
        except Exception as exc:
            location = exception_location(exc)
            message = f"cannot import {name}: {type(exc).__name__}: {exc}"
            if isinstance(exc, AssertionError) or location is None:
                return self.internal_error("the Python frontend", exc)
            return MyiaError(message, location)

    def located(self, name: str, chunk: Chunk, pos: int, message: str) -> MyiaIRError:
        line, col = line_col(chunk.text, pos)
        return MyiaIRError(message, SourceLocation(name, line + chunk.line_offset, col))

    def location_of(self, op: Operation, name: str, chunk: Chunk) -> SourceLocation | None:
        """Where to report an error about ``op``: its place in the input text if it
        was parsed, else its own location (Python source, or ``loc(...)``), else
        its parent's."""
        current: Operation | None = op
        while current is not None:
            pos = self.positions.get(current)
            if pos is not None:
                line, col = line_col(chunk.text, pos)
                return SourceLocation(name, line + chunk.line_offset, col)
            loc = SourceLocation.from_attr(current.location)
            if loc is not None:
                return loc
            current = current.parent_op()
        return None

    def verify(
        self, module: ModuleOp, name: str, chunk: Chunk, after: str | None = None
    ) -> list[MyiaError]:
        """The verification error of the module, at the failing op (empty if the
        module is valid).

        As MLIR's verifier, the first failing op in pre-order is reported: a
        function without a return is reported at the function, not at its last
        op. The module is verified as a whole first (fast path); only when that
        fails are ops verified one by one to find the culprit.
        """
        suffix = f" (after pass '{after}')" if after else ""
        try:
            module.verify()
        except Exception as exc:  # VerifyException, or ValueError for broken IR
            first = exc
        else:
            invisible = Dominance().first_invisible(module)
            if invisible is None:
                return []
            op, index = invisible
            message = (
                f"operand {index} of {op.name} is not defined where it is used (in another "
                "function, later, or in a block that does not dominate this one)"
            )
            return [MyiaIRError(message + suffix, self.location_of(op, name, chunk))]
        culprit: Operation = module
        for op in module.walk():
            try:
                op.verify(verify_nested_ops=False)
                _verify_blocks(op)
            except Exception as exc:
                first, culprit = exc, op
                break
        message = str(first).split("\n\n")[0]
        culprit = _redefinition(culprit, message) or culprit
        return [MyiaIRError(message + suffix, self.location_of(culprit, name, chunk))]

    def apply_pass(self, pass_: ModulePass, module: ModuleOp) -> MyiaError | None:
        """Run a pass; its error, if any. The :class:`MyiaWarning` it issues (an
        analysis pass's findings) are kept for the chunk's diagnostics; other
        warnings are shown as Python shows them."""
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    pass_.apply(self.ctx, module)
                finally:
                    for w in caught:
                        if isinstance(w.message, MyiaWarning):
                            self.warnings.append(w.message)
                        else:
                            warnings.showwarning(
                                w.message, w.category, w.filename, w.lineno, sys.stderr
                            )
        except MyiaError as exc:
            return exc
        except DiagnosticException as exc:
            message = str(exc).split("\n\n")[0]
            return MyiaIRError(f"pass '{pass_.name}' failed: {message}")
        except Exception as exc:
            return self.internal_error(f"pass '{pass_.name}'", exc)
        return None

    def internal_error(self, where: str, exc: BaseException) -> MyiaError:
        """A bug (ours or a plugin's): one paragraph, or the traceback if asked."""
        if self.args.traceback:
            traceback.print_exception(exc, file=sys.stderr)
        message = (
            f"internal error in {where}: {type(exc).__name__}: {exc} "
            "(rerun with --traceback for details)"
        )
        return MyiaError(message, exception_location(exc))

    def dump(self, header: str, module: Operation) -> None:
        """Print the module on stderr, as mlir-opt's --mlir-print-ir-after-all."""
        stream = StringIO()
        printer = Printer(
            stream=stream,
            print_generic_format=self.args.print_op_generic,
            print_debuginfo=self.args.print_debuginfo,
        )
        printer.print_op(module)
        sys.stderr.write(f"{header}\n{stream.getvalue()}\n\n")
        sys.stderr.flush()

    def check_expectations(
        self,
        name: str,
        chunk: Chunk,
        errors: list[MyiaError],
        found_warnings: Sequence[MyiaWarning] = (),
    ) -> bool:
        """MLIR's -verify-diagnostics: every error and warning expected, every
        expectation met."""
        ok = True
        here = _same_file_predicate(name)
        found: list[tuple[str, MyiaError | MyiaWarning]] = [
            *(("error", e) for e in errors),
            *(("warning", w) for w in found_warnings),
        ]
        for kind, err in found:
            loc = err.location
            # The line an annotation must name: None for no location (@unknown);
            # an error in another file (a callee's Python source) matches nothing.
            key: Any = None if loc is None else loc.line if here(loc.filename) else "other"
            match = next(
                (
                    e
                    for e in chunk.expectations
                    if not e.seen and e.kind == kind and e.line == key and e.message in err.message
                ),
                None,
            )
            if match is None:
                ok = False
                where = f"{loc}: " if loc is not None else f"{name}: "
                sys.stderr.write(f"{where}error: unexpected {kind}: {err.message}\n")
            else:
                match.seen = True
        for e in chunk.expectations:
            if not e.seen:
                ok = False
                target = "unknown location" if e.line is None else f"line {e.line}"
                sys.stderr.write(
                    f"{name}:{e.written_at}: error: expected {e.kind} at {target} "
                    f'was not produced: "{e.message}"\n'
                )
        return ok

    def list_passes(self) -> str:
        rows = self.registry.describe_passes()
        width = max((len(n) for n, _ in rows), default=0)
        lines = ["Available passes:"]
        for name, description in rows:
            lines.append(f"  {name.ljust(width)}  {description}".rstrip())
            options = pass_options(self.registry, name)
            if options:
                lines.append(f"  {' ' * width}    options: {options}")
        if self.registry.broken:
            lines.append("Plugins that failed to load (--no-plugins skips them):")
            for plugin, exc in sorted(self.registry.broken.items()):
                where = f" ({exc.location})" if exc.location is not None else ""
                lines.append(f"  {plugin}  (broken) {exc.message}{where}")
        return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Helpers


def _redefinition(table: Operation, message: str) -> Operation | None:
    """The second definition of a symbol a symbol table reports twice, so that
    the error points at it rather than at the (often implicit) module."""
    match = re.match(r'Redefinition of symbol "(.*)"', message)
    if match is None or not table.regions or not table.regions[0].blocks:
        return None
    seen = False
    for op in table.regions[0].block.ops:
        sym = op.properties.get("sym_name") or op.attributes.get("sym_name")
        if isinstance(sym, StringAttr) and sym.data == match.group(1):
            if seen:
                return op
            seen = True
    return None


def _verify_blocks(op: Operation) -> None:
    """The checks ``Block.verify`` makes, without verifying the ops inside."""
    for region in op.regions:
        for block in region.blocks:
            if not block.ops and len(region.blocks) == 1 and not op.has_trait(NoTerminator):
                raise VerifyException(
                    f"{op.name} contains an empty block, which needs at least a terminator"
                )


def _preparse(argv: list[str]) -> argparse.Namespace:
    """--load-pass-plugin and --no-plugins, read before the full command line is
    parsed so that plugin passes and targets are known when the pipeline is
    checked."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--load-pass-plugin", action="append", default=[])
    pre.add_argument("--no-plugins", action="store_true")
    known, _ = pre.parse_known_args(argv)
    return known


def render(module: Operation) -> str:
    """The module as text (to tell whether a pass changed it)."""
    stream = StringIO()
    Printer(stream=stream).print_op(module)
    return stream.getvalue()


def _myia_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("myia")
    except PackageNotFoundError:
        return "unknown"


def _same_file_predicate(name: str):
    real = os.path.realpath(name) if not name.startswith("<") else name

    def same(filename: str) -> bool:
        if filename == name:
            return True
        return not filename.startswith("<") and os.path.realpath(filename) == real

    return same


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``myia-opt`` script; returns the exit status."""
    try:
        tool = MyiaOptMain(args=argv)
        return tool.run()
    except MyiaError as exc:
        sys.stderr.write(f"myia-opt: {render_error(exc)}\n")
        return 1
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
