"""What the fuzzer generates and checks, as named switches.

Two kinds of feature:

* **constructs** (:data:`CONSTRUCTS`): what the generators may write (``while``
  loops, closures, ``math`` calls...). Switching one off makes the generators
  leave it out.
* **semantic classes** (:data:`SEMANTICS`): situations a program may meet at
  run time (an int result wider than 64 bits, a raising operation whose result
  is unused...). The oracle (:mod:`fuzz.oracle`) detects them while it runs a
  case under CPython; a case that meets a class switched off is *excluded*
  (not run on the backends), and counted as such in the summary.

:data:`PENDING` lists the features switched off by default, each with the
reason: known bugs whose fixes are pending. When a fix is merged, delete its
line here and the fixed-seed campaign of ``make test`` checks it from then on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

CONSTRUCTS: dict[str, str] = {
    "ints": "int values, arithmetic and comparisons",
    "floats": "float values, arithmetic and comparisons",
    "bools": "bool values, and/or/not",
    "tuples": "tuples: literals, indexing, slices, concatenation, unpacking",
    "runtime_tuple_index": "homogeneous tuples indexed by a run-time int",
    "floordiv_mod": "// and % (and divmod)",
    "pow": "** and pow()",
    "bitwise": "& | ^ ~ << >> on ints and bools",
    "math": "functions and constants of the math module",
    "minmax_abs": "min, max, abs, round, int(), float(), bool()",
    "if": "if/elif/else statements and conditional expressions",
    "while": "while loops (bounded by a counter)",
    "for_range": "for loops over range(...)",
    "for_tuple": "for loops over tuples",
    "break_continue": "break and continue",
    "early_return": "return inside if and loops",
    "closures": "lambdas and nested defs capturing variables, higher-order helpers",
    "recursion": "recursive helpers (bounded depth)",
    "runaway_recursion": "helpers that recurse forever (RecursionError; slow: off by default)",
    "special_floats": "inf, nan and -0.0 as arguments and constants",
    "big_ints": "ints near 2**53 and 2**63 as arguments and constants",
    "const_conversions": "int(), round(), math.floor/ceil/trunc of constant expressions",
    "arrays": "small numpy array programs",
    "grad": "gradients of programs with float arguments against finite differences",
}

SEMANTICS: dict[str, str] = {
    "dead_raise": "an operation that raises in CPython but whose result is never used",
    "tuple_index_oob": "a tuple indexed out of range at run time",
    "const_index_oob": "a tuple indexed out of range by a constant index that runs "
    "(inference knows: the code never returns from there)",
    "float_mod_edges": "float % and // giving a zero, or with an infinite divisor",
    "int_overflow": "an int result outside the 64-bit range (ints are exact in Python)",
    "math_errors": "math functions raising ValueError/OverflowError (domain and range errors)",
    "float_pow_errors": "float ** and pow() raising OverflowError or ZeroDivisionError",
    "grad_singular": "a function evaluated where its derivative is singular (sqrt(0), "
    "hypot(0, 0), asin(1), 0.0 ** 0.5...) in a differentiated case: the gradient must not "
    "raise (nor the value differ), and is not compared with finite differences there",
    "bool_array_arith": "arithmetic (+ - * ...) on bool arrays",
    "empty_reduction": "reductions (sum, mean, max...) of arrays that are empty at run time",
    "big_int_float_mix": "ints beyond 2**53 compared with floats, or divided with /",
    "np_float64_type": "np.float64 results returned as np.float64 (off: a float is accepted)",
    "cpython_math": "math.gamma, lgamma and hypot, which CPython computes itself (not libm)",
}

FEATURES: dict[str, str] = {**CONSTRUCTS, **SEMANTICS}

#: Features off by default: the known differences from CPython (bugs, and one
#: documented approximation), each with its reason. Delete a line when the fix
#: is merged.
PENDING: dict[str, str] = {
    "const_index_oob": "found by the fuzzer: where inference knows that code never returns "
    "(a constant index out of range), a call to it whose result is unused is dropped (no "
    "IndexError), and an entry that always gets there is a compile-time MyiaIndexError even "
    "where an operation before raises first (ZeroDivisionError)",
    "big_int_float_mix": "found by the fuzzer: ints beyond 2**53 are rounded to floats "
    "in comparisons with floats and in true division (Python is exact)",
    "cpython_math": "documented in the user guide: cpu calls the C library's "
    "tgamma/lgamma/hypot, CPython has its own (gamma and lgamma differ by an ulp or more "
    "for 3 arguments in 4, hypot for 1 in 700)",
}

#: The backends where a pending class differs from CPython: its cases still run,
#: and must agree, on the others (a class not listed differs everywhere). A
#: gradient run counts as its backend.
PENDING_BACKENDS: dict[str, tuple[str, ...]] = {
    "const_index_oob": ("interp", "cpu"),
    "big_int_float_mix": ("interp", "cpu"),
    "cpython_math": ("cpu",),
}


def skipped_on(excluded: Iterable[str], backend: str) -> bool:
    """Whether a case meeting the classes ``excluded`` (switched off) is not run
    on ``backend`` (a backend or a gradient run, ``grad-MODE-BACKEND``)."""
    base = backend.rsplit("-", 1)[-1] if backend.startswith("grad-") else backend
    return any(base in PENDING_BACKENDS.get(c, (base,)) for c in excluded)


#: Features off by default because they are slow (not because of a bug): a
#: runaway recursion takes the interpreters seconds to a minute to exhaust.
OPT_IN: dict[str, str] = {
    "runaway_recursion": "a million nested calls on the interpreters before RecursionError",
}


@dataclass(frozen=True)
class Config:
    """Which features a campaign uses, and how big its programs are."""

    features: frozenset[str] = field(
        default_factory=lambda: frozenset(FEATURES) - frozenset(PENDING) - frozenset(OPT_IN)
    )
    #: Argument tuples per program (all of one signature).
    cases: int = 3
    #: Statements of main (at most) and of helpers.
    main_statements: int = 8
    helper_statements: int = 4
    #: How many module-level helper functions (at most).
    helpers: int = 3
    #: Nesting depth of expressions and of blocks.
    expr_depth: int = 3
    block_depth: int = 2

    def has(self, feature: str) -> bool:
        if feature not in FEATURES:
            raise KeyError(f"unknown fuzzer feature {feature!r}")
        return feature in self.features

    def excluded(self, flags: Iterable[str]) -> list[str]:
        """The semantic classes among ``flags`` (found by the oracle) switched off."""
        return sorted(f for f in flags if f in SEMANTICS and f not in self.features)

    def with_features(self, changes: Iterable[str]) -> Config:
        """A copy with features switched: ``"+name"`` on, ``"-name"`` off,
        ``"+all"`` every feature on (pending ones too)."""
        features = set(self.features)
        for change in changes:
            sign, name = change[:1], change[1:]
            if sign not in "+-" or not sign:
                raise ValueError(f"feature change {change!r}: write +name or -name")
            names = set(FEATURES) if name == "all" else {name}
            if not names <= set(FEATURES):
                raise ValueError(f"unknown fuzzer feature {name!r}")
            features = features | names if sign == "+" else features - names
        return dataclasses.replace(self, features=frozenset(features))


#: The small programs of the fixed-seed campaign of ``make test`` (compiling is
#: most of the time a program takes).
SMALL = Config(main_statements=4, helper_statements=3, helpers=2, expr_depth=2)
