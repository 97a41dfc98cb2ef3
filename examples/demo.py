"""A tour of myia in one screen: Python -> myia IR -> optimized IR -> a result.

Run with ``make demo`` (or ``.venv/bin/python examples/demo.py``). Each step
that is not built yet is skipped with a note, so the demo always runs.
"""

from __future__ import annotations

import sys
import textwrap


def poly(x, n):
    """A loop, a branch and a nested function: what myia's frontend cuts into
    small functions."""

    def term(i):
        return x**i / (i + 1)

    total = 0.0
    for i in range(n):
        if i % 2 == 0:
            total = total + term(i)
        else:
            total = total - term(i)
    return total


def section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 70 - len(title)))


def main() -> int:
    from myia.frontend import parse

    section("Python")
    import inspect

    print(textwrap.dedent(inspect.getsource(poly)).strip())

    section("myia IR, as the frontend writes it")
    module = parse(poly)
    module.verify()
    print(module)

    section("after -p 'canonicalize,myia-inline,canonicalize,cse,dce'")
    try:
        from xdsl.passes import PassPipeline

        from myia.context import make_context
        from myia.registry import default_registry

        registry = default_registry()
        pipeline = PassPipeline.parse_spec(
            registry.passes, "canonicalize,myia-inline,canonicalize,cse,dce"
        )
        optimized = module.clone()
        pipeline.apply(make_context(registry), optimized)
        optimized.verify()
        print(optimized)
    except ImportError as exc:  # a stage that is not built yet
        print(f"(skipped: {exc})")

    section("run")
    expected = poly(1.5, 6)
    try:
        import myia

        jit = getattr(myia, "jit", None)
        if jit is None:
            print("(skipped: myia.jit is not available yet)")
        else:
            fast = jit(backend="interp")(poly)
            result = fast(1.5, 6)
            status = "agrees with" if abs(result - expected) < 1e-12 else "DIFFERS from"
            print(
                f"myia.jit(backend='interp')(poly)(1.5, 6) = {result!r} ({status} CPython: {expected!r})"
            )
    except Exception as exc:  # the demo reports, it does not crash
        print(f"(myia.jit failed: {type(exc).__name__}: {exc})")
    print(
        "\nThe same from the command line:\n  myia-opt examples/demo.py --entry poly -p canonicalize,myia-inline,dce"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
