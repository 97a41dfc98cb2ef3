"""Custom derivatives: user rules that replace what ``myia-grad`` would derive.

* :func:`custom_vjp` (JAX's ``custom_vjp``) for a user function: its forward
  function returns the output and residuals, its backward function maps the
  residuals and the output's sensitivity to one sensitivity per argument. Both
  are ordinary myia code: inference specializes them next to the function and
  the gradient pass builds the function's J transform from them, so the rule
  is itself differentiable (higher orders differentiate the rule).
* :func:`register_bprop` (the original myia talk's ``bprop_pow(x, y, out, dout)``) for a
  primitive: a myia function of the operands, the output and its sensitivity,
  returning one sensitivity per operand. It replaces the primitive's built-in
  rule everywhere the primitive is differentiated, compiled for the types at
  each use.
"""

from __future__ import annotations

import functools
import types
from typing import Any

from myia.api import load_compiler
from myia.errors import MyiaError


class CustomVJP:
    """A function with a user-defined gradient; see :func:`custom_vjp`."""

    def __init__(self, fn: types.FunctionType):
        if not isinstance(fn, types.FunctionType):
            raise MyiaError(f"custom_vjp decorates Python functions, not {type(fn).__name__}")
        functools.update_wrapper(self, fn)
        self.__myia_function__ = fn
        self.fwd: types.FunctionType | None = None
        self.bwd: types.FunctionType | None = None
        fn.__myia_custom_vjp__ = self  # type: ignore[attr-defined]

    def defvjp(self, fwd: Any, bwd: Any) -> None:
        """``fwd(*args) -> (output, residuals)``; ``bwd(residuals, dout) ->
        (sensitivity of each argument)`` (None for those without a gradient)."""
        for name, f in (("fwd", fwd), ("bwd", bwd)):
            f = getattr(f, "__myia_function__", f)
            if not isinstance(f, types.FunctionType):
                raise MyiaError(
                    f"custom_vjp: {name} must be a Python function, not {type(f).__name__}"
                )
        self.fwd = getattr(fwd, "__myia_function__", fwd)
        self.bwd = getattr(bwd, "__myia_function__", bwd)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.__myia_function__(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<myia.custom_vjp {self.__qualname__}>"


def custom_vjp(fn: Any) -> CustomVJP:
    """Give ``fn`` a user-defined reverse-mode derivative::

    @myia.custom_vjp
    def clip_gradient(x):
        return x

    def clip_fwd(x):
        return x, None

    def clip_bwd(residuals, dout):
        return (max(-1.0, min(1.0, dout)),)

    clip_gradient.defvjp(clip_fwd, clip_bwd)
    """
    return CustomVJP(fn)


USER_BPROPS: dict[str, types.FunctionType] = {}
"""The primitives whose gradient rule a user replaced, with the Python rule."""


def register_bprop(primitive: str) -> Any:
    """Replace the gradient rule of the primitive ``primitive`` (``"pow"``,
    ``"sin"``...; see ``docs/dialect.md``) by a myia function::

        @myia.register_bprop("pow")
        def bprop_pow(x, y, out, dout):
            return (dout * y * x ** (y - 1), dout * out * math.log(x))

    It receives the operands, the result and the result's sensitivity, and
    returns one sensitivity per operand (None: no gradient). The registration
    is global, like a primitive's own rule; it applies to what is compiled
    after it.
    """
    compiler = load_compiler()  # the built-in rules are registered
    primitives = compiler.PRIMITIVES
    if primitive not in primitives:
        raise MyiaError(f"register_bprop: there is no primitive named '{primitive}'")

    def register(fn: Any) -> Any:
        f = getattr(fn, "__myia_function__", fn)
        if not isinstance(f, types.FunctionType):
            raise MyiaError(
                f"register_bprop: the rule must be a Python function, not {type(fn).__name__}"
            )
        USER_BPROPS[primitive] = f
        primitives[primitive].rules.override("grad", compiler.python_grad_rule(f))
        return fn

    return register


def restore_bprop(primitive: str) -> None:
    """Undo :func:`register_bprop`: the primitive gets its built-in rule back."""
    primitives = load_compiler().PRIMITIVES
    if primitive in USER_BPROPS:
        del USER_BPROPS[primitive]
        primitives[primitive].rules.remove_override("grad")
