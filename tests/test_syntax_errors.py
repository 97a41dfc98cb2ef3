"""Python the frontend rejects, and type errors it finds at parse time.

Each offending function below marks the offending line with ``# <-- here``. The
tests check that ``myia.frontend.parse`` raises the right :class:`myia.MyiaError`,
located at that line (and at the column where ``token`` starts), and that the
message renders like Python's own errors: ``file:line:col: message``, the source
line, a caret under the column, and no traceback or internal exception.
"""

# ruff: noqa: F821, UP, PIE790, RET, B015
from __future__ import annotations

import inspect
import linecache
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from myia import MyiaError, MyiaSyntaxError, MyiaTypeError
from myia.frontend import parse

MARKER = "# <-- here"
THIS_FILE = Path(__file__).resolve()


# ---------------------------------------------------------------------------
# Checking an error


def marker_line(fn: Callable[..., Any]) -> int:
    """The line of ``fn``'s source (in this file) that carries the marker."""
    lines, first = inspect.getsourcelines(fn)
    hits = [first + i for i, text in enumerate(lines) if MARKER in text]
    assert len(hits) == 1, f"{fn.__qualname__} must mark exactly one line"
    return hits[0]


def check_error(
    fn: Callable[..., Any],
    error_type: type[MyiaError],
    token: str,
    fragment: str,
    marked: Callable[..., Any] | None = None,
) -> MyiaError:
    """``parse(fn)`` raises ``error_type`` at the marked line (of ``marked``, by
    default ``fn``), at the column where ``token`` starts, with ``fragment`` in its
    message, rendered for a user."""
    with pytest.raises(MyiaError) as info:
        parse(fn)
    err = info.value
    assert type(err) is error_type, f"{type(err).__name__} instead of {error_type.__name__}: {err}"
    loc = err.location
    assert loc is not None, f"no location: {err}"
    assert Path(loc.filename).resolve() == THIS_FILE
    line = marker_line(marked or fn)
    assert loc.line == line, f"line {loc.line} instead of {line}: {err}"
    source = linecache.getline(str(THIS_FILE), line).rstrip("\n")
    assert source[loc.column :].startswith(token), (
        f"column {loc.column + 1} points at {source[loc.column :]!r}, not at {token!r}"
    )
    assert fragment.lower() in err.message.lower(), f"{fragment!r} not in {err.message!r}"

    text = str(err)
    assert f"{loc.filename}:{line}:{loc.column + 1}" in text
    stripped = source.lstrip()
    indent = len(source) - len(stripped)
    caret = " " * (4 + loc.column - indent) + "^"
    assert f"\n    {stripped}\n{caret}" in text, (
        f"no source line with a caret under column:\n{text}"
    )
    for leak in ("Traceback", 'File "', "parser.py", "Error:"):
        assert leak not in text, f"{leak!r} leaks into the message:\n{text}"
    assert err.__cause__ is None, f"raised from {err.__cause__!r}"
    assert err.__context__ is None or err.__suppress_context__, (
        f"raised while handling {err.__context__!r}"
    )
    return err


# ---------------------------------------------------------------------------
# Offending functions: statements


def f_try(x):
    try:  # <-- here
        y = 1 / x
    except ZeroDivisionError:
        y = 0
    return y


def f_with(x):
    with x:  # <-- here
        y = x
    return y


COUNTER = 0


def f_global(x):
    global COUNTER  # <-- here
    return x + COUNTER


def f_nonlocal(x):
    def bump():
        nonlocal x  # <-- here
        x = x + 1
        return x

    return bump()


def f_yield(x):
    yield x  # <-- here


def f_yield_value(x):
    y = yield x  # <-- here
    return y


def f_yield_from(x):
    yield from x  # <-- here


async def f_async(x):  # <-- here
    return x


async def f_await(x):  # <-- here
    return await x


def f_async_nested(x):
    async def inner():  # <-- here
        return x

    return x


def f_import(x):
    import math  # <-- here

    return math.sin(x)


def f_import_from(x):
    from math import sin  # <-- here

    return sin(x)


def f_class(x):
    class Box:  # <-- here
        pass

    return x


def f_item_assign(x):
    x[0] = 1  # <-- here
    return x


def f_attr_assign(p):
    p.x = 1  # <-- here
    return p


def f_aug_item_assign(x):
    x[0] += 1  # <-- here
    return x


def f_aug_attr_assign(p):
    p.x += 1  # <-- here
    return p


def f_del(x):
    y = x
    del y  # <-- here
    return x


def f_raise(x):
    if x < 0:
        raise ValueError("negative")  # <-- here
    return x


