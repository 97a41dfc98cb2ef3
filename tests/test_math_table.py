"""``prims_math.MATH_TABLE`` is the one table of math functions: what each stage
reads from it exists where that stage looks (numpy's and ``math``'s functions,
the frontend's names, the lowering of its ``math`` ops, the libm functions the
JIT binds)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import myia.dialects.grad_rules_array
import myia.lowering.scalar_rules  # noqa: F401 - the lowerings
from myia.dialects import PRIMITIVES
from myia.dialects.prims_math import MATH_TABLE, NEVER, MathErrors
from myia.frontend.numpy_api import NUMPY_ELEMENTWISE
from myia.frontend.resolve import MATH_FUNCTIONS as FRONTEND_MATH
from myia.lowering.llvm.math_to_llvm import INTRINSICS, LIBM
from myia.lowering.llvm.runtime_decls import LIBM_FUNCTIONS


@pytest.mark.parametrize("fn", MATH_TABLE, ids=lambda f: f.name)
def test_row_reaches_every_stage(fn):
    assert callable(getattr(math, fn.name))
    assert fn.name in FRONTEND_MATH
    if fn.numpy_primitive:
        assert PRIMITIVES[fn.name].arity == fn.arity
        assert {"infer", "expand", "lower", "raises"} <= set(PRIMITIVES[fn.name].rules)
    if fn.numpy is not None:
        assert isinstance(getattr(np, fn.numpy), np.ufunc)
        assert NUMPY_ELEMENTWISE[fn.numpy] == fn.name
    if fn.python is not None:
        assert fn.python == NEVER or isinstance(fn.python, MathErrors)
        assert {"infer", "expand", "lower", "raises"} <= set(PRIMITIVES[f"math_{fn.name}"].rules)
    if isinstance(fn.lowering, str):
        assert fn.lowering in LIBM_FUNCTIONS  # the JIT binds it for modules that shadow it
    elif fn.lowering is not None:
        assert fn.lowering in INTRINSICS or fn.lowering in LIBM
        if fn.lowering in LIBM:
            assert LIBM[fn.lowering] in LIBM_FUNCTIONS
    if fn.derivative is not None:
        assert fn.arity == 1 and "grad" in PRIMITIVES[fn.name].rules
