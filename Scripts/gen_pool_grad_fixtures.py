#!/usr/bin/env python3
"""Produce the golden fixtures for the backward pass of pooling (dX, a pool's only gradient).

Reads Tests/ConvKitTests/Fixtures/pool-cases.json (Scripts/gen_pool_fixtures.py) and writes
Tests/ConvKitTests/Fixtures/pool-grad-cases.json: {"generator", "seed", "cases": [...]}, one
case per pool case that has an output, by the same name:
  {"name", "grad_output": {"shape": [C,Ho,Wo], "data"}, "grad_input": {"shape": the input's
   shape as given, "data"}}
Values are float64 in flat C order (the pool cases' inputs may hold "nan" and "-inf"; dY and dX
here are always finite).

PyTorch's rules (aten/src/ATen/native/cpu/MaxPoolKernel.cpp cpu_max_pool_backward and
AvgPoolKernel.cpp cpu_avg_pool_backward), without the batch dimension:
  * max-pool: each output cell's dY goes whole to its window's argmax (return_indices, as the
    forward fixture's "argmax" gives it: the first maximum in window order on ties, the last NaN
    when the window holds NaNs); an input cell that wins several windows adds them all, output
    cells row-major. A window whose every tap lies outside the input (argmax -1) gets dY = 0
    here: PyTorch's CPU kernel writes an index outside the plane there, which it then adds into.
  * avg-pool (count_include_pad=True): each output cell's dY ÷ its divisor (the window clipped
    to the input and its padding, as the forward pass divides) is added to each of its taps
    inside the input, output cells row-major; taps in the padding or past it get nothing.

Every case is computed by two routes that must agree before anything is written: the loops
above in PyTorch's order, and numpy (np.add.at of dY at the argmax for max; for avg, dY ÷ divisor
scattered tap by tap into the padded input with its ceil-mode overhang, then cropped). Where no
window is clipped, avg-pool's dX must also equal the transposed convolution of dY with a kernel
of 1/(kh·kw), and every max-pool dX must sum to the sum of dY (each dY goes to exactly one cell).

torch is not installed where this was generated; where it is, compare with
F.max_pool2d(return_indices=True) / F.avg_pool2d(count_include_pad=True) and .backward(dY).

The generator is seeded, so reruns give a byte-identical file.
Regenerate from the repository root with:  python3 Scripts/gen_pool_grad_fixtures.py
"""
import json
import pathlib
import itertools

import numpy as np

