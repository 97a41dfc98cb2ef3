"""Ahead-of-time export (``JitFunction.export``, runtime/aot.py): C programs
built with the system C compiler against the exported object files and shared
libraries, run in a process without Python, and their output checked against
the jitted function's."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

import myia
from myia.errors import MyiaExportError, MyiaTypeError
from myia.runtime.aot import c_compiler

CC = os.environ.get("CC") or "cc"
needs_cc = pytest.mark.skipif(shutil.which(CC.split()[0]) is None, reason="no C compiler")


@myia.jit
def affine(x, y):
    return x * y + 1.0


@myia.jit
def layer(w, x):
    return np.tanh(x @ w)


@myia.jit
def stats(n, x):
    total = 0.0
    for i in range(n):
        total = total + math.sin(x * i) / (i + 1)
    return total, n // 3, n > 2


@myia.jit
def divide(a, b):
    return a // b


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@myia.jit
def norm(p, scale):
    return math.sqrt(p.x * p.x + p.y * p.y) * scale


@myia.jit
def centered(x, k):
    return x - x.mean(), x.sum() * k, (x * k).T


@myia.jit
def products(a, b):
    return a @ b, a.T @ b.T, a @ a.T, a.T @ a


def loss(w, x):
    return (np.tanh(x @ w) ** 2).sum()


def build_and_run(tmp_path: Path, source: str, *libraries: Path | str) -> list[str]:
    """Compile ``source`` (C) with the exported ``libraries`` and run it."""
    main = tmp_path / "main.c"
    main.write_text(textwrap.dedent(source))
    exe = tmp_path / "main"
    command = [*CC.split(), "-std=c11", "-Wall", "-Werror", "-o", str(exe), str(main)]
    command += [str(lib) for lib in libraries]
    command += ["-lm", f"-Wl,-rpath,{tmp_path}"]
    subprocess.run(command, check=True, cwd=tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    done = subprocess.run([str(exe)], capture_output=True, text=True, check=True, env=env)
    return done.stdout.split("\n")


@needs_cc
def test_scalar_function_as_object_file(tmp_path):
    exported = affine.export(tmp_path / "affine.o", 2.0, 3.0)
    assert exported.kind == "object"
    header = (tmp_path / "affine.h").read_text()
    assert "int32_t affine(double x, double y, double *result);" in header
    assert "affine(x: f64, y: f64) -> f64" in header  # the Python signature
    out = build_and_run(
        tmp_path,
        """
        #include <stdio.h>
        #include "affine.h"
        int main(void) {
            double r = 0;
            int32_t status = affine(2.5, -4.0, &r);
            printf("%d %a\\n", status, r);
            printf("%s\\n", affine_error_message(0));
            return 0;
        }
        """,
        tmp_path / "affine.o",
    )
    assert out[0] == f"0 {_c_hex(2.5 * -4.0 + 1.0)}"
    assert out[1] == "no error"


def _c_hex(x: float) -> str:
    """``printf("%a")`` of a double, as glibc prints it."""
    text = x.hex()  # 0x1.4000000000000p+3
    mantissa, exponent = text.split("p")
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    return f"{mantissa}p{exponent}"


@needs_cc
def test_array_function_as_shared_library(tmp_path):
    rng = np.random.default_rng(0)
    w, x = rng.standard_normal((3, 2)), rng.standard_normal((4, 3))
    exported = layer.export(tmp_path / "liblayer.so", w, x)
    assert exported.kind == "shared"
    header = (tmp_path / "liblayer.h").read_text()
    assert (
        "int32_t layer(const double *w, const int64_t w_shape[2], const double *x, "
        "const int64_t x_shape[2], double **result, int64_t result_shape[2]);"
    ) in header
    # Other shapes than the examples' (dimensions given at run time).
    w2, x2 = rng.standard_normal((3, 5)), rng.standard_normal((2, 3))
    values = ", ".join(map(float.hex, [*w2.ravel(), *x2.ravel()]))
    out = build_and_run(
        tmp_path,
        f"""
        #include <stdio.h>
        #include <stdlib.h>
        #include "liblayer.h"
        int main(void) {{
            double data[] = {{{values}}};
            int64_t w_shape[2] = {{3, 5}}, x_shape[2] = {{2, 3}}, r_shape[2] = {{0, 0}};
            double *r = NULL;
            int32_t status = layer(data, w_shape, data + 15, x_shape, &r, r_shape);
            printf("%d %ld %ld\\n", status, (long)r_shape[0], (long)r_shape[1]);
            for (int i = 0; i < r_shape[0] * r_shape[1]; i++) printf("%a\\n", r[i]);
            free(r);
            /* mismatched inner dimensions: a status and a message, no crash */
            x_shape[1] = 2;
            status = layer(data, w_shape, data + 15, x_shape, &r, r_shape);
            printf("%d %d\\n", status != 0, (status & 0xff) == MYIA_SHAPE);
            printf("%s\\n", layer_error_message(status));
            return 0;
        }}
        """,
        tmp_path / "liblayer.so",
    )
    assert out[0] == "0 2 5"
    expected = layer(w2, x2)
    got = np.array([float.fromhex(v) for v in out[1:11]]).reshape(2, 5)
    np.testing.assert_allclose(got, expected, rtol=1e-14, atol=0)  # (1-2 ulp: libm vs numpy)
    assert out[11] == "1 1"
    assert out[12].startswith("ValueError: ") and "test_export.py" in out[12]


@needs_cc
def test_tuple_results_bools_and_ints(tmp_path):
    stats.export(tmp_path / "libstats.so", 5, 0.5)
    header = (tmp_path / "libstats.h").read_text()
    assert (
        "int32_t stats(int64_t n, double x, double *result_0, int64_t *result_1, "
        "bool *result_2);" in header
    )
    out = build_and_run(
        tmp_path,
        """
        #include <stdio.h>
        #include "libstats.h"
        int main(void) {
            double total; int64_t third; bool big;
            int32_t status = stats(7, 0.25, &total, &third, &big);
            printf("%d %a %ld %d\\n", status, total, (long)third, (int)big);
            return 0;
        }
        """,
        tmp_path / "libstats.so",
    )
    total, third, big = stats(7, 0.25)
    status, got_total, got_third, got_big = out[0].split()
    assert status == "0"
    assert math.isclose(float.fromhex(got_total), total, rel_tol=4e-16)
    assert (int(got_third), bool(int(got_big))) == (third, big)


@needs_cc
def test_results_mixing_arrays_and_scalars(tmp_path):
    x = np.arange(6.0).reshape(2, 3)
    centered.export(tmp_path / "libcentered.so", x, 2)
    header = (tmp_path / "libcentered.h").read_text()
    assert (
        "int32_t centered(const double *x, const int64_t x_shape[2], int64_t k, "
        "double **result_0, int64_t result_0_shape[2], double *result_1, "
        "double **result_2, int64_t result_2_shape[2]);"
    ) in header
    out = build_and_run(
        tmp_path,
        """
        #include <stdio.h>
        #include <stdlib.h>
        #include "libcentered.h"
        int main(void) {
            double x[6] = {0, 1, 2, 3, 4, 5}, total, *c, *t;
            int64_t shape[2] = {3, 2}, c_shape[2], t_shape[2];
            int32_t status = centered(x, shape, 3, &c, c_shape, &total, &t, t_shape);
            printf("%d %g %ld %ld %ld %ld\\n", status, total, (long)c_shape[0],
                   (long)c_shape[1], (long)t_shape[0], (long)t_shape[1]);
            for (int i = 0; i < 6; i++) printf("%g %g\\n", c[i], t[i]);
            free(c);
            free(t);
            return 0;
        }
        """,
        tmp_path / "libcentered.so",
    )
    c, total, t = centered(np.arange(6.0).reshape(3, 2), 3)
    assert out[0] == f"0 {total:g} 3 2 2 3"
    rows = [line.split() for line in out[1:7]]
    assert [float(a) for a, _ in rows] == list(c.ravel())
    assert [float(b) for _, b in rows] == list(t.ravel())  # the transpose, made contiguous


@needs_cc
def test_matrix_products_with_transposes(tmp_path):
    """The exported gemm (loops, no BLAS) with each operand transposed or not."""
    rng = np.random.default_rng(4)
    a, b = rng.standard_normal((5, 7)), rng.standard_normal((7, 5))
    products.export(tmp_path / "libproducts.so", a, b)
    values = ", ".join(map(float.hex, [*a.ravel(), *b.ravel()]))
    out = build_and_run(
        tmp_path,
        f"""
        #include <stdio.h>
        #include <stdlib.h>
        #include "libproducts.h"
        int main(void) {{
            double data[] = {{{values}}};
            int64_t a_shape[2] = {{5, 7}}, b_shape[2] = {{7, 5}}, shapes[4][2];
            double *r[4];
            int32_t status = products(data, a_shape, data + 35, b_shape, &r[0], shapes[0],
                                      &r[1], shapes[1], &r[2], shapes[2], &r[3], shapes[3]);
            printf("%d\\n", status);
            for (int i = 0; i < 4; i++) {{
                for (int j = 0; j < shapes[i][0] * shapes[i][1]; j++) printf("%a ", r[i][j]);
                printf("\\n");
                free(r[i]);
            }}
            return 0;
        }}
        """,
        tmp_path / "libproducts.so",
    )
    assert out[0] == "0"
    for line, expected in zip(out[1:5], products(a, b)):
        got = np.array([float.fromhex(v) for v in line.split()]).reshape(expected.shape)
        np.testing.assert_allclose(got, expected, rtol=1e-13, atol=1e-14)


@needs_cc
def test_errors_are_statuses_with_messages(tmp_path):
    divide.export(tmp_path / "libdivide.so", 7, 2)
    out = build_and_run(
        tmp_path,
        """
        #include <stdio.h>
        #include "libdivide.h"
        int main(void) {
            int64_t q = 0;
            int32_t status = divide(7, -2, &q);
            printf("%d %ld\\n", status, (long)q);
            status = divide(1, 0, &q);
            printf("%d\\n", (status & 0xff) == MYIA_ZERO_DIVISION);
            printf("%s\\n", divide_error_message(status));
            return 0;
        }
        """,
        tmp_path / "libdivide.so",
    )
    assert out[0] == f"0 {7 // -2}"
    assert out[1] == "1"
    line = divide.__wrapped__.__code__.co_firstlineno + 2  # (the decorator, the def)
    assert out[2].startswith("ZeroDivisionError: integer division or modulo by zero (")
    assert f"test_export.py:{line}:" in out[2]


@needs_cc
def test_static_shapes_are_checked(tmp_path):
    w, x = np.ones((3, 2)), np.ones((4, 3))
    layer.export(tmp_path / "liblayer.so", w, x, shapes="static", cpu="host")
    header = (tmp_path / "liblayer.h").read_text()
    assert "w: double[3, 2], x: double[4, 3]" in header
    out = build_and_run(
        tmp_path,
        """
        #include <stdio.h>
        #include <stdlib.h>
        #include "liblayer.h"
        int main(void) {
            double data[12] = {0};
            int64_t w_shape[2] = {3, 2}, x_shape[2] = {4, 3}, r_shape[2];
            double *r = NULL;
            printf("%d\\n", layer(data, w_shape, data, x_shape, &r, r_shape));
            free(r);
            x_shape[0] = 5;
            int32_t status = layer(data, w_shape, data, x_shape, &r, r_shape);
            printf("%s\\n", layer_error_message(status));
            return 0;
        }
        """,
        tmp_path / "liblayer.so",
    )
    assert out[0] == "0"
    assert out[1] == (
        "ValueError: layer(): argument 'x' (argument 2) must have the shape (4, 3) it "
        "was exported for"
    )


@needs_cc
def test_gradient_and_records(tmp_path):
    grad = myia.grad(loss)
    rng = np.random.default_rng(1)
    w, x = rng.standard_normal((3, 2)), rng.standard_normal((4, 3))
    grad.export(tmp_path / "libgrad.so", w, x, name="loss_grad")
    assert "The Python function myia.grad(loss, argnums=0)(w: f64 x ? x ?, x: f64 x ? x ?)" in (
        (tmp_path / "libgrad.h").read_text()
    )
    norm.export(tmp_path / "norm.o", Point(3.0, 4.0), 2.0)
    assert "int32_t norm(double p_x, double p_y, double scale, double *result);" in (
        (tmp_path / "norm.h").read_text()
    )
    values = ", ".join(map(float.hex, [*w.ravel(), *x.ravel()]))
    out = build_and_run(
        tmp_path,
        f"""
        #include <stdio.h>
        #include <stdlib.h>
        #include "libgrad.h"
        #include "norm.h"
        int main(void) {{
            double data[] = {{{values}}};
            int64_t w_shape[2] = {{3, 2}}, x_shape[2] = {{4, 3}}, g_shape[2];
            double *g = NULL;
            int32_t status = loss_grad(data, w_shape, data + 6, x_shape, &g, g_shape);
            printf("%d %ld %ld\\n", status, (long)g_shape[0], (long)g_shape[1]);
            for (int i = 0; i < 6; i++) printf("%a\\n", g[i]);
            free(g);
            double n;
            printf("%d ", norm(3.0, 4.0, 2.0, &n));
            printf("%a\\n", n);
            return 0;
        }}
        """,
        tmp_path / "libgrad.so",
        tmp_path / "norm.o",
    )
    assert out[0] == "0 3 2"
    got = np.array([float.fromhex(v) for v in out[1:7]]).reshape(3, 2)
    np.testing.assert_allclose(got, grad(w, x), rtol=1e-13, atol=1e-15)
    assert out[7] == f"0 {_c_hex(10.0)}"


@needs_cc
def test_the_code_needs_nothing_of_python(tmp_path):
    """The exported library's undefined symbols are the C library's, libm's and
    libgcc's: no myia runtime, Python, OpenBLAS or libgomp."""
    rng = np.random.default_rng(2)
    layer.export(tmp_path / "liblayer.so", rng.standard_normal((64, 64)), np.ones((64, 64)))
    nm = shutil.which("nm")
    if nm is None:
        pytest.skip("no nm")
    done = subprocess.run(
        [nm, "-D", "--undefined-only", str(tmp_path / "liblayer.so")],
        capture_output=True,
        text=True,
        check=True,
    )
    undefined = {line.split()[-1].split("@")[0] for line in done.stdout.splitlines()}
    assert not {s for s in undefined if s.startswith(("myia", "Py", "GOMP", "omp_", "scipy"))}
    done = subprocess.run(
        [nm, "-D", "--defined-only", str(tmp_path / "liblayer.so")],
        capture_output=True,
        text=True,
        check=True,
    )
    defined = {line.split()[-1] for line in done.stdout.splitlines() if " T " in line}
    assert defined == {"layer", "layer_error_message"}


