"""Programs whose types grow without bound: inference must refuse each quickly
(a MyiaTypeError naming the function), not run out of time or memory.

Run as a script (``growing.py BACKEND``), it compiles each and prints one JSON
line per program: its name, the class of the error and its message."""

from __future__ import annotations

import dataclasses
import json
import sys

import myia


@dataclasses.dataclass
class Pair:
    a: object
    b: object


def doubling(x):
    return doubling((x, x))


def tripling(x):
    return tripling((x, (x, x)))


def linear(x):
    return linear((x,))


def list_of_lists(x):
    return list_of_lists([x, x])


def dataclass_pairs(x):
    return dataclass_pairs(Pair(x, x))


def ping(x):
    return pong((x, x))


def pong(x):
    return ping((x, 1.0, x))


def dup(x):
    return (x, x)


def through_helper(x):
    return through_helper(dup(x))


def in_a_loop(x, n):
    for _ in range(n):
        x = (x, x)
    return x


def in_a_branch(x, n):
    if n > 0:
        return in_a_branch((x, x), n - 1)
    return 0.0


def caller(x):
    return doubling(x) + 1.0


PROGRAMS = {
    f.__name__: f
    for f in (
        doubling,
        tripling,
        linear,
        list_of_lists,
        dataclass_pairs,
        ping,
        through_helper,
        in_a_loop,
        in_a_branch,
        caller,
    )
}


def main() -> None:
    for name, fn in PROGRAMS.items():
        args = (1.0, 3) if fn.__code__.co_argcount == 2 else (1.0,)
        try:
            myia.jit(fn, backend=sys.argv[1])(*args)
            error, message = None, ""
        except myia.MyiaError as err:
            error, message = type(err).__name__, str(err)
        print(json.dumps({"name": name, "error": error, "message": message}), flush=True)


if __name__ == "__main__":
    main()
