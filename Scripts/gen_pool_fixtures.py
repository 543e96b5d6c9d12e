#!/usr/bin/env python3
"""Produce the golden fixtures for pooling and padding modes (issue 16).

Writes Tests/ConvKitTests/Fixtures/pool-cases.json: {"generator", "seed", "cases": [...]}.
Conventions are PyTorch's without the batch dimension (the rules, with the PyTorch source they
come from, are in NOTES-pool.md). Every tensor is {"shape", "data"}: float64 values in flat C
order. JSON has no NaN or infinities, so a non-finite value is written as the string "nan",
"inf" or "-inf" (Swift: JSONDecoder.nonConformingFloatDecodingStrategy =
.convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")); the file
is written with allow_nan=False, so nothing else non-standard can slip in.

Two groups of cases:

* "max-pool" / "avg-pool": torch.nn.MaxPool2d / AvgPool2d(count_include_pad=True) per channel.
  {"name", "op", "input", "kernel": null, "bias": null, "pool_size": [KH,KW], "stride": [SH,SW],
   "default_stride": bool (true: no stride was given, so it is the pool size), "padding": [PH,PW],
   "dilation": [DH,DW] (always [1,1] for avg-pool), "ceil_mode": bool, "count_include_pad": true,
   "expected": {"shape": [C,Ho,Wo], "data"}, "output_shape": [C,Ho,Wo],
   "argmax": {"shape": [C,Ho,Wo], "data": [int]} for max-pool, null for avg-pool,
   "divisor": {"shape": [Ho,Wo], "data": [int]} for avg-pool (what each window's sum is divided
   by), null for max-pool}.
  A 2-D input [H,W] is one channel: its output is [1,Ho,Wo], as ConvKit writes conv outputs.
  argmax is PyTorch's return_indices: the flat index y*W + x into the input plane of the cell
  that holds the maximum, the first in window order (row-major over the taps) on ties; a NaN
  always takes over, so with several NaNs the LAST NaN in window order is the argmax. A window
  whose every tap is padding (possible only with dilation: the taps step over the whole input)
  gives -inf and argmax -1 (PyTorch's CPU kernel writes an index outside the plane there).
  Error cases: "expected": null and "error": {"kind", "message"} (pad > half the pool size,
  which dilation does not change; no output; dilation given to avg-pool).

* "conv2d" / "depthwise" / "pointwise" / "im2col" with "padding_mode": zeros | reflect |
  replicate | circular (numpy.pad modes constant | reflect | edge | wrap). The layer is encoded
  exactly as in cases.json (Scripts/gen_fixtures.py: input, kernel, bias, stride, padding,
  output_padding, dilation, groups, flip, relu, expected) plus "padding_mode". "same" splits as
  PyTorch does (the odd extra row/column goes bottom/right) and the copies are taken from the
  input as PyTorch's F.pad does, before the convolution. reflect needs each side's padding <
  the input's size on that axis, circular <= it; a case that breaks that has "expected": null
  and "error": {"kind", "axis", "padding": [before, after], "size", "message"}.

Every case is computed by two independent routes and they must agree before anything is
written (an AssertionError stops the script):
  * pooling: a direct loop that follows PyTorch's CPU kernels (cpu_max_pool, cpu_avg_pool)
    line by line, against numpy: the input padded with -inf (max) or 0 (avg) plus the ceil-mode
    overhang, dilated windows taken with sliding_window_view, NaN/tie/argmax rules applied on the
    whole window array, and the divisor as the window sum of a mask that is 1 over input+padding
    and 0 over the overhang. The output size formula is checked against counting the windows one
    by one from the rule in words. When no divisor is clipped, avg-pool must equal gen_fixtures'
    depthwise conv with weights 1/(KH*KW) and zero padding.
  * padding modes: numpy.pad with the mode, then gen_fixtures' reference with no padding,
    against a direct loop that maps every padded position to the input cell it copies (the
    index map NOTES-pool.md proposes for ConvKit); im2col also as W @ columns == conv2d.

Scripts/check_pool_fixtures_torch.py compares the written file with PyTorch itself, where torch
is installed (it is not a dependency of the project; CI does not run it).

The generator is seeded, so reruns give a byte-identical file.
Regenerate from the repository root with:  python3 Scripts/gen_pool_fixtures.py
"""
import itertools
import json
import pathlib
import sys

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import gen_fixtures as fx  # noqa: E402  (the conv reference and its conventions)

SEED = 20261216
OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvKitTests/Fixtures/pool-cases.json"
rng = np.random.default_rng(SEED)
fx.rng = rng  # gen_fixtures' samplers (pick, values) draw from this generator too
NUMPY_MODE = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


# ------------------------------------------------------------- pooling: sizes
def effective(k, d):
    return d * (k - 1) + 1


def pool_out_size(n, k, p, s, d, ceil):
    """Pool.h pooling_output_shape_pad_lr with pad_l = pad_r = p (div_rtn is floor division)."""
    out = (n + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil else 0)) // s + 1
    if ceil and (out - 1) * s >= n + p:  # the last window must start inside the input or the left padding
        out -= 1
    return out


def pool_out_size_by_counting(n, k, p, s, d, ceil):
    """The same rule in words, one window at a time. Floor mode: a window exists while it fits in
    the padded input. Ceil mode: window o exists while the window before it (o-1, which for o=0
    would start at -s) has not reached the padded input's last cell, and o itself starts inside
    the input or the left padding."""
    e, o = effective(k, d), 0
    while True:
        start = o * s  # in padded coordinates
        if ceil:
            ok = (o - 1) * s + e < n + 2 * p and start - p < n
        else:
            ok = start + e <= n + 2 * p
        if not ok:
            return o
        o += 1


