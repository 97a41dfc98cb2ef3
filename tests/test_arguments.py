"""What myia takes as arguments, and how it refuses the rest: a MyiaTypeError
naming the function, the parameter and the type, at the function's ``def``."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

import myia
from myia.dialects.abstract import MAX_DEPTH

BACKENDS = ["interp", "cpu"]


def ident(x):
    return x


def first(x):
    return x[0]


@dataclasses.dataclass
class Node:
    child: object
    value: float


def nested(kind: str, depth: int):
    """A value with ``depth`` containers of ``kind`` one inside the other."""
    value = 1.0
    for _ in range(depth):
        value = [value] if kind == "list" else (value, 2.0) if kind == "tuple" else Node(value, 2.0)
    return value


def refused(fn, *args, backend="cpu") -> str:
    """The message of the MyiaTypeError that calling ``fn`` raises."""
    with pytest.raises(myia.MyiaTypeError) as info:
        myia.jit(fn, backend=backend)(*args)
    return str(info.value)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("kind", ["list", "tuple", "dataclass"])
def test_values_nest_up_to_the_limit(kind, backend):
    value = nested(kind, MAX_DEPTH)
    assert myia.jit(ident, backend=backend)(value) == value
    message = refused(ident, nested(kind, MAX_DEPTH + 1), backend=backend)
    assert f"nested more than {MAX_DEPTH} levels deep" in message


@pytest.mark.parametrize("backend", BACKENDS)
def test_self_referential_arguments_are_refused(backend):
    rec = []
    rec.append(rec)
    node = Node(None, 1.0)
    node.child = node
    limit = sys.getrecursionlimit()
    message = refused(ident, rec, backend=backend)
    assert message.startswith(
        f"{__file__}:{ident.__code__.co_firstlineno}:1: ident(): argument 'x': "
    )
    assert "a list that contains itself" in message
    assert "def ident(x):" in message
    assert "a Node that contains itself" in refused(ident, node, backend=backend)
    assert "a list that contains itself" in refused(first, ([rec],), backend=backend)
    assert sys.getrecursionlimit() == limit


@pytest.mark.parametrize("depth", [10_000, 19_000, 100_000])
def test_very_deep_arguments_are_refused_without_crashing(depth):
    """In a process of its own: the crash was a segfault, after a first call had
    raised the recursion limit to 20,000 for good."""
    script = textwrap.dedent(
        f"""
        import sys
        import myia
        from test_arguments import ident, nested
        limit = sys.getrecursionlimit()
        assert myia.jit(ident)([1.0]) == [1.0]
        deep = nested("list", {depth})
        try:
            myia.jit(ident)(deep)
        except myia.MyiaTypeError as err:
            assert "nested more than" in str(err), err
        else:
            raise AssertionError("no error")
        assert sys.getrecursionlimit() == limit, sys.getrecursionlimit()
        print("refused")
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=str(__import__("pathlib").Path(__file__).parent),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "refused"


def matrix():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        return np.asmatrix(np.ones((1, 1)))


UNSUPPORTED = {
    "numpy float128 scalars": lambda: np.longdouble(1.0),
    "numpy float128 arrays": lambda: np.ones(3, np.longdouble),
    "numpy complex128 arrays": lambda: np.ones(2, np.complex128),
    "numpy datetime64[D] arrays": lambda: np.array(["2020-01-01"], dtype="datetime64[D]"),
    "numpy datetime64[D] scalars": lambda: np.datetime64("2020-01-01"),
    "numpy timedelta64[s] arrays": lambda: np.array([1], dtype="timedelta64[s]"),
    "numpy str arrays": lambda: np.array(["a", "b"]),
    "numpy bytes arrays": lambda: np.array([b"a"]),
    "numpy object arrays": lambda: np.array([1, "a"], dtype=object),
    "numpy structured arrays": lambda: np.zeros(2, dtype=[("a", "f8")]),
    "a matrix": matrix,
    "a MaskedArray": lambda: np.ma.array([1.0]),
    "a str": lambda: "abc",
    "a complex": lambda: 1j,
    "a dict": dict,
    "a class (Node)": lambda: Node,
}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("what", UNSUPPORTED)
def test_unsupported_arguments_name_the_function_parameter_and_type(what, backend):
    message = refused(first, (1.0, UNSUPPORTED[what]()), backend=backend)
    assert message.startswith(
        f"{__file__}:{first.__code__.co_firstlineno}:1: first(): argument 'x': myia cannot take {what}"
    )


@myia.jit
def decorated(a, b):
    return a


def test_argument_errors_point_at_the_def_line_after_decorators():
    with pytest.raises(myia.MyiaTypeError, match=r":(\d+):1: decorated\(\): argument 'b'") as info:
        decorated(1.0, "s")
    assert "def decorated(a, b):" in str(info.value)


def test_a_class_called_inside_the_function_still_works():
    def make(x):
        return Node(x, x)

    assert myia.jit(make)(1.0) == Node(1.0, 1.0)
