"""``myia.check_grads``: myia's derivatives of a function, up to order N,
against central finite differences in float64 (as JAX's ``check_grads``).

The derivatives are those of ``h(t) = f(x + t v)`` at ``t = 0``: for every
element of every differentiated argument (``v`` the unit vector of that
element, so a mismatch names the argument and the index), and along one random
direction of all of them (which mixes the partial derivatives). The ``k``-th
derivative ``myia.grad`` gives (of ``h``, ``k`` times) is compared with the
finite difference of the ``(k-1)``-th: one step of error, at any order.
"""

from __future__ import annotations

import inspect
import itertools
import linecache
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from myia.api import grad, jit
from myia.errors import MyiaError, MyiaGradientCheckError

ORDINALS = {1: "first", 2: "second", 3: "third"}


def check_grads(
    f: Callable[..., Any],
    args: Sequence[Any],
    order: int = 1,
    *,
    argnums: int | str | Sequence[int | str] | None = None,
    eps: float = 1e-5,
    rtol: float = 1e-5,
    atol: float = 1e-7,
    backend: str | None = None,
    seed: int = 0,
) -> None:
    """Check the derivatives of ``f`` (returning a float) at ``args``, of orders
    1 to ``order``, with respect to ``argnums`` (positions or names; by default
    every float and float array argument): raise
    :class:`~myia.errors.MyiaGradientCheckError` naming the order, the
    argument, the index and both values at the first mismatch
    (``|myia - numeric| > atol + rtol * |numeric|``)."""
    if order < 1:
        raise MyiaError(f"check_grads: order is at least 1, not {order}")
    fn = getattr(f, "__myia_function__", f)
    names = list(inspect.signature(fn).parameters)
    if len(names) != len(args):
        raise MyiaError(f"check_grads: {fn.__name__} takes {len(names)} arguments, not {len(args)}")
    positions = _positions(args, names, argnums)
    values = [_as_float64(a) if i in positions else a for i, a in enumerate(args)]
    derivatives = [jit(_directional(f, len(args), positions), backend=backend)]
    for _ in range(order):
        derivatives.append(grad(derivatives[-1], 0, backend=backend))
    rng = np.random.default_rng(seed)
    for k in range(1, order + 1):
        for position in positions:
            for index in np.ndindex(np.shape(values[position])):
                directions = [_unit(values[p], index if p == position else None) for p in positions]
                where = f"'{names[position]}'" + (
                    f"[{', '.join(map(str, index))}]" if index else ""
                )
                _compare(derivatives, k, values, directions, eps, rtol, atol, fn.__name__, where)
        if len(positions) > 1 or any(np.size(values[p]) > 1 for p in positions):
            directions = [_random(values[p], rng) for p in positions]
            _compare(derivatives, k, values, directions, eps, rtol, atol, fn.__name__,
                     "a random direction of all the arguments")  # fmt: skip


def _positions(
    args: Sequence[Any], names: list[str], argnums: int | str | Sequence[int | str] | None
) -> list[int]:
    if argnums is None:
        found = [i for i, a in enumerate(args) if _is_float(a)]
        if not found:
            raise MyiaError("check_grads: no argument is a float or an array of floats")
        return found
    wanted = [argnums] if isinstance(argnums, int | str) else list(argnums)
    positions = []
    for num in wanted:
        position = names.index(num) if isinstance(num, str) and num in names else num
        if not isinstance(position, int) or not 0 <= position < len(args):
            raise MyiaError(
                f"check_grads: no argument {num!r} (the parameters: {', '.join(names)})"
            )
        if not _is_float(args[position]):
            raise MyiaError(
                f"check_grads: the argument '{names[position]}' is not a float nor an array of floats"
            )
        positions.append(position)
    return positions


def _is_float(value: Any) -> bool:
    return isinstance(value, float | np.floating) or (
        isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.floating)
    )


def _as_float64(value: Any) -> Any:
    return np.asarray(value, dtype=np.float64) if isinstance(value, np.ndarray) else float(value)


def _unit(value: Any, index: tuple[int, ...] | None) -> Any:
    if not isinstance(value, np.ndarray):
        return 1.0 if index is not None else 0.0
    unit = np.zeros_like(value)
    if index is not None:
        unit[index] = 1.0
    return unit


def _random(value: Any, rng: np.random.Generator) -> Any:
    if isinstance(value, np.ndarray):
        return rng.standard_normal(value.shape)
    return float(rng.standard_normal())


_COUNTER = itertools.count()


def _directional(f: Callable[..., Any], count: int, positions: list[int]) -> Callable[..., Any]:
    """``h(t, *args, *directions) = f(args, with x + t * v for each
    differentiated argument)``, as Python source myia parses (registered in
    :mod:`linecache`, where the frontend reads sources)."""
    params = [f"a{i}" for i in range(count)]
    moved = [f"a{i} + t * v{i}" if i in positions else f"a{i}" for i in range(count)]
    directions = [f"v{i}" for i in positions]
    source = f"def h(t, {', '.join(params + directions)}):\n    return f({', '.join(moved)})\n"
    filename = f"<myia.check_grads {next(_COUNTER)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace: dict[str, Any] = {"f": f}
    exec(compile(source, filename, "exec"), namespace)
    return namespace["h"]


def _compare(
    derivatives: list[Callable[..., Any]],
    k: int,
    values: list[Any],
    directions: list[Any],
    eps: float,
    rtol: float,
    atol: float,
    name: str,
    where: str,
) -> None:
    exact = float(derivatives[k](0.0, *values, *directions))
    below = derivatives[k - 1]
    numeric = (
        float(below(eps, *values, *directions)) - float(below(-eps, *values, *directions))
    ) / (2 * eps)
    tolerance = atol + rtol * abs(numeric)
    if not abs(exact - numeric) <= tolerance:
        ordinal = ORDINALS.get(k, f"order-{k}")
        raise MyiaGradientCheckError(
            f"check_grads({name}): the {ordinal} derivative along {where} is {exact!r} by myia "
            f"but {numeric!r} by finite differences (|difference| {abs(exact - numeric):.3g} "
            f"> tolerance {tolerance:.3g})"
        )