def f_assert(x):
    assert x > 0  # <-- here
    return x


def f_print_stmt(x):
    print(x)  # <-- here
    return x


def helper(x):
    return x + 1


def f_call_stmt(x):
    helper(x)  # <-- here
    return x


def f_expr_stmt(x):
    x + 1  # <-- here
    return x


def f_print_in_branch(x):
    if x < 0:
        print(x)  # <-- here
    return x


def f_match(x):
    match x:  # <-- here
        case 0:
            return 1
        case _:
            return 2


def f_starred_assign(t):
    a, *rest = t  # <-- here
    return a


def f_decorated_nested(x):
    @staticmethod  # <-- here
    def inner(v):
        return v

    return inner(x)


# ---------------------------------------------------------------------------
# Offending functions: expressions


def f_print_in_expr(x):
    y = print(x)  # <-- here
    return y


def f_fstring(x):
    return f"{x}"  # <-- here


def f_dict(x):
    return {"a": x}  # <-- here


def f_set(x):
    return {x, 1}  # <-- here


def f_list_append_param(xs):
    xs.append(1)  # <-- here
    return xs


def f_list_append_captured(x):
    acc = [x]

    def add(y):
        acc.append(y)  # <-- here
        return y

    return add(1)


def f_list_append_alias(x):
    a = [x]
    b = a
    a.append(x)  # <-- here
    return b


def f_list_append_not_built(t):
    a = t[0]
    a.append(1)  # <-- here
    return a


def f_list_starred(t):
    return [*t, 1]  # <-- here


def f_set_comp(t):
    return {v for v in t}  # <-- here


def f_dict_comp(t):
    return {v: v for v in t}  # <-- here


def f_genexp(t):
    g = (v + 1 for v in t)  # <-- here
    return g


def f_walrus(x):
    if (y := x + 1) > 2:  # <-- here
        return y
    return x


def f_varargs_def(*args):  # <-- here
    return args


def f_kwargs_def(x, **kwargs):  # <-- here
    return x


def f_varargs_lambda(x):
    g = lambda *a: a  # <-- here
    return g(x)


def f_varargs_call(t):
    return helper(*t)  # <-- here


def f_kwargs_call(d):
    return helper(**d)  # <-- here


# ---------------------------------------------------------------------------
# Offending functions: names


def f_undefined_name(x):
    return x + undefined_name  # <-- here


MODULE_LIST = [1, 2, 3]
MODULE_OBJECT = object()


class NotADataclass:
    pass


def f_global_list(x):
    return x + MODULE_LIST[0]  # <-- here


def f_global_object(x):
    return MODULE_OBJECT  # <-- here


def f_plain_class(x):
    return NotADataclass()  # <-- here


def f_unsupported_builtin(t):
    return sum(t)  # <-- here


def f_unsupported_math(x):
    return math.comb(x, 2)  # <-- here


def f_open(x):
    return open(x)  # <-- here


def f_calls_bad_helper(x):
    return bad_helper(x) + 1


def bad_helper(x):
    return {x}  # <-- here


def helper_list_default(x, k=MODULE_LIST):  # <-- here
    return x


def f_unsupported_default(x):
    return helper_list_default(x)


# ---------------------------------------------------------------------------
# Offending functions: type errors found at parse time


def two(a, b):
    return a + b


def two_default(a, b=1, *, c=2):
    return a + b + c


@dataclass
class Pair:
    first: int
    second: int = 0


def f_too_many_args(x):
    return two(x, x, x)  # <-- here


def f_missing_arg(x):
    return two(x)  # <-- here


def f_unknown_keyword(x):
    return two_default(x, d=3)  # <-- here


def f_multiple_values(x):
    return two_default(x, a=3)  # <-- here


def f_missing_field(x):
    return Pair(second=x)  # <-- here


def f_unknown_field(x):
    return Pair(x, third=x)  # <-- here


def f_too_many_fields(x):
    return Pair(x, x, x)  # <-- here


def f_builtin_arity(t):
    return len(t, t)  # <-- here


def f_nested_arity(x):
    def inner(a):
        return a

    return inner(x, x)  # <-- here


def f_keyword_to_value(x):
    g = lambda a, b=1: a - b
    h = g
    return h(b=x, a=2)


def f_late_binding(x):
    fs = (lambda: x,)  # <-- here
    x = x + 1
    return fs[0]()


def f_late_binding_def(x):
    def g():
        return x * 10

    h = g  # <-- here
    x = x * 2
    return h()


# ---------------------------------------------------------------------------
# The tests


