"""``myia.debug``: pdb's commands on scripted stdin, at the user's source lines,
through calls, loops, recursion, closures, methods and the reverse phase of a
gradient."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
import pytest

import myia

sys.path.insert(0, str(Path(__file__).parent / "debugger_inputs"))

import programs

FILE = programs.__file__


def session(fn, commands: str, *args):
    """The debugger's output for ``commands`` (one per line), and the result."""
    out = io.StringIO()
    result = myia.debug(fn, stdin=io.StringIO(commands), stdout=out)(*args)
    return out.getvalue().replace("(myia-pdb) ", "(myia-pdb)\n").splitlines(), result


def stops(lines):
    """The stops of a session: (line, function, phase)."""
    out = []
    for line, following in zip(lines, [*lines[1:], ""]):
        if line.startswith(f"> {FILE}(") and following.startswith("-> "):
            number, rest = line[len(FILE) + 3 :].split(")", 1)
            out.append((int(number), rest))
    return out


def test_recursion_breakpoints_where_print_finish():
    lines, result = session(programs.fact, "b 10\nc\nwhere\np n\nfinish\np n\nwhere\nq\n", 3)
    assert lines[:2] == [f"> {FILE}(9)fact()", "-> if n <= 1:"]
    assert f"Breakpoint 1 at {FILE}:10" in lines
    # The breakpoint: fact(1), three calls deep (where: innermost last).
    assert stops(lines) == [(9, "fact()"), (10, "fact()"), (11, "fact()")]
    first = lines.index("-> return 1")
    assert lines[first + 2 : first + 5] == [
        f"  {FILE}(11)fact()",
        f"  {FILE}(11)fact()",
        f"> {FILE}(10)fact()",
    ]
    assert lines[first + 6] == "n = 1 :: i64"
    # finish: back in the caller, fact(2), at the line of the call.
    assert "n = 2 :: i64" in lines[first + 7 :]
    assert lines[-5:-2] == ["(myia-pdb)", f"  {FILE}(11)fact()", f"> {FILE}(11)fact()"]
    assert lines[-1] == "(quit)" and result is None


def test_a_loop_stops_at_each_iteration():
    lines, result = session(programs.total, "b 24\nc\np s\np i\nc\np i\nlocals\ncl\nc\n", 3)
    assert [s for s, _ in stops(lines)] == [23, 24, 24]
    assert "i = 0 :: i64" in lines and "i = 1 :: i64" in lines
    assert "n = 3 :: i64" in lines and "s = 0.0 :: f64" in lines
    assert "Deleted all breakpoints" in lines
    assert result == 1.5


def test_next_steps_over_calls_and_step_enters_them():
    lines, _ = session(programs.uses_helper, "n\nn\np a\nc\n", 1.5)
    assert [s for s, _ in stops(lines)] == [34, 35, 36]
    assert "a = 3.0 :: f64" in lines
    lines, _ = session(programs.uses_helper, "s\nwhere\np v\nc\n", 1.5)
    assert stops(lines) == [(34, "uses_helper()"), (30, "helper()")]
    assert lines[lines.index("-> return v * 2.0") + 2 : lines.index("-> return v * 2.0") + 4] == [
        f"  {FILE}(34)uses_helper()",
        f"> {FILE}(30)helper()",
    ]
    assert "v = 1.5 :: f64" in lines


def test_closures_and_methods():
    lines, result = session(programs.closures, "s\ns\ns\np k\np v\nc\n", 1.5)
    assert stops(lines)[-1] == (41, "make_adder.add()")
    assert "k = 3.0 :: f64" in lines and "v = 1.5 :: f64" in lines
    assert result == 4.5
    lines, result = session(programs.method, "s\np self\np x\nc\n", 1.5)
    assert stops(lines)[-1] == (56, "Scale.apply()")
    assert "self = Scale(factor=2.0) :: Scale(factor :: f64)" in lines
    assert result == 3.0


def test_the_reverse_phase_of_a_gradient():
    x, w = np.array([1.0, 2.0]), np.array([0.5, 0.25])
    commands = (
        "b 17\nc\np h\nb -grad 15\nc\nc\nwhere\np h\np grad(h)\np grad(y)\np grad(h) - 2 * h\nc\n"
    )
    lines, result = session(myia.grad(programs.layer, 1), commands, x, w)
    # Line 17's breakpoint stops in the forward pass, then again where the
    # reverse phase starts (the sensitivity of its result) and ends (the
    # backpropagator returns at the function's return line); the breakpoint
    # valid in the reverse phase only stops in the backpropagator of line 15.
    assert stops(lines) == [
        (15, "layer()"),
        (17, "layer()"),
        (17, "layer() [reverse]"),
        (15, "layer() [reverse]"),
        (17, "layer() [reverse]"),
    ]
    assert f"Breakpoint 2 at {FILE}:15 (reverse phase only)" in lines
    h = np.tanh(x * w)
    forward = lines.index(f"> {FILE}(17)layer()")
    assert lines[forward + 3] == f"h = {h!r} :: f64 x 2"  # printed in the forward pass
    assert f"h = {h!r} :: f64 x 2" in lines[forward + 4 :]  # and in the reverse phase
    assert f"grad(h) = {2 * h!r} :: f64 x 2" in lines  # d sum(h * h) / dh
    assert "grad(y) = array([1., 1.]) :: f64 x 2" in lines
    assert "grad(h) - 2 * h = array([0., 0.])" in lines
    np.testing.assert_allclose(result, 2 * h * (1 - h * h) * x)


def test_printing_what_is_not_there_and_other_commands():
    lines, _ = session(programs.layer, "p grad(h)\np nope\nfoo\nl\nb x\nb 16\nb\nh\nc\n", 1.0, 2.0)
    assert (
        "*** no gradient of 'h' in the forward pass (it has one in the reverse phase, at or before its line)"
        in lines
    )
    assert "*** name 'nope' is not defined here" in lines
    assert "*** unknown command 'foo' (help lists the commands)" in lines
    assert "  15  ->     h = np.tanh(x * w)" in lines
    assert "*** break: expected [FILE:]LINE, not 'x'" in lines
    assert f"1: {FILE}:16" in lines
    assert any(line.startswith("Commands (pdb's):") for line in lines)


def test_end_of_input_lets_the_program_finish():
    lines, result = session(programs.fact, "", 4)
    assert result == 24 and len(stops(lines)) == 1


@pytest.mark.parametrize("fn", [programs.fact, myia.jit(programs.fact)])
def test_a_jit_function_is_debugged_on_the_interpreter(fn):
    assert session(fn, "c\n", 5)[1] == 120


def test_a_wrong_number_of_arguments_is_a_type_error():
    with pytest.raises(
        myia.MyiaTypeError, match=r"myia.debug\(fact\): 1 argument\(s\) expected \(n\), got 2"
    ):
        session(programs.fact, "c\n", 3, 4)