SEED = 20261204
ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ROOT / "Tests/ConvKitTests/Fixtures/pool-cases.json"
OUT = ROOT / "Tests/ConvKitTests/Fixtures/pool-grad-cases.json"
NF = {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")}
rng = np.random.default_rng(SEED)


def arr(t, dtype=float):
    return np.array([NF.get(v, v) if isinstance(v, str) else v for v in t["data"]], dtype).reshape(t["shape"])


def tensor(a):
    a = np.asarray(a, float)
    assert np.isfinite(a).all()
    return {"shape": list(a.shape), "data": [float(v) + 0.0 for v in a.ravel()]}


def grad_values(shape, i):
    """dY: small integers, then decimals, then ninths (not exact in binary), by turns."""
    mode = i % 3
    if mode == 0:
        return rng.integers(-5, 6, shape).astype(float)
    if mode == 1:
        return np.round(rng.uniform(-3, 3, shape), 2)
    return rng.integers(-9, 10, shape) / 9.0


def max_loop(x3, arg, dy):
    c, h, w = x3.shape
    gi = np.zeros((c, h * w))
    for ci, o in itertools.product(range(c), range(dy.shape[1] * dy.shape[2])):
        k = arg[ci].ravel()[o]
        if k >= 0:
            gi[ci, k] += dy[ci].ravel()[o]
    return gi.reshape(c, h, w)


def max_numpy(x3, arg, dy):
    c, h, w = x3.shape
    gi = np.zeros(c * h * w)
    flat = (np.arange(c)[:, None, None] * h * w + arg).ravel()
    keep = arg.ravel() >= 0
    np.add.at(gi, flat[keep], dy.ravel()[keep])
    return gi.reshape(c, h, w)


def avg_loop(x3, k, s, p, div, dy):
    c, h, w = x3.shape
    gi = np.zeros((c, h, w))
    for ci, oh, ow in itertools.product(range(c), range(dy.shape[1]), range(dy.shape[2])):
        ih0, iw0 = oh * s[0] - p[0], ow * s[1] - p[1]
        ih1, iw1 = min(ih0 + k[0], h + p[0]), min(iw0 + k[1], w + p[1])
        assert (ih1 - ih0) * (iw1 - iw0) == div[oh, ow]
        delta = dy[ci, oh, ow] / div[oh, ow]
        for ih in range(max(ih0, 0), min(ih1, h)):
            for iw in range(max(iw0, 0), min(iw1, w)):
                gi[ci, ih, iw] += delta
    return gi


def avg_numpy(x3, k, s, p, div, dy):
    c, h, w = x3.shape
    ho, wo = dy.shape[1:]
    # The padded input with room for the ceil-mode overhang.
    big = np.zeros((c, (ho - 1) * s[0] + k[0], (wo - 1) * s[1] + k[1]))
    big = np.zeros((c, max(big.shape[1], h + 2 * p[0]), max(big.shape[2], w + 2 * p[1])))
    share = dy / div[None]
    for ky, kx in itertools.product(range(k[0]), range(k[1])):
        big[:, ky:ky + (ho - 1) * s[0] + 1:s[0], kx:kx + (wo - 1) * s[1] + 1:s[1]] += share
    return big[:, p[0]:p[0] + h, p[1]:p[1] + w]


def transposed_ones(dy, k, s, p, h, w):
    """dY scattered with a kernel of 1/(kh*kw): conv-transpose, cropped by the padding."""
    c, ho, wo = dy.shape
    # Rows and columns past the last window (a stride past the kernel) get nothing.
    full = np.zeros((c, max((ho - 1) * s[0] + k[0], h + 2 * p[0]), max((wo - 1) * s[1] + k[1], w + 2 * p[1])))
    for oy, ox in itertools.product(range(ho), range(wo)):
        full[:, oy * s[0]:oy * s[0] + k[0], ox * s[1]:ox * s[1] + k[1]] += dy[:, oy, ox][:, None, None] / (k[0] * k[1])
    return full[:, p[0]:p[0] + h, p[1]:p[1] + w]


def main():
    cases, checks = [], {"two-routes": 0, "avg-transposed": 0, "max-sum": 0}
    seen = set()
    pools = [c for c in json.load(open(SOURCE))["cases"] if c["op"].endswith("-pool") and c.get("expected")]
    for i, c in enumerate(pools):
        x = arr(c["input"])
        x3 = x[None] if x.ndim == 2 else x
        shape = c["output_shape"]
        dy = grad_values(shape, i)
        k, s, p = c["pool_size"], c["stride"], c["padding"]
        if c["op"] == "max-pool":
            arg = arr(c["argmax"], np.int64)
            dy[arg < 0] = 0  # see the docstring: PyTorch writes outside the plane there
            gi = max_loop(x3, arg, dy)
            assert np.array_equal(gi, max_numpy(x3, arg, dy)), c["name"]
            assert np.isclose(gi.sum(), dy[arg >= 0].sum()), c["name"]
            checks["max-sum"] += 1
            counts = np.bincount((np.arange(x3.shape[0])[:, None, None] * x3[0].size + arg)[arg >= 0].ravel(), minlength=x3.size)
            seen.update({("max", "wins-several", bool((counts > 1).any())), ("max", "dilation", c["dilation"] != [1, 1]),
                         ("max", "never-wins", bool((counts == 0).any())), ("max", "nan-input", bool(np.isnan(x).any()))})
        else:
            div = arr(c["divisor"], np.int64)
            gi = avg_loop(x3, k, s, p, div, dy)
            assert np.allclose(gi, avg_numpy(x3, k, s, p, div, dy), rtol=1e-12, atol=1e-12), c["name"]
            if (div == k[0] * k[1]).all() and not c["ceil_mode"]:
                assert np.allclose(gi, transposed_ones(dy, k, s, p, *x3.shape[1:]), rtol=1e-12, atol=1e-12), c["name"]
                checks["avg-transposed"] += 1
            seen.update({("avg", "clipped", bool((div != k[0] * k[1]).any()))})
        checks["two-routes"] += 1
        op = c["op"][:3]
        seen.update({(op, "overlap", s[0] < k[0] or s[1] < k[1]), (op, "pad", max(p) > 0), (op, "ceil", c["ceil_mode"]),
                     (op, "channels", x3.shape[0] > 1), (op, "2-D", x.ndim == 2)})
        cases.append({"name": c["name"], "grad_output": tensor(dy), "grad_input": tensor(gi.reshape(x.shape))})
    need = {(op, f, True) for op in ("max", "avg") for f in ("overlap", "pad", "ceil", "channels", "2-D")}
    need |= {("max", "wins-several", True), ("max", "dilation", True), ("max", "never-wins", True), ("max", "nan-input", True),
             ("avg", "clipped", True)}
    assert need <= seen, f"missing coverage: {sorted(need - seen)}"
    OUT.write_text(json.dumps({"generator": "Scripts/gen_pool_grad_fixtures.py", "seed": SEED, "cases": cases},
                              separators=(",", ":"), allow_nan=False) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}; checks: {checks}")


if __name__ == "__main__":
    main()