SYNTAX_ERRORS: list[tuple[str, Callable[..., Any], str, str]] = [
    # (id, function, token under the caret, fragment of the message)
    ("try", f_try, "try", "try"),
    ("with", f_with, "with", "with"),
    ("global", f_global, "global", "global"),
    ("nonlocal", f_nonlocal, "nonlocal", "nonlocal"),
    ("yield", f_yield, "yield", "yield"),
    ("yield-value", f_yield_value, "yield", "yield"),
    ("yield-from", f_yield_from, "yield from", "yield from"),
    ("async-def", f_async, "async def", "async"),
    ("await", f_await, "async def", "async"),
    ("async-def-nested", f_async_nested, "async def", "async"),
    ("import", f_import, "import", "import"),
    ("import-from", f_import_from, "from", "import"),
    ("class", f_class, "class", "class"),
    ("item-assignment", f_item_assign, "x[0]", "item assignment"),
    ("attribute-assignment", f_attr_assign, "p.x", "attribute assignment"),
    ("augmented-item-assignment", f_aug_item_assign, "x[0]", "item assignment"),
    ("augmented-attribute-assignment", f_aug_attr_assign, "p.x", "attribute assignment"),
    ("del", f_del, "del", "del"),
    ("raise", f_raise, "raise", "raise"),
    ("assert", f_assert, "assert", "assert"),
    ("effect-call-print", f_print_stmt, "print(x)", "side effect"),
    ("effect-call", f_call_stmt, "helper(x)", "side effect"),
    ("effect-call-in-branch", f_print_in_branch, "print(x)", "side effect"),
    ("unused-expression", f_expr_stmt, "x + 1", "unused"),
    ("match", f_match, "match", "match"),
    ("starred-assignment", f_starred_assign, "*rest", "starred"),
    ("decorated-nested-def", f_decorated_nested, "staticmethod", "decorator"),
    ("print-in-expression", f_print_in_expr, "print", "print"),
    ("f-string", f_fstring, 'f"', "f-string"),
    ("dict", f_dict, "{", "dict"),
    ("set", f_set, "{", "set"),
    ("list-append-parameter", f_list_append_param, "xs.append", "the caller passed"),
    ("list-append-captured", f_list_append_captured, "acc.append", "enclosing function"),
    ("list-append-alias", f_list_append_alias, "a.append", "another name"),
    ("list-append-not-built", f_list_append_not_built, "a.append", "builds itself"),
    ("list-starred", f_list_starred, "*t", "starred"),
    ("set-comprehension", f_set_comp, "{", "set comprehension"),
    ("dict-comprehension", f_dict_comp, "{", "dict comprehension"),
    ("generator-expression", f_genexp, "(v + 1", "generator"),
    ("walrus", f_walrus, "y :=", ":="),
    ("varargs-def", f_varargs_def, "args", "*args"),
    ("kwargs-def", f_kwargs_def, "kwargs", "**kwargs"),
    ("varargs-lambda", f_varargs_lambda, "a", "*args"),
    ("varargs-call", f_varargs_call, "*t", "*args"),
    ("kwargs-call", f_kwargs_call, "d", "**kwargs"),
    ("undefined-name", f_undefined_name, "undefined_name", "undefined_name"),
    ("global-list", f_global_list, "MODULE_LIST", "MODULE_LIST"),
    ("global-object", f_global_object, "MODULE_OBJECT", "MODULE_OBJECT"),
    ("plain-class", f_plain_class, "NotADataclass", "dataclass"),
    ("unsupported-builtin", f_unsupported_builtin, "sum", "sum"),
    ("unsupported-math-function", f_unsupported_math, "math.comb", "math.comb"),
    ("effectful-builtin", f_open, "open", "side effects"),
]

TYPE_ERRORS: list[tuple[str, Callable[..., Any], str, str]] = [
    ("too-many-arguments", f_too_many_args, "two(", "takes 2 positional"),
    ("missing-argument", f_missing_arg, "two(", "missing required argument 'b'"),
    ("unknown-keyword", f_unknown_keyword, "two_default(", "unexpected keyword argument 'd'"),
    ("multiple-values", f_multiple_values, "two_default(", "multiple values for argument 'a'"),
    ("missing-dataclass-field", f_missing_field, "Pair(", "missing field 'first'"),
    ("unknown-dataclass-field", f_unknown_field, "Pair(", "no field 'third'"),
    ("too-many-dataclass-fields", f_too_many_fields, "Pair(", "takes 2 field"),
    ("builtin-arity", f_builtin_arity, "len(", "len() takes 1"),
    ("nested-function-arity", f_nested_arity, "inner(", "takes 1 positional"),
]