def pool_check(n, k, p, s, d):
    """PyTorch makes two checks (Pool.h): pooling_output_shape wants pad <= ((k-1)*d + 1) / 2, half
    the dilated window, and pool2d_shape_check wants kW / 2 >= padW, half the pool size itself
    (torch 2.15.0: "pad should be smaller than or equal to half of kernel size"; some older
    copies of Pool.h used the effective size there too). The second is the one that binds:
    dilation does not raise the limit."""
    return p <= effective(k, d) // 2 and p <= k // 2


# ----------------------------------------------------- pooling: loop reference
def as_chw(x):
    return x[None] if x.ndim == 2 else x


def max_pool_loop(x, k, s, p, d, ceil):
    """aten/src/ATen/native/cpu/MaxPoolKernel.cpp cpu_max_pool, one channel plane at a time."""
    x = as_chw(x)
    c, h, w = x.shape
    ho, wo = pool_out_size(h, k[0], p[0], s[0], d[0], ceil), pool_out_size(w, k[1], p[1], s[1], d[1], ceil)
    out, idx = np.zeros((c, ho, wo)), np.zeros((c, ho, wo), dtype=np.int64)
    for ci, oh, ow in itertools.product(range(c), range(ho), range(wo)):
        ih0 = oh * s[0] - p[0]
        ih1 = min(ih0 + (k[0] - 1) * d[0] + 1, h)
        while ih0 < 0:
            ih0 += d[0]
        iw0 = ow * s[1] - p[1]
        iw1 = min(iw0 + (k[1] - 1) * d[1] + 1, w)
        while iw0 < 0:
            iw0 += d[1]
        maxindex, maxval, any_tap = ih0 * w + iw0, -np.inf, False
        for ih in range(ih0, ih1, d[0]):
            for iw in range(iw0, iw1, d[1]):
                any_tap = True
                val = x[ci, ih, iw]
                if val > maxval or np.isnan(val):
                    maxval, maxindex = val, ih * w + iw
        out[ci, oh, ow] = maxval
        idx[ci, oh, ow] = maxindex if any_tap else -1  # PyTorch: ih0*W + iw0, outside the plane
    return out, idx


def avg_pool_loop(x, k, s, p, ceil):
    """aten/src/ATen/native/cpu/AvgPoolKernel.cpp cpu_avg_pool with count_include_pad=True."""
    x = as_chw(x)
    c, h, w = x.shape
    ho, wo = pool_out_size(h, k[0], p[0], s[0], 1, ceil), pool_out_size(w, k[1], p[1], s[1], 1, ceil)
    out, div = np.zeros((c, ho, wo)), np.zeros((ho, wo), dtype=np.int64)
    for ci, oh, ow in itertools.product(range(c), range(ho), range(wo)):
        ih0, iw0 = oh * s[0] - p[0], ow * s[1] - p[1]
        ih1, iw1 = min(ih0 + k[0], h + p[0]), min(iw0 + k[1], w + p[1])
        pool_size = (ih1 - ih0) * (iw1 - iw0)  # clipped to input+padding, not yet to the input
        ih0, iw0, ih1, iw1 = max(ih0, 0), max(iw0, 0), min(ih1, h), min(iw1, w)
        div[oh, ow] = pool_size
        if ih0 >= ih1 or iw0 >= iw1:
            continue  # cannot happen under the start-inside rule; PyTorch writes 0
        total = 0.0
        for ih in range(ih0, ih1):
            for iw in range(iw0, iw1):
                total += x[ci, ih, iw]
        out[ci, oh, ow] = total / pool_size
    return out, div


# ---------------------------------------------------- pooling: numpy route
def windows(a, k, s, d, ho, wo):
    """[C, Ho, Wo, KH*KW] taps of the (already padded) array, row-major over the window."""
    v = sliding_window_view(a, (effective(k[0], d[0]), effective(k[1], d[1])), axis=(1, 2))
    v = v[:, ::s[0], ::s[1], ::d[0], ::d[1]][:, :ho, :wo]
    return v.reshape(v.shape[:3] + (-1,))


def overhang(n, k, p, s, d, o):
    """Cells past the right padding that the last window (ceil mode) reaches."""
    return max(0, (o - 1) * s + effective(k, d) - (n + 2 * p))