def test_export_errors(tmp_path, monkeypatch):
    with pytest.raises(MyiaExportError, match=r"\.o \(an object file\) or \.so"):
        affine.export(tmp_path / "affine.dll", 1.0, 2.0)
    with pytest.raises(MyiaTypeError, match="2 example argument"):
        affine.export(tmp_path / "affine.o", 1.0)

    @myia.jit
    def listed(xs):
        return xs[0]

    with pytest.raises(MyiaExportError, match="no C form"):
        listed.export(tmp_path / "listed.o", [1.0, 2.0])
    monkeypatch.setenv("CC", "no-such-compiler-for-myia")
    with pytest.raises(MyiaExportError, match="no C compiler found"):
        c_compiler()
    with pytest.raises(MyiaExportError, match="no C compiler found"):
        affine.export(tmp_path / "affine.so", 1.0, 2.0)
    assert not (tmp_path / "affine.so").exists()
    affine.export(tmp_path / "affine.o", 1.0, 2.0)  # an object file needs none
    assert (tmp_path / "affine.o").read_bytes()[:4] == b"\x7fELF"


@needs_cc
def test_threads_call_at_once(tmp_path):
    """The runtime's state (arena, error jump, result list) is per thread: four
    threads calling an array function and a failing one at once agree with a
    call made alone."""
    layer.export(tmp_path / "liblayer.so", np.ones((3, 2)), np.ones((4, 3)))
    divide.export(tmp_path / "libdivide.so", 7, 2)
    out = build_and_run(
        tmp_path,
        """
        #include <pthread.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include "liblayer.h"
        #include "libdivide.h"
        static double reference[64 * 8];
        static void *work(void *arg) {
            long bad = 0, id = (long)arg;
            double w[16 * 8], x[64 * 16];
            for (int i = 0; i < 16 * 8; i++) w[i] = (i % 7) * 0.1 - 0.3;
            for (int i = 0; i < 64 * 16; i++) x[i] = (i % 5) * 0.2 - 0.4;
            int64_t ws[2] = {16, 8}, xs[2] = {64, 16}, rs[2];
            for (int k = 0; k < 2000; k++) {
                double *r = NULL;
                int64_t q;
                if (layer(w, ws, x, xs, &r, rs) != 0) bad++;
                else for (int i = 0; i < 64 * 8; i++) bad += r[i] != reference[i];
                free(r);
                if ((k + id) % 3 == 0 && divide(k, 0, &q) == 0) bad++;
            }
            return (void *)bad;
        }
        int main(void) {
            double w[16 * 8], x[64 * 16], *r;
            for (int i = 0; i < 16 * 8; i++) w[i] = (i % 7) * 0.1 - 0.3;
            for (int i = 0; i < 64 * 16; i++) x[i] = (i % 5) * 0.2 - 0.4;
            int64_t ws[2] = {16, 8}, xs[2] = {64, 16}, rs[2];
            if (layer(w, ws, x, xs, &r, rs) != 0) return 1;
            for (int i = 0; i < 64 * 8; i++) reference[i] = r[i];
            free(r);
            pthread_t threads[4];
            for (long t = 0; t < 4; t++) pthread_create(&threads[t], NULL, work, (void *)t);
            long bad = 0;
            for (int t = 0; t < 4; t++) {
                void *b;
                pthread_join(threads[t], &b);
                bad += (long)b;
            }
            printf("%ld\\n", bad);
            return 0;
        }
        """,
        tmp_path / "liblayer.so",
        tmp_path / "libdivide.so",
        "-pthread",
    )
    assert out[0] == "0"
