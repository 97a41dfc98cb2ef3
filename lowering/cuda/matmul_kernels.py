"""The matmul kernel: tiles of the result, operands staged through shared memory.

``out[z, i, j] = sum_e a[z, i, e] * b[z, e, j]`` for ``z`` over the batch (the
broadcast batch axes, flattened). Each block of ``tile x tile`` threads computes one
tile of the result: for each step of ``tile`` along ``e``, its threads load one tile of
``a`` and one of ``b`` into shared memory (one element each, consecutive threads
reading consecutive columns: coalesced for row-major operands), wait at a barrier,
and accumulate their dot products from shared memory: each element of the operands is
read from global memory ``n / tile`` times instead of ``n``. Operands are read in
place through their strides (a transposed weight needs no copy).

Parameters: ``a``, ``a_off``, ``a_sb{q}`` (batch strides), ``a_sr``, ``a_sc``; the same
for ``b``; ``out`` (contiguous); ``n``, ``kk``, ``m``; ``nbatch``, then the batch sizes
``db1 ..``.
"""

from __future__ import annotations

from xdsl.dialects import gpu
from xdsl.dialects.builtin import IntegerType
from xdsl.ir import Attribute, SSAValue

from myia.lowering.cuda.kernel_ir import INDEX, KernelBuilder, buffer_type, if_else

__all__ = ["build_matmul", "matmul_tile"]


def matmul_tile(n: int | None, m: int | None) -> int:
    """16x16 tiles (256 threads), 8x8 when the result is smaller than 16 along an
    axis (a 16x16 tile would leave most of its threads idle)."""
    if n is not None and m is not None and min(n, m) < 16:
        return 8
    return 16


def build_matmul(
    name: str, a_type: Attribute, b_type: Attribute, result: Attribute, batch: int, tile: int
) -> gpu.FuncOp:
    params: list[tuple[str, Attribute]] = []
    for prefix, t in (("a", a_type), ("b", b_type)):
        params += [(prefix, buffer_type(t)), (f"{prefix}_off", INDEX)]
        params += [(f"{prefix}_sb{q}", INDEX) for q in range(batch)]
        params += [(f"{prefix}_sr", INDEX), (f"{prefix}_sc", INDEX)]
    params += [("out", buffer_type(result)), ("n", INDEX), ("kk", INDEX), ("m", INDEX)]
    params += [("nbatch", INDEX)] + [(f"db{q}", INDEX) for q in range(1, batch)]
    kb = KernelBuilder(name, params)
    args = kb.args
    boolean = isinstance(result, IntegerType) and result.width.data == 1
    add, mul = ("bitor", "bitand") if boolean else ("add", "mul")
    t = kb.index(tile)
    a_tile = kb.shared(result, tile * tile, "a_tile")
    b_tile = kb.shared(result, tile * tile, "b_tile")
    tx, ty = kb.thread_id("x"), kb.thread_id("y")
    row = kb.add(kb.mul(kb.block_id("y"), t), ty)
    row.name_hint = "row"
    col = kb.add(kb.mul(kb.block_id("x"), t), tx)
    col.name_hint = "col"
    here = kb.add(kb.mul(ty, t), tx)
    zero = kb.constant(0, result)
    batch_dims = [None, *(args[f"db{q}"] for q in range(1, batch))] if batch else []

    def convert(v: SSAValue) -> SSAValue:
        return v if v.type == result else kb.prim("cast", v, result_type=result)

    def one_batch(z: SSAValue, carried: list[SSAValue]) -> None:
        bidx = kb.unflatten(z, batch_dims)
        bases = {}
        for prefix in ("a", "b"):
            off = kb.dot(bidx, [args[f"{prefix}_sb{q}"] for q in range(batch)])
            base = args[f"{prefix}_off"]
            bases[prefix] = base if off is None else kb.add(base, off)

        def step(e0: SSAValue, acc: list[SSAValue]) -> list[SSAValue]:
            a_col = kb.add(e0, tx)
            b_row = kb.add(e0, ty)
            in_a = kb.emit_and(kb.lt(row, args["n"]), kb.lt(a_col, args["kk"]))
            in_b = kb.emit_and(kb.lt(b_row, args["kk"]), kb.lt(col, args["m"]))

            def load(prefix: str, r: SSAValue, c: SSAValue) -> SSAValue:
                at = kb.add(
                    bases[prefix],
                    kb.add(kb.mul(r, args[f"{prefix}_sr"]), kb.mul(c, args[f"{prefix}_sc"])),
                )
                return convert(kb.load(args[prefix], at))

            kb.store(if_else(kb, in_a, lambda: load("a", row, a_col), lambda: zero), a_tile, here)
            kb.store(if_else(kb, in_b, lambda: load("b", b_row, col), lambda: zero), b_tile, here)
            kb.barrier()

            def dot(e: SSAValue, total: list[SSAValue]) -> list[SSAValue]:
                x = kb.load(a_tile, kb.add(kb.mul(ty, t), e))
                y = kb.load(b_tile, kb.add(kb.mul(e, t), tx))
                return [
                    kb.prim(
                        add, total[0], kb.prim(mul, x, y, result_type=result), result_type=result
                    )
                ]

            (total,) = kb.loop(kb.index(0), t, kb.index(1), dot, acc, name="e")
            kb.barrier()
            return [total]

        (acc,) = kb.loop(kb.index(0), args["kk"], t, step, [zero], name="e0")
        inside = kb.emit_and(kb.lt(row, args["n"]), kb.lt(col, args["m"]))

        def write() -> None:
            at = kb.add(
                kb.mul(z, kb.mul(args["n"], args["m"])), kb.add(kb.mul(row, args["m"]), col)
            )
            kb.store(acc, args["out"], at)

        kb.when(inside, write)

    kb.loop(kb.block_id("z"), args["nbatch"], kb.grid_dim("z"), one_batch, name="z")
    return kb.finish()