def pool_numpy(op, x, k, s, p, d, ceil):
    x = as_chw(x)
    c, h, w = x.shape
    ho = pool_out_size_by_counting(h, k[0], p[0], s[0], d[0], ceil)
    wo = pool_out_size_by_counting(w, k[1], p[1], s[1], d[1], ceil)
    eh, ew = overhang(h, k[0], p[0], s[0], d[0], ho), overhang(w, k[1], p[1], s[1], d[1], wo)
    sides = ((0, 0), (p[0], p[0] + eh), (p[1], p[1] + ew))
    if op == "avg-pool":
        total = windows(np.pad(x, sides), k, s, d, ho, wo).sum(axis=-1)
        # 1 over input+padding, 0 over the overhang: the window sum is PyTorch's divisor.
        mask = np.pad(np.ones((1, h + 2 * p[0], w + 2 * p[1])), ((0, 0), (0, eh), (0, ew)))
        div = windows(mask, k, s, d, ho, wo).sum(axis=-1)[0].astype(np.int64)
        return total / div, div
    taps = windows(np.pad(x, sides, constant_values=-np.inf), k, s, d, ho, wo)
    flat = np.pad(np.arange(h * w, dtype=np.int64).reshape(1, h, w), sides, constant_values=-1)
    where = windows(flat, k, s, d, ho, wo)[0]  # [Ho, Wo, T]: input index of each tap, -1 = padding
    real = where >= 0
    nan = np.isnan(taps)
    best = np.where(nan.any(-1), np.nan, np.max(np.where(nan, -np.inf, taps), axis=-1))
    # first real tap equal to the max; with NaNs the last NaN; no real tap: -1
    hit = real & (taps == best[..., None])
    t = taps.shape[-1]
    first = np.where(hit.any(-1), hit.argmax(-1), real.argmax(-1))
    last_nan = t - 1 - nan[..., ::-1].argmax(-1)
    pick = np.where(nan.any(-1), last_nan, first)
    arg = np.take_along_axis(np.broadcast_to(where, taps.shape), pick[..., None], -1)[..., 0]
    arg = np.where(real.any(-1), arg, -1)
    return best, arg


def same_array(a, b):
    return a.shape == b.shape and np.array_equal(np.isnan(a), np.isnan(b)) and np.allclose(
        np.nan_to_num(a, nan=0, posinf=1e300, neginf=-1e300), np.nan_to_num(b, nan=0, posinf=1e300, neginf=-1e300),
        rtol=1e-12, atol=1e-12)


# ------------------------------------------------------------ JSON encoding
def encode(v):
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return float(v) + 0.0


def tensor(a):
    if a is None:
        return None
    a = np.asarray(a, float)
    return {"shape": list(a.shape), "data": [encode(v) for v in a.ravel()]}


def int_tensor(a):
    return None if a is None else {"shape": list(a.shape), "data": [int(v) for v in np.asarray(a).ravel()]}


cases, counts, seen = [], {}, set()
cross = {"pool-numpy": 0, "pool-size": 0, "avg-depthwise": 0, "pad-map": 0, "im2col-matmul": 0}


def count(group):
    counts[group] = counts.get(group, 0) + 1
    return counts[group]


# ------------------------------------------------------------ pooling cases
def pool_error(op, h, w, k, s, p, d, ceil):
    if op == "avg-pool" and d != [1, 1]:
        return {"kind": "dilation-with-avg-pool", "message": "--dilation applies to max-pool only (AvgPool2d has no dilation)"}
    for a, n in ((0, h), (1, w)):
        if not pool_check(n, k[a], p[a], s[a], d[a]):
            return {"kind": "padding-over-half-window",
                    "message": f"padding {p[a]} on axis {a} is more than half the pool size {k[a]} "
                               f"(PyTorch: pad <= kernel_size / 2, whatever the dilation)"}
    for a, n in ((0, h), (1, w)):
        if pool_out_size(n, k[a], p[a], s[a], d[a], ceil) < 1:
            return {"kind": "no-output", "message": f"axis {a}: the window {effective(k[a], d[a])} does not fit "
                                                      f"the padded input {n + 2 * p[a]}"}
    return None