#: Constructs whose error is known not to be right yet (none at present).
FRONTEND_BUGS: dict[str, str] = {}


def _params(table: list[tuple[str, Callable[..., Any], str, str]]) -> list[Any]:
    return [
        pytest.param(
            fn,
            token,
            fragment,
            id=ident,
            marks=[pytest.mark.xfail(reason=FRONTEND_BUGS[ident], strict=True)]
            if ident in FRONTEND_BUGS
            else [],
        )  # fmt: skip
        for ident, fn, token, fragment in table
    ]


@pytest.mark.parametrize(("fn", "token", "fragment"), _params(SYNTAX_ERRORS))
def test_rejected(fn, token, fragment):
    check_error(fn, MyiaSyntaxError, token, fragment)


@pytest.mark.parametrize(("fn", "token", "fragment"), _params(TYPE_ERRORS))
def test_type_error_at_parse_time(fn, token, fragment):
    check_error(fn, MyiaTypeError, token, fragment)


def test_error_in_called_function():
    """An error in a function the entry calls points into that function."""
    check_error(f_calls_bad_helper, MyiaSyntaxError, "{x}", "set", marked=bad_helper)


def test_unsupported_default_value():
    """A default value myia cannot use is reported at the default, in the callee."""
    check_error(
        f_unsupported_default, MyiaSyntaxError, "MODULE_LIST", "", marked=helper_list_default
    )


def test_keyword_to_function_value():
    """Keyword arguments and defaults also work through function values: they are
    bound when the function is known (at run time in the interpreter)."""
    import myia

    assert myia.jit(f_keyword_to_value, backend="interp")(5) == f_keyword_to_value(5)


def f_loop_escape_call_later(n):
    f = lambda: 0
    total = 0
    for i in range(n):
        total = total + f()
        f = lambda: i  # <-- here
    return total


def f_loop_escape_accumulated(n):
    fs = ()
    for i in range(n):

        def f():
            return i

        fs = fs + (f,)  # <-- here
    return fs[0]()


def f_loop_escape_conditional(n):
    f = lambda: -1
    for i in range(n):
        if i == 1:
            f = lambda: i  # <-- here
    return f()


def f_loop_closures_within_iteration(n, x):
    total = 0
    f = lambda v: v
    for i in range(n):
        g = lambda v: v * i + x
        total += g(2)
        f = g  # kept past the loop, but from the last iteration: Python agrees
    return total, f(10)


def test_closures_escaping_a_loop_iteration_are_rejected():
    """A closure made in a loop and kept for a later iteration (or past the
    loop from an iteration that may not be the last) would see its captured
    loop variable's old value in myia, the new one in Python."""
    check_error(f_loop_escape_call_later, MyiaSyntaxError, "lambda", "beyond the iteration")
    check_error(f_loop_escape_accumulated, MyiaSyntaxError, "f,", "kept in 'fs'")
    check_error(f_loop_escape_conditional, MyiaSyntaxError, "lambda", "the loop on line")
    parse(f_loop_closures_within_iteration)  # accepted


def test_late_binding_is_rejected():
    """A closure whose captured variable is reassigned further down would see the
    old value in myia but the new one in Python: rejected at the closure."""
    err = check_error(f_late_binding, MyiaSyntaxError, "lambda", "assigned again")
    assert "line" in err.message
    check_error(f_late_binding_def, MyiaSyntaxError, "g", "assigned again")


def test_not_a_function():
    with pytest.raises(MyiaSyntaxError) as info:
        parse(len)
    assert "Traceback" not in str(info.value)


def test_errors_are_myia_errors():
    assert issubclass(MyiaSyntaxError, MyiaError)
    assert issubclass(MyiaTypeError, MyiaError)
    assert issubclass(MyiaError, Exception)


def test_code_nested_too_deeply_is_a_syntax_error(tmp_path, monkeypatch):
    """2,000 ``elif``s: the frontend walks the syntax tree recursively and
    reports Python's recursion limit as a located error, not a RecursionError."""
    lines = ["def chain(x):", "    if x < 0:", "        return -1"]
    lines += [f"    elif x < {i}:\n        return {i}" for i in range(2000)]
    lines.append("    return 2000")
    (tmp_path / "deep_chain.py").write_text("\n".join(lines) + "\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import deep_chain

    with pytest.raises(MyiaSyntaxError, match=r"deep_chain.py:1:1: chain nests too deeply"):
        parse(deep_chain.chain)