def add_pool(op, x, k, s=None, p=(0, 0), d=(1, 1), ceil=False, name=None, expect=None):
    k, p, d = list(k), list(p), list(d)
    default = s is None
    s = list(k) if default else list(s)
    c3 = as_chw(x)
    h, w = c3.shape[1:]
    base = dict(op=op, input=tensor(x), kernel=None, bias=None, pool_size=k, stride=s, default_stride=default,
                padding=p, dilation=d, ceil_mode=ceil, count_include_pad=True)
    err = pool_error(op, h, w, k, s, p, d, ceil)
    if err is not None:
        cases.append(dict(name=name or f"{op}-error-{count(op + '-error'):02d}", **base, expected=None, output_shape=None,
                          argmax=None, divisor=None, error=err))
        seen.add(("pool-error", err["kind"]))
        return None
    for a, n in ((0, h), (1, w)):
        assert pool_out_size(n, k[a], p[a], s[a], d[a], ceil) == pool_out_size_by_counting(n, k[a], p[a], s[a], d[a], ceil)
        cross["pool-size"] += 1
    if op == "max-pool":
        y, arg = max_pool_loop(x, k, s, p, d, ceil)
        y2, arg2 = pool_numpy(op, x, k, s, p, d, ceil)
        assert same_array(y, y2) and np.array_equal(arg, arg2), f"max-pool routes disagree: {name}"
        div = None
    else:
        y, div = avg_pool_loop(x, k, s, p, ceil)
        y2, div2 = pool_numpy(op, x, k, s, p, d, ceil)
        assert same_array(y, y2) and np.array_equal(div, div2), f"avg-pool routes disagree: {name}"
        if (div == k[0] * k[1]).all():  # nothing clipped: a depthwise conv with weights 1/(kh*kw)
            o = dict(stride=s, padding=p, output_padding=[0, 0], dilation=[1, 1], groups=1, flip=False, relu=False)
            ref = fx.depthwise(c3, np.full((c3.shape[0],) + tuple(k), 1.0 / (k[0] * k[1])), None, o)
            assert fx.close(y, ref), f"avg-pool != depthwise 1/k^2: {name}"
            cross["avg-depthwise"] += 1
        else:
            seen.add(("avg-divisor-clipped", True))
        arg = None
    cross["pool-numpy"] += 1
    if expect is not None:
        assert np.array_equal(y.ravel(), np.asarray(expect, float).ravel()), f"{name}: {y.ravel()} != {expect}"
    # coverage facts
    ho, wo = y.shape[1:]
    seen.update({(op, "in", x.ndim), (op, "ceil", ceil), (op, "pad", max(p) > 0), (op, "default-stride", default),
                 (op, "non-square", k[0] != k[1]), (op, "stride>kernel", s[0] > k[0] or s[1] > k[1]),
                 (op, "1x1", k == [1, 1]), (op, "pad-at-limit", any(p[a] == k[a] // 2 > 0 for a in (0, 1)))})
    if ceil:
        floor_shape = [pool_out_size(n, k[a], p[a], s[a], d[a], False) for a, n in ((0, h), (1, w))]
        seen.add((op, "ceil-changes-shape", floor_shape != [ho, wo]))
    if op == "max-pool":
        seen.update({("max", "dilation", d != [1, 1]), ("max", "nan", bool(np.isnan(x).any())),
                     ("max", "-inf", bool(np.isneginf(x).any())), ("max", "all-padding-window", bool((arg == -1).any()))})
    cases.append(dict(name=name or f"{op}-{count(op):03d}", **base, expected=tensor(y), output_shape=list(y.shape),
                      argmax=int_tensor(arg), divisor=int_tensor(div)))
    return (y, arg) if op == "max-pool" else (y, div)


def pool_named_cases():
    grid = np.array([[1, 5, 2, 0], [3, 4, 8, 1], [0, 2, 9, 7], [6, 1, 3, 3]], float)
    y, arg = add_pool("max-pool", grid, (2, 2), name="issue-example-max", expect=[5, 8, 6, 9])
    assert arg.ravel().tolist() == [1, 6, 12, 10]
    add_pool("avg-pool", grid, (2, 2), name="issue-example-avg", expect=[13 / 4, 11 / 4, 9 / 4, 22 / 4])
    # Ties: the first maximum in window order wins.
    y, arg = add_pool("max-pool", np.array([[2, 7], [7, 1]], float), (2, 2), name="max-tie-first-wins")
    assert arg.ravel().tolist() == [1]
    y, arg = add_pool("max-pool", np.full((3, 3), 4.0), (2, 2), s=(1, 1), name="max-all-equal")
    assert arg.ravel().tolist() == [0, 1, 3, 4]
    # NaN wins over everything, and each NaN takes over from the one before: the last NaN is the argmax.
    y, arg = add_pool("max-pool", np.array([[1, np.nan], [9, 2]]), (2, 2), name="max-nan-wins")
    assert np.isnan(y).all() and arg.ravel().tolist() == [1]
    y, arg = add_pool("max-pool", np.array([[np.nan, 3], [np.nan, 8]]), (2, 2), name="max-last-nan-wins")
    assert arg.ravel().tolist() == [2]
    y, arg = add_pool("max-pool", np.array([[5, 1, np.nan, 0], [2, 9, 4, 4]]), (2, 2), s=(1, 1), name="max-nan-some-windows")
    assert arg.ravel().tolist() == [5, 2, 2]
    # -inf: an all -inf window keeps its first real tap (padding never wins).
    y, arg = add_pool("max-pool", np.full((2, 3), -np.inf), (2, 2), s=(1, 1), p=(1, 1), name="max-all-neg-inf-padded")
    assert np.isneginf(y).all() and arg.ravel().tolist() == [0, 0, 1, 2, 0, 0, 1, 2, 3, 3, 4, 5]
    add_pool("max-pool", np.array([[-np.inf, -3], [-np.inf, -np.inf]]), (2, 2), name="max-neg-inf-and-finite")
    # Padding is -inf for max: a window half over padding takes the max of its real cells, even negative.
    add_pool("max-pool", -np.arange(1, 10, dtype=float).reshape(3, 3), (2, 2), p=(1, 1), name="max-padding-never-wins")
    # Average counts the padded zeros (count_include_pad=True).
    y, div = add_pool("avg-pool", np.full((2, 2), 8.0), (2, 2), p=(1, 1), name="avg-counts-padded-zeros")
    assert y.ravel().tolist() == [2, 2, 2, 2] and (div == 4).all()
    # ceil_mode: the last window hangs past the padding; its divisor is clipped to input+padding.
    y, div = add_pool("avg-pool", np.arange(25, dtype=float).reshape(5, 5), (2, 2), ceil=True, name="avg-ceil-overhang")
    assert y.shape == (1, 3, 3) and div.tolist() == [[4, 4, 2], [4, 4, 2], [2, 2, 1]]
    y, div = add_pool("avg-pool", np.arange(36, dtype=float).reshape(6, 6), (3, 3), s=(2, 2), p=(1, 1), ceil=True,
                      name="avg-ceil-overhang-padded")
    assert y.shape == (1, 4, 4) and div[3].tolist() == [6, 6, 6, 4] and div[0].tolist() == [9, 9, 9, 6]
    add_pool("max-pool", np.arange(25, dtype=float).reshape(5, 5), (2, 2), ceil=True, name="max-ceil-overhang")
    # ceil_mode drops a window that would start in the right padding (Pool.h's --outputSize).
    n, k, p, s = 5, 2, 1, 2
    assert (n + 2 * p - k + s - 1) // s + 1 == 4 and pool_out_size(n, k, p, s, 1, True) == 3
    y, div = add_pool("avg-pool", np.arange(5, dtype=float).reshape(1, 5), (1, 2), s=(1, 2), p=(0, 1), ceil=True,
                      name="avg-ceil-drops-window-in-padding")
    assert y.shape == (1, 1, 3)
    add_pool("max-pool", np.arange(5, dtype=float).reshape(1, 5), (1, 2), s=(1, 2), p=(0, 1), ceil=True,
             name="max-ceil-drops-window-in-padding")
    # ceil_mode with the default stride lets a window bigger than the input give one output.
    y, div = add_pool("avg-pool", np.array([[1.0, 2.0], [3.0, 5.0]]), (3, 3), ceil=True, name="avg-ceil-window-bigger-than-input")
    assert y.ravel().tolist() == [11 / 4] and div.ravel().tolist() == [4]
    add_pool("max-pool", np.array([[1.0, 2.0], [3.0, 5.0]]), (3, 3), ceil=True, name="max-ceil-window-bigger-than-input")
    add_pool("avg-pool", np.array([[1.0, 2.0], [3.0, 5.0]]), (3, 3), name="avg-window-bigger-than-input-no-ceil")  # error
    # Padding at the limit: half the (effective) window.
    add_pool("avg-pool", np.arange(16, dtype=float).reshape(4, 4), (3, 3), s=(1, 1), p=(1, 1), name="avg-pad-at-limit-k3")
    add_pool("avg-pool", np.arange(12, dtype=float).reshape(3, 4), (2, 4), s=(1, 1), p=(1, 2), name="avg-pad-at-limit-k2x4")
    add_pool("avg-pool", np.arange(16, dtype=float).reshape(4, 4), (3, 3), p=(2, 2), name="avg-pad-over-limit")  # error
    add_pool("max-pool", np.arange(16, dtype=float).reshape(4, 4), (2, 2), p=(1, 1), name="max-pad-at-limit-k2")
    # Dilation (max only) does not raise the limit: k=2, d=3 spans 4 cells but still allows only
    # pad 1 (pad 2 passes pooling_output_shape's half-the-span check, not pool2d_shape_check's).
    add_pool("max-pool", np.arange(49, dtype=float).reshape(7, 7), (2, 2), s=(1, 1), d=(3, 3), p=(1, 1),
             name="max-dilated-pad-at-limit")
    add_pool("max-pool", np.arange(49, dtype=float).reshape(7, 7), (2, 2), s=(1, 1), d=(3, 3), p=(2, 2),
             name="max-dilated-pad-over-limit")  # error
    add_pool("max-pool", np.arange(49, dtype=float).reshape(7, 7), (3, 3), s=(2, 2), d=(2, 2), p=(1, 1), ceil=True,
             name="max-dilated-k3-pad-at-limit-ceil")
    add_pool("max-pool", rng.integers(-3, 4, (2, 6, 7)).astype(float), (3, 2), s=(2, 3), d=(2, 3), ceil=True,
             name="max-dilated-ceil")
    # Dilation with padding can leave a window with no input cell at all: -inf, argmax -1.
    y, arg = add_pool("max-pool", np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), (2, 2), s=(1, 1), d=(3, 1), p=(1, 0),
                      name="max-dilated-all-padding-window")
    assert y.shape == (1, 1, 2) and np.isneginf(y).all() and arg.ravel().tolist() == [-1, -1]
    add_pool("avg-pool", np.arange(9, dtype=float).reshape(3, 3), (2, 2), d=(2, 2), name="avg-dilation-refused")  # error
    # 1x1 pools: stride 1 copies the input, stride 2 subsamples it.
    x = rng.integers(-5, 6, (2, 3, 4)).astype(float)
    y, _ = add_pool("max-pool", x, (1, 1), name="max-1x1")
    assert np.array_equal(y, x)
    y, _ = add_pool("avg-pool", x, (1, 1), s=(2, 2), name="avg-1x1-stride2")
    assert np.array_equal(y, x[:, ::2, ::2])
    # Non-square windows and a stride wider than the window (cells no window reads).
    add_pool("max-pool", rng.integers(-5, 6, (3, 5, 8)).astype(float), (2, 3), s=(3, 4), name="max-stride-over-kernel")
    add_pool("avg-pool", rng.integers(-5, 6, (3, 5, 8)).astype(float), (2, 3), s=(3, 4), ceil=True, name="avg-stride-over-kernel-ceil")
    add_pool("avg-pool", rng.integers(-5, 6, (1, 4, 9)).astype(float), (1, 3), name="avg-row-window")


def random_pool(op, i):
    while True:
        m = fx.pick("int", "int", "float", "ninths")
        k = [int(v) for v in fx.pick(rng.integers(1, 5, 2), (int(rng.integers(1, 5)),) * 2)]
        d = [int(v) for v in rng.integers(1, 4, 2)] if op == "max-pool" and i % 3 != 0 else [1, 1]
        s = None if i % 4 == 0 else [int(v) for v in rng.integers(1, 5, 2)]
        p = [int(rng.integers(0, k[a] // 2 + 1)) for a in (0, 1)]
        ceil = bool(i % 2)
        shape = tuple(int(v) for v in rng.integers(1, 10, 2))
        shape = shape if rng.random() < 0.3 else (int(rng.integers(1, 4)),) + shape
        if pool_error(op, shape[-2], shape[-1], k, k if s is None else s, p, d, ceil) is None:
            break
    x = fx.values(shape, m)
    if op == "max-pool" and i % 5 == 1:  # NaN and -inf sprinkled in
        flat = x.reshape(-1)
        for j in rng.choice(flat.size, size=max(1, flat.size // 6), replace=False):
            flat[j] = fx.pick(np.nan, -np.inf, -np.inf)
    add_pool(op, x, k, s, p, d, ceil)


# ----------------------------------------------------- padding-mode cases
def source_index(i, n, mode):
    """The input index a padded position i (may be < 0 or >= n) copies, or None for a zero.
    The index map proposed for ConvKit (NOTES-pool.md), valid within PyTorch's limits."""
    if 0 <= i < n:
        return i
    if mode == "zeros":
        return None
    if mode == "reflect":  # mirror about the edge cell, which is not repeated
        return -i if i < 0 else 2 * (n - 1) - i
    if mode == "replicate":
        return 0 if i < 0 else n - 1
    return i % n  # circular


def mode_error(mode, x, kh, kw, o):
    c3 = as_chw(x)
    for a, (n, k) in enumerate(((c3.shape[1], kh), (c3.shape[2], kw))):
        before, after = fx.pads(n, k, o["dilation"][a], o["stride"][a], o["padding"], a)
        if mode == "reflect" and (before >= n or after >= n):
            return {"kind": "reflect-padding-too-large", "axis": a, "padding": [before, after], "size": n,
                    "message": f"reflect padding ({before}, {after}) must be less than the input size {n} on axis {a}"}
        if mode == "circular" and (before > n or after > n):
            return {"kind": "circular-padding-too-large", "axis": a, "padding": [before, after], "size": n,
                    "message": f"circular padding ({before}, {after}) must be at most the input size {n} on axis {a}"}
    return None


def kernel_hw(op, w):
    return (1, 1) if op == "pointwise" else w.shape[-2:]


def padded(x, kh, kw, o, mode):
    c3 = as_chw(x)
    ph = fx.pads(c3.shape[1], kh, o["dilation"][0], o["stride"][0], o["padding"], 0)
    pw = fx.pads(c3.shape[2], kw, o["dilation"][1], o["stride"][1], o["padding"], 1)
    return np.pad(c3, ((0, 0), ph, pw), mode=NUMPY_MODE[mode]), ph, pw


def mode_reference(op, x, w, b, o, mode):
    """PyTorch's route (Conv2d._conv_forward): F.pad with the mode, then the layer unpadded."""
    kh, kw = kernel_hw(op, w)
    xp = padded(x, kh, kw, o, mode)[0]
    return fx.OPS[op](xp, w, b, dict(o, padding=[0, 0]))


def mode_by_map(op, x, w, b, o, mode):
    """Direct loop over the window, each padded position read through source_index."""
    c3 = as_chw(x)
    cin, h, wd = c3.shape
    kh, kw = kernel_hw(op, w)
    (sh, sw), (dh, dw) = o["stride"], o["dilation"]
    (top, bottom), (left, right) = padded(x, kh, kw, o, "zeros")[1:]
    ho, wo = (h + top + bottom - dh * (kh - 1) - 1) // sh + 1, (wd + left + right - dw * (kw - 1) - 1) // sw + 1

    def read(c, y, x_):
        sy, sx = source_index(y, h, mode), source_index(x_, wd, mode)
        return 0.0 if sy is None or sx is None else c3[c, sy, sx]

    if op == "im2col":
        return np.array([[read(c, oy * sh - top + ky * dh, ox * sw - left + kx * dw)
                          for oy, ox in itertools.product(range(ho), range(wo))]
                         for c, ky, kx in itertools.product(range(cin), range(kh), range(kw))]).reshape(cin * kh * kw, ho * wo)
    if op == "depthwise":
        w4, g = w[:, None], cin
    elif op == "pointwise":
        w4, g = w[:, :, None, None], 1
    else:
        w4, g = fx.as_oihw(w), o["groups"]
    if o["flip"]:
        w4 = w4[:, :, ::-1, ::-1]
    cout, cg = w4.shape[:2]
    out = np.zeros((cout, ho, wo))
    for co, oy, ox in itertools.product(range(cout), range(ho), range(wo)):
        total = 0.0
        for c, ky, kx in itertools.product(range(cg), range(kh), range(kw)):
            ci = co // (cout // g) * cg + c
            total += read(ci, oy * sh - top + ky * dh, ox * sw - left + kx * dw) * w4[co, c, ky, kx]
        out[co, oy, ox] = total + (0 if b is None else b[co])
    return np.maximum(out, 0) if o["relu"] else out


def add_mode(op, x, w, b, o, mode, name=None):
    kh, kw = kernel_hw(op, w)
    base = dict(op=op, input=tensor(x), kernel=tensor(w), bias=tensor(b),
                **{k: o[k] for k in ("stride", "padding", "output_padding", "dilation", "groups", "flip", "relu")},
                padding_mode=mode)
    err = mode_error(mode, x, kh, kw, o)
    if err is not None:
        cases.append(dict(name=name or f"{op}-{mode}-error-{count(op + mode + 'e'):02d}", **base, expected=None, error=err))
        seen.add(("mode-error", err["kind"]))
        return None
    y = mode_reference(op, x, w, b, o, mode)
    assert fx.close(y, mode_by_map(op, x, w, b, o, mode)), f"padding mode routes disagree: {op} {mode} {name}"
    cross["pad-map"] += 1
    if mode == "zeros":  # the plain reference pads with zeros itself
        assert fx.close(y, fx.OPS[op](x, w, b, o))
    if op == "im2col":
        w4 = fx.as_oihw(w)
        ref = mode_reference("conv2d", x, w4, None, dict(o, groups=1, flip=False, relu=False), mode)
        assert fx.close((w4.reshape(w4.shape[0], -1) @ y).reshape(ref.shape), ref), "W @ im2col != conv2d (padding mode)"
        cross["im2col-matmul"] += 1
    c3 = as_chw(x)
    pads = [fx.pads(c3.shape[1 + a], (kh, kw)[a], o["dilation"][a], o["stride"][a], o["padding"], a) for a in (0, 1)]
    seen.update({(op, mode), (op, mode, "stride", o["stride"] != [1, 1]), (op, mode, "dilation", o["dilation"] != [1, 1]),
                 (mode, "pad", o["padding"] if isinstance(o["padding"], str) else "explicit"),
                 (mode, "asymmetric-same", any(a != b_ for a, b_ in pads)),
                 (mode, "pad-at-limit", any(max(pads[a]) == c3.shape[1 + a] - (mode == "reflect") for a in (0, 1)))})
    cases.append(dict(name=name or f"{op}-{mode}-{count(op + mode):03d}", **base, expected=tensor(y)))
    return y


def options(pad_kind, op):
    s = [1, 1] if pad_kind == "same" else [int(v) for v in fx.pick([1, 1], rng.integers(1, 4, 2))]
    d = [1, 1] if op == "pointwise" else [int(v) for v in fx.pick([1, 1], rng.integers(1, 4, 2))]
    p = [int(v) for v in rng.integers(0, 4, 2)] if pad_kind == "explicit" else pad_kind
    return dict(stride=s, padding=p, output_padding=[0, 0], dilation=d, groups=1, flip=False, relu=False)


def random_mode(op, mode, pad_kind, i):
    for _ in range(1000):
        m = fx.pick("int", "int", "float", "ninths")
        c = int(rng.integers(1, 4))
        h, w_ = (int(v) for v in rng.integers(1, 8, 2))
        kh, kw = (1, 1) if op == "pointwise" else (int(v) for v in rng.integers(1, 5, 2))
        o = options(pad_kind, op)
        if op == "conv2d":
            o["groups"] = int(fx.pick(1, 1, c))
        if op in ("conv2d", "depthwise"):
            o["flip"] = bool(i % 2)
        o["relu"] = op != "im2col" and i % 3 == 0
        xshape = (h, w_) if c == 1 and rng.random() < 0.5 else (c, h, w_)
        if mode_error(mode, np.zeros(xshape), kh, kw, o) is None and fx.fits((h, w_), (kh, kw), o):
            break
    else:
        raise AssertionError(f"no valid layer for {op} {mode} {pad_kind}")
    x = fx.values(xshape, m)
    if op == "conv2d":
        g = o["groups"]
        cout = g * int(rng.integers(1, 3))
        k = fx.values((kh, kw) if c == 1 and g == 1 and i % 2 else (cout, c // g, kh, kw), m)
        b = fx.values((k.shape[0] if k.ndim == 4 else 1,), m) if i % 2 == 0 else None
    elif op == "depthwise":
        k, b = fx.values((c, kh, kw), m), (fx.values((c,), m) if i % 2 == 0 else None)
    elif op == "pointwise":
        cout = int(rng.integers(1, 4))
        k, b = fx.values((cout, c), m), (fx.values((cout,), m) if i % 2 == 0 else None)
    else:
        k, b = fx.values((int(rng.integers(1, 3)), c, kh, kw), m), None
    add_mode(op, x, k, b, o, mode)


def mode_named_cases():
    plain = dict(stride=[1, 1], padding=[1, 1], output_padding=[0, 0], dilation=[1, 1], groups=1, flip=False, relu=False)
    # The lesson's picture: Sobel (vertical edges) over a uniformly bright image. Zero padding
    # invents an edge at the left and right borders; reflect and replicate see none; circular
    # joins the right border to the left.
    bright = np.full((4, 5), 9.0)
    sobel = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], float)
    for mode in ("zeros", "reflect", "replicate", "circular"):
        y = add_mode("conv2d", bright, sobel, None, plain, mode, name=f"sobel-bright-border-{mode}")
        edge = np.abs(y).max()
        assert (edge > 0) == (mode == "zeros"), f"Sobel on a flat image: {mode}"
    ramp = np.tile(np.arange(5, dtype=float), (4, 1))  # brightness rises left to right
    for mode in ("zeros", "reflect", "replicate", "circular"):
        add_mode("conv2d", ramp, sobel, None, plain, mode, name=f"sobel-ramp-{mode}")
    # What each mode copies, on one row (1x1 kernel of 1: the output is the padded input).
    row = np.array([[1.0, 2.0, 3.0, 4.0]])
    want = {"zeros": [0, 0, 1, 2, 3, 4, 0, 0], "reflect": [3, 2, 1, 2, 3, 4, 3, 2],
            "replicate": [1, 1, 1, 2, 3, 4, 4, 4], "circular": [3, 4, 1, 2, 3, 4, 1, 2]}
    for mode, v in want.items():
        y = add_mode("conv2d", row, np.ones((1, 1)), None, dict(plain, padding=[0, 2]), mode, name=f"identity-row-{mode}")
        assert y.ravel().tolist() == v
    # Limits: reflect needs padding < size, circular padding <= size (wraps once), replicate any.
    col = np.arange(1, 4, dtype=float).reshape(3, 1)
    add_mode("conv2d", col, np.ones((1, 1)), None, dict(plain, padding=[2, 0]), "reflect", name="reflect-pad-at-limit")
    add_mode("conv2d", col, np.ones((1, 1)), None, dict(plain, padding=[3, 0]), "reflect", name="reflect-pad-equals-size")
    y = add_mode("conv2d", col, np.ones((1, 1)), None, dict(plain, padding=[3, 0]), "circular", name="circular-pad-equals-size")
    assert y.ravel().tolist() == [1, 2, 3, 1, 2, 3, 1, 2, 3]
    add_mode("conv2d", col, np.ones((1, 1)), None, dict(plain, padding=[4, 0]), "circular", name="circular-pad-over-size")
    y = add_mode("conv2d", col, np.ones((1, 1)), None, dict(plain, padding=[5, 0]), "replicate", name="replicate-pad-over-size")
    assert y.ravel().tolist() == [1] * 6 + [2] + [3] * 6
    one = np.array([[7.0, 8.0]])
    add_mode("conv2d", one, np.ones((3, 1)), None, dict(plain, padding=[1, 0]), "reflect", name="reflect-one-row-refused")
    add_mode("conv2d", one, np.ones((3, 1)), None, dict(plain, padding=[1, 0]), "replicate", name="replicate-one-row")
    # 'same' with an even kernel: PyTorch pads d*(k-1)//2 before, the rest after.
    x = np.arange(1, 13, dtype=float).reshape(3, 4)
    for mode in ("zeros", "reflect", "replicate", "circular"):
        add_mode("conv2d", x, np.arange(1, 5, dtype=float).reshape(2, 2), None, dict(plain, padding="same"), mode,
                 name=f"same-even-kernel-{mode}")
        add_mode("depthwise", np.stack([x, -x]), np.arange(1, 9, dtype=float).reshape(2, 1, 4), None,
                 dict(plain, padding="same", dilation=[1, 2]), mode, name=f"same-even-dilated-{mode}")
    # 'same' asks reflect for (1, 2) on a 2-wide axis: the right side is refused alone.
    add_mode("conv2d", np.arange(1, 5, dtype=float).reshape(2, 2), np.ones((1, 4)), None, dict(plain, padding="same"),
             "reflect", name="reflect-same-even-right-side-refused")
    # Stride and dilation: padding is copied first, then the strided dilated window reads it.
    x = rng.integers(-4, 5, (2, 5, 6)).astype(float)
    for mode in ("reflect", "replicate", "circular"):
        add_mode("conv2d", x, rng.integers(-2, 3, (3, 2, 3, 2)).astype(float), None,
                 dict(plain, stride=[2, 3], dilation=[2, 1], padding=[2, 1]), mode, name=f"strided-dilated-{mode}")
        add_mode("pointwise", x, rng.integers(-2, 3, (2, 2)).astype(float), None, dict(plain, stride=[2, 2], padding=[1, 2]),
                 mode, name=f"pointwise-padded-{mode}")
        add_mode("im2col", x[:1], np.ones((2, 3)), None, dict(plain, stride=[1, 2], padding=[1, 2]), mode,
                 name=f"im2col-{mode}")


# ------------------------------------------------------------------- cases
def main():
    pool_named_cases()
    for op in ("max-pool", "avg-pool"):
        for i in range(60):
            random_pool(op, i)
    mode_named_cases()
    for op, reps in (("conv2d", 4), ("depthwise", 3), ("pointwise", 3), ("im2col", 3)):
        for mode in ("zeros", "reflect", "replicate", "circular"):
            kinds = ("explicit", "explicit") if op == "pointwise" else ("explicit", "same", "full")
            for i in range(reps * len(kinds)):
                random_mode(op, mode, kinds[i % len(kinds)], i)

    need = set()
    for op in ("max-pool", "avg-pool"):
        need |= {(op, "in", 2), (op, "in", 3), (op, "ceil", True), (op, "ceil", False), (op, "pad", True),
                 (op, "default-stride", True), (op, "non-square", True), (op, "stride>kernel", True), (op, "1x1", True),
                 (op, "pad-at-limit", True), (op, "ceil-changes-shape", True)}
    need |= {("max", "dilation", True), ("max", "nan", True), ("max", "-inf", True), ("max", "all-padding-window", True),
             ("avg-divisor-clipped", True)}
    need |= {("pool-error", k) for k in ("dilation-with-avg-pool", "padding-over-half-window", "no-output")}
    for op in ("conv2d", "depthwise", "pointwise", "im2col"):
        for mode in NUMPY_MODE:
            need |= {(op, mode), (op, mode, "stride", True)}
            if op != "pointwise":
                need.add((op, mode, "dilation", True))
    for mode in NUMPY_MODE:
        need |= {(mode, "pad", "explicit"), (mode, "pad", "same"), (mode, "pad", "full"), (mode, "asymmetric-same", True)}
    need |= {("reflect", "pad-at-limit", True), ("circular", "pad-at-limit", True)}
    need |= {("mode-error", "reflect-padding-too-large"), ("mode-error", "circular-padding-too-large")}
    assert need <= seen, f"missing coverage: {sorted(need - seen, key=str)}"
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"generator": "Scripts/gen_pool_fixtures.py", "seed": SEED, "cases": cases},
                              separators=(",", ":"), allow_nan=False) + "\n")
    groups = {}
    for c in cases:
        key = c["op"] + ("" if "padding_mode" not in c else f"/{c['padding_mode']}") + (" error" if c.get("error") else "")
        groups[key] = groups.get(key, 0) + 1
    print(f"wrote {len(cases)} cases to {OUT} ({OUT.stat().st_size} bytes)")
    print("per group:", dict(sorted(groups.items())))
    print("cross-checks passed:", cross)


if __name__ == "__main__":
    main()
