#!/usr/bin/env python3
"""Produce the golden test fixtures that ConvKit's Swift tests compare against.

Writes Tests/ConvKitTests/Fixtures/cases.json: worked cases for the ops conv2d,
depthwise, pointwise, dense, im2col and conv-transpose. Each case holds the
input, kernel, optional bias, options (stride, padding, output_padding,
dilation, groups, flip, relu) and the expected output, as float64 values in
flat C order plus shapes. Conventions follow PyTorch without the batch
dimension:
  * flip=false is cross-correlation (torch, scipy.signal.correlate2d); flip=true
    turns each kh x kw kernel slice 180 degrees first, i.e. true convolution.
  * zero padding: "valid", "full", "same" (stride 1 only, the odd extra pixel
    goes bottom/right) or [ph, pw] applied to both sides of each axis.
  * conv outputs are always [Cout, Hout, Wout]; im2col rows/columns follow
    torch.nn.functional.unfold.
  * conv-transpose is torch.nn.ConvTranspose2d: kernel [Cin, Cout/groups, kh, kw]
    ([Cin, kh, kw] is one output channel per group, [kh, kw] one in, one out),
    padding [ph, pw] (or "valid" = 0) crops each side of the full scatter,
    output_padding (< stride or < dilation) keeps extra rows/columns at the
    bottom/right; output size (H-1)*stride - 2*padding + dilation*(k-1) +
    output_padding + 1. output_padding is [0, 0] for every other op.

Expected values come from the small numpy reference below, and every case is
cross-checked by an independent route before anything is written: conv2d
against scipy.signal correlate2d/convolve2d (zero-dilated kernel, output
thinned by the stride, groups summed by hand); depthwise against grouped
conv2d; pointwise against a 1x1 conv2d; im2col by multiplying the flattened
kernel with the columns; dense against an explicit sum; conv-transpose (whose
reference is the scatter-add definition) against zero insertion, padding and
scipy correlate2d with the rotated, channel-swapped kernel. Any disagreement
stops the script with an AssertionError.

The random generators are seeded, so reruns give a byte-identical file. The
conv-transpose cases and then the large cases (rows wider than 64 columns, layers
of more than 2^20 products, which compute() runs on several threads) come last,
each from its own generator, so the cases before them are the same as before
they existed.
Regenerate from the repository root with:  python3 Scripts/gen_fixtures.py
"""
import itertools
import json
import pathlib

import numpy as np
from scipy.signal import convolve2d, correlate2d

SEED = 20261126
SEED_TRANSPOSE = 20261127
SEED_LARGE = 20261203
OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvKitTests/Fixtures/cases.json"
rng = np.random.default_rng(SEED)


# ---------------------------------------------------------------- reference
def as_chw(x):
    return x[None] if x.ndim == 2 else x


def as_oihw(w):
    """[kh,kw] -> [1,1,kh,kw]; [C,kh,kw] -> [1,C,kh,kw]; 4-D unchanged."""
    return w.reshape((1,) * (4 - w.ndim) + w.shape)


def pads(n, k, d, s, padding, axis):
    """(before, after) zero padding for one spatial axis."""
    span = d * (k - 1)
    if padding in ("valid", "full"):
        return (0, 0) if padding == "valid" else (span, span)
    if padding == "same":
        assert s == 1, "'same' is only defined for stride 1"
        return span // 2, span - span // 2
    return padding[axis], padding[axis]


def out_size(n, k, d, s, padding, axis):
    a, b = pads(n, k, d, s, padding, axis)
    return (n + a + b - d * (k - 1) - 1) // s + 1


def pad_input(x, kh, kw, o):
    (sh, sw), (dh, dw), p = o["stride"], o["dilation"], o["padding"]
    x = as_chw(x)
    ph, pw = pads(x.shape[1], kh, dh, sh, p, 0), pads(x.shape[2], kw, dw, sw, p, 1)
    ho, wo = out_size(x.shape[1], kh, dh, sh, p, 0), out_size(x.shape[2], kw, dw, sw, p, 1)
    return np.pad(x, ((0, 0), ph, pw)), ho, wo


def conv2d(x, w, b, o):
    w = as_oihw(w)
    if o["flip"]:
        w = w[:, :, ::-1, ::-1]
    cout, cin_g, kh, kw = w.shape
    (sh, sw), (dh, dw), g = o["stride"], o["dilation"], o["groups"]
    xp, ho, wo = pad_input(x, kh, kw, o)
    assert xp.shape[0] == cin_g * g and cout % g == 0
    out = np.zeros((cout, ho, wo))
    og = cout // g
    for gi in range(g):
        xs, ws = xp[gi * cin_g:(gi + 1) * cin_g], w[gi * og:(gi + 1) * og]
        for ky, kx in itertools.product(range(kh), range(kw)):
            patch = xs[:, ky * dh:ky * dh + (ho - 1) * sh + 1:sh, kx * dw:kx * dw + (wo - 1) * sw + 1:sw]
            out[gi * og:(gi + 1) * og] += np.einsum("oc,chw->ohw", ws[:, :, ky, kx], patch)
    if b is not None:
        out += b[:, None, None]
    return np.maximum(out, 0) if o["relu"] else out


def depthwise(x, w, b, o):  # each channel convolved with its own [kh,kw] slice
    bias = [None] * len(w) if b is None else b[:, None]
    return np.concatenate([conv2d(xc, wc, bc, dict(o, groups=1)) for xc, wc, bc in zip(as_chw(x), w, bias)])


def pointwise(x, w, b, o):  # a channel mix at every strided position of the padded input
    xp, ho, wo = pad_input(x, 1, 1, o)
    y = np.einsum("oc,chw->ohw", w, xp[:, ::o["stride"][0], ::o["stride"][1]][:, :ho, :wo])
    y = y + (0 if b is None else b[:, None, None])
    return np.maximum(y, 0) if o["relu"] else y


def dense(x, w, b, o):
    y = w @ x.ravel() + (0 if b is None else b)
    return np.maximum(y, 0) if o["relu"] else y


def im2col(x, w, b, o):
    kh, kw = w.shape[-2:]
    (sh, sw), (dh, dw) = o["stride"], o["dilation"]
    xp, ho, wo = pad_input(x, kh, kw, o)
    rows = [xp[c, oy * sh + ky * dh, ox * sw + kx * dw]
            for c, ky, kx in itertools.product(range(xp.shape[0]), range(kh), range(kw))
            for oy, ox in itertools.product(range(ho), range(wo))]
    return np.array(rows, dtype=float).reshape(xp.shape[0] * kh * kw, ho * wo)


def as_transposed_weight(w):
    """[kh,kw] -> [1,1,kh,kw]; [Cin,kh,kw] -> [Cin,1,kh,kw]; 4-D unchanged."""
    return w[None, None] if w.ndim == 2 else w[:, None] if w.ndim == 3 else w


def transposed_pads(o):
    return (0, 0) if o["padding"] == "valid" else tuple(o["padding"])


def transposed_size(n, k, a, o):
    return (n - 1) * o["stride"][a] - 2 * transposed_pads(o)[a] + o["dilation"][a] * (k - 1) + o["output_padding"][a] + 1


def conv_transpose(x, w, b, o):
    """The definition: x[ci,iy,ix] * w[ci,j,ky,kx] is added into output channel
    group(ci)*Cout/groups + j at (iy*s - p + ky*d, ix*s - p + kx*d); products
    landing outside the output are cropped away."""
    x, w = as_chw(x), as_transposed_weight(w)
    cin, cog, kh, kw = w.shape
    (sh, sw), (dh, dw), (ph, pw), g = o["stride"], o["dilation"], transposed_pads(o), o["groups"]
    assert cin == x.shape[0] and cin % g == 0
    assert all(o["output_padding"][a] < max(o["stride"][a], o["dilation"][a]) for a in (0, 1)), "PyTorch's rule"
    ho, wo = transposed_size(x.shape[1], kh, 0, o), transposed_size(x.shape[2], kw, 1, o)
    out = np.zeros((cog * g, ho, wo))
    for ci, iy, ix in itertools.product(*map(range, x.shape)):
        for j, ky, kx in itertools.product(range(cog), range(kh), range(kw)):
            oy, ox = iy * sh - ph + ky * dh, ix * sw - pw + kx * dw
            if 0 <= oy < ho and 0 <= ox < wo:
                out[ci // (cin // g) * cog + j, oy, ox] += x[ci, iy, ix] * w[ci, j, ky, kx]
    if b is not None:
        out += b[:, None, None]
    return np.maximum(out, 0) if o["relu"] else out


OPS = {"conv2d": conv2d, "depthwise": depthwise, "pointwise": pointwise, "dense": dense, "im2col": im2col,
       "conv-transpose": conv_transpose}


# ------------------------------------------------------------ cross-checks
def close(a, b):
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-12, atol=1e-12)


def check(op, x, w, b, o, y):
    if op == "conv2d":  # scipy on a zero-dilated kernel, then keep every stride-th output
        w4, g = as_oihw(w), o["groups"]
        (sh, sw), (dh, dw) = o["stride"], o["dilation"]
        kd = np.zeros(w4.shape[:2] + (dh * (w4.shape[2] - 1) + 1, dw * (w4.shape[3] - 1) + 1))
        kd[:, :, ::dh, ::dw] = w4
        xp = pad_input(x, *w4.shape[2:], o)[0]
        f, cin, og = (convolve2d if o["flip"] else correlate2d), w4.shape[1], w4.shape[0] // g
        ref = np.stack([sum(f(xp[(co // og) * cin + c], kd[co, c], "valid") for c in range(cin))[::sh, ::sw]
                        for co in range(w4.shape[0])])
        ref = ref + (0 if b is None else b[:, None, None])
        assert close(y, np.maximum(ref, 0) if o["relu"] else ref), "conv2d != scipy cross-check"
        return 1
    if op == "depthwise":
        assert close(y, conv2d(x, w[:, None], b, dict(o, groups=w.shape[0]))), "depthwise != grouped conv2d"
    if op == "pointwise":
        assert close(y, conv2d(x, w[:, :, None, None], b, o)), "pointwise != 1x1 conv2d"
    if op == "im2col":
        w4 = as_oihw(w)
        ref = conv2d(x, w4, None, dict(o, groups=1, flip=False, relu=False))
        prod = (w4.reshape(w4.shape[0], -1) @ y).reshape(ref.shape)
        assert close(prod, ref), "W @ im2col != conv2d"
    if op == "conv-transpose":  # zeros inserted, padded (or cropped), then scipy with the rotated kernel
        x, w4, g = as_chw(x), as_transposed_weight(w), o["groups"]
        cin, cog, kh, kw = w4.shape
        (sh, sw), (dh, dw), (ph, pw), (oph, opw) = o["stride"], o["dilation"], transposed_pads(o), o["output_padding"]
        z = np.zeros((cin, (x.shape[1] - 1) * sh + 1, (x.shape[2] - 1) * sw + 1))
        z[:, ::sh, ::sw] = x
        top, left = dh * (kh - 1) - ph, dw * (kw - 1) - pw
        sides = ((top, top + oph), (left, left + opw))
        z = np.pad(z, ((0, 0),) + tuple((max(a, 0), max(e, 0)) for a, e in sides))
        z = z[:, max(-sides[0][0], 0):z.shape[1] - max(-sides[0][1], 0), max(-sides[1][0], 0):z.shape[2] - max(-sides[1][1], 0)]
        kd = np.zeros((cin, cog, dh * (kh - 1) + 1, dw * (kw - 1) + 1))
        kd[:, :, ::dh, ::dw] = w4[:, :, ::-1, ::-1]
        per = cin // g
        ref = np.stack([sum(correlate2d(z[co // cog * per + c], kd[co // cog * per + c, co % cog], "valid") for c in range(per))
                        for co in range(cog * g)])
        ref = ref + (0 if b is None else b[:, None, None])
        assert close(y, np.maximum(ref, 0) if o["relu"] else ref), "conv-transpose != zero-inserted direct conv"
        return 1
    if op == "dense":
        xf = x.ravel()
        ref = np.array([sum(w[i, j] * xf[j] for j in range(xf.size)) for i in range(w.shape[0])])
        ref = ref + (0 if b is None else b)
        assert close(y, np.maximum(ref, 0) if o["relu"] else ref), "dense != explicit sum"
    return 0


# ---------------------------------------------------------------- sampling
def pick(*xs):
    return xs[rng.integers(len(xs))]


def values(shape, mode):
    if mode == "int":
        return rng.integers(-3, 4, size=shape).astype(float)
    if mode == "ninths":
        return rng.integers(-9, 10, size=shape) / 9.0
    return rng.uniform(-2, 2, size=shape)


def options(pad_kind, stride=None, dilation=None, **kw):
    s = stride or [int(rng.integers(1, 4)), int(rng.integers(1, 4))]
    d = dilation or [int(rng.integers(1, 4)), int(rng.integers(1, 4))]
    if pad_kind == "same":
        s = [1, 1]
    p = [int(rng.integers(0, 4)), int(rng.integers(0, 4))] if pad_kind == "explicit" else pad_kind
    return dict(dict(stride=s, padding=p, output_padding=[0, 0], dilation=d, groups=1, flip=False, relu=False), **kw)


def fits(hw, khw, o):
    return all(out_size(hw[a], khw[a], o["dilation"][a], o["stride"][a], o["padding"], a) >= 1 for a in (0, 1))


cases, counts, seen, scipy_checks = [], {}, set(), 0
transposed_checks, transposed_seen = 0, set()


def tensor(a):
    return None if a is None else {"shape": list(a.shape), "data": (np.asarray(a, float).ravel() + 0.0).tolist()}


def add(op, x, w, b, o, name=None):
    global scipy_checks, transposed_checks
    y = OPS[op](x, w, b, o)
    if op == "conv-transpose":
        transposed_checks += check(op, x, w, b, o, y)
    else:
        scipy_checks += check(op, x, w, b, o, y)
    counts[op] = counts.get(op, 0) + 1
    cases.append(dict(name=name or f"{op}-{counts[op]:04d}", op=op, input=tensor(x), kernel=tensor(w),
                      bias=tensor(b), **{k: o[k] for k in ("stride", "padding", "output_padding", "dilation", "groups", "flip", "relu")},
                      expected=tensor(y)))
    return y


def random_conv(krank, pad_kind, flip, use_bias, relu):
    while True:
        m = pick("int", "int", "float", "float", "ninths")
        g = int(pick(1, 1, 2, 3)) if krank == 4 else 1
        c = 1 if krank == 2 else g * int(rng.integers(1, 6 // g + 1))
        cout = {2: 1, 3: 1, 4: g * int(rng.integers(1, 6 // g + 1))}[krank]
        kh, kw = pick((1, int(rng.integers(1, 5))), (int(rng.integers(1, 5)), 1), *rng.integers(1, 5, (3, 2)))
        h, w_ = (int(v) for v in rng.integers(1, 10, 2))
        o = options(pad_kind, groups=g, flip=flip, relu=relu)
        if fits((h, w_), (kh, kw), o):
            break
    xshape = (h, w_) if c == 1 and rng.random() < 0.5 else (c, h, w_)
    kshape = {2: (kh, kw), 3: (c, kh, kw), 4: (cout, c // g, kh, kw)}[krank]
    b = values((cout,), m) if use_bias else None
    seen.update({("in", len(xshape)), ("k", krank), ("pad", pad_kind), ("g", g), ("s", tuple(o["stride"])),
                 ("d", tuple(o["dilation"]))})
    add("conv2d", values(xshape, m), values(kshape, m), b, o)


def random_other(op, i):
    while True:
        m, pad_kind = pick("int", "int", "float", "float", "ninths"), ["valid", "same", "full", "explicit"][i % 4]
        c, cout = (int(v) for v in rng.integers(1, 7, 2))
        h, w_ = (int(v) for v in rng.integers(1, 10, 2))
        kh, kw = (1, 1) if op == "pointwise" else tuple(int(v) for v in rng.integers(1, 5, 2))
        o = options(pad_kind, dilation=[1, 1] if op == "pointwise" else None,
                    flip=op == "depthwise" and i % 2 == 1, relu=op != "im2col" and i % 3 == 0)
        if fits((h, w_), (kh, kw), o):
            break
    x = values((c, h, w_), m)
    if op == "depthwise":
        return add(op, x, values((c, kh, kw), m), values((c,), m) if i % 2 == 0 else None, o)
    if op == "pointwise":
        return add(op, x, values((cout, c), m), values((cout,), m) if i % 2 == 0 else None, o)
    krank = pick(3, 4) if c > 1 else pick(2, 3, 4)
    kshape = {2: (kh, kw), 3: (c, kh, kw), 4: (cout, c, kh, kw)}[krank]
    return add(op, x, values(kshape, m), None, o)


def random_dense(i):
    m = pick("int", "int", "float", "float", "ninths")
    xshape = [(int(rng.integers(1, 13)),), tuple(int(v) for v in rng.integers(1, 6, 2)),
              tuple(int(v) for v in rng.integers(1, 4, 3))][i % 3]
    n_out = int(rng.integers(1, 7))
    o = options("valid", stride=[1, 1], dilation=[1, 1], relu=i % 2 == 1)
    b = values((n_out,), m) if i % 4 < 2 else None
    add("dense", values(xshape, m), values((n_out, int(np.prod(xshape))), m), b, o)


def random_transposed(i):
    while True:
        m, g = pick("int", "int", "float", "float", "ninths"), int(pick(1, 1, 2, 3))
        cin, cog = g * int(rng.integers(1, 6 // g + 1)), int(rng.integers(1, 4))
        kh, kw = (int(v) for v in pick((1, int(rng.integers(1, 5))), (int(rng.integers(1, 5)), 1), *rng.integers(1, 5, (3, 2))))
        h, w_ = (int(v) for v in rng.integers(1, 7, 2))
        s, d = [int(v) for v in rng.integers(1, 4, 2)], [int(v) for v in rng.integers(1, 4, 2)]
        p = "valid" if i % 10 == 0 else [int(v) for v in rng.integers(0, 4, 2)]
        op = [int(rng.integers(0, max(s[a], d[a]))) for a in (0, 1)]
        o = dict(stride=s, padding=p, output_padding=op, dilation=d, groups=g, flip=False, relu=i % 3 == 0)
        if min(transposed_size(h, kh, 0, o), transposed_size(w_, kw, 1, o)) >= 1:
            break
    xshape = (h, w_) if cin == 1 and rng.random() < 0.5 else (cin, h, w_)
    krank = int(pick(2, 4)) if cin == 1 and g == 1 and cog == 1 else int(pick(3, 4)) if cog == 1 else 4
    kshape = {2: (kh, kw), 3: (cin, kh, kw), 4: (cin, cog, kh, kw)}[krank]
    x, k = values(xshape, m), values(kshape, m)
    y = add("conv-transpose", x, k, values((cog * g,), m) if i % 2 == 0 else None, o)
    pads = transposed_pads(o)
    transposed_seen.update({("in", len(xshape)), ("k", krank), ("g", g), ("s", s[0]), ("s", s[1]), ("d", d[0]), ("d", d[1]),
                            ("op>0", max(op) > 0), ("valid", p == "valid"),
                            ("crop>reach", pads[0] > d[0] * (kh - 1) or pads[1] > d[1] * (kw - 1))})
    # Some outputs no input reaches (stride wider than the kernel): they hold only the bias.
    reached = conv_transpose(np.ones(x.shape), np.ones(k.shape), None, dict(o, relu=False)) > 0
    transposed_seen.add(("unreached", not reached.all()))
    return y


def large_cases():
    """Rows wider than 64 columns (the vector kernels' 32- and 64-column spans) and layers of
    more than 2^20 products (compute() splits those across threads), from their own generator
    so the cases before them stay as they were. Small integers keep the file short."""
    global rng
    rng = np.random.default_rng(SEED_LARGE)
    o = dict(stride=[1, 1], padding="valid", output_padding=[0, 0], dilation=[1, 1], groups=1, flip=False, relu=False)
    ints = lambda *shape: values(shape, "int")
    # 4 filters per block: 32-column spans; 'same' keeps the full width of 150.
    add("conv2d", ints(2, 6, 150), ints(4, 2, 3, 3), ints(4), dict(o, padding="same", relu=True), name="wide-conv2d-4filters")
    # One filter: 64-column spans, dilated along the row, flipped.
    add("conv2d", values((5, 203), "ninths"), values((2, 5), "ninths"), None, dict(o, dilation=[2, 3], flip=True),
        name="wide-conv2d-1filter")
    add("depthwise", ints(3, 5, 140), ints(3, 3, 3), ints(3), dict(o, padding="full", dilation=[1, 2]), name="wide-depthwise")
    # Over 2^20 products: threads, each on its own rows.
    y = add("conv2d", ints(16, 20, 70), ints(8, 16, 3, 3), ints(8), dict(o, relu=True), name="threaded-conv2d")
    assert y.size * 16 * 9 >= 1 << 20
    y = add("conv2d", ints(16, 36, 70), ints(8, 8, 3, 5), None,
            dict(o, groups=2, stride=[2, 1], dilation=[2, 1], padding=[2, 1]), name="threaded-grouped")
    assert y.shape == (8, 18, 68) and y.size * 8 * 15 >= 1 << 20


def transposed_cases():
    """The conv-transpose cases, from their own generator so the others stay as they were."""
    global rng
    rng = np.random.default_rng(SEED_TRANSPOSE)
    o = dict(stride=[2, 2], padding=[0, 0], output_padding=[0, 0], dilation=[1, 1], groups=1, flip=False, relu=False)
    x = np.array([[1, 2], [3, 4]], float)
    y = add("conv-transpose", x, np.ones((2, 2)), None, o, name="conv-transpose-stamps")
    assert np.array_equal(y, [[[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]]), "each input stamps its kernel"
    y = add("conv-transpose", x, np.ones((2, 2)), None, dict(o, stride=[1, 1]), name="conv-transpose-overlaps")
    assert np.array_equal(y, [[[1, 3, 2], [4, 10, 6], [3, 7, 4]]]), "stamps overlap and add"
    # The decoder's doubling layer: 3x3 kernel, stride 2, padding 1, output padding 1 -> twice the size.
    y = add("conv-transpose", values((3, 3), "int"), values((3, 3), "int"), None,
            dict(o, padding=[1, 1], output_padding=[1, 1]), name="conv-transpose-doubles")
    assert y.shape == (1, 6, 6)
    for i in range(120):
        random_transposed(i)
    need = {("in", 2), ("in", 3), ("k", 2), ("k", 3), ("k", 4), ("g", 1), ("g", 2), ("g", 3), ("op>0", True),
            ("valid", True), ("crop>reach", True), ("unreached", True)} | {(kind, v) for kind in "sd" for v in (1, 2, 3)}
    assert need <= transposed_seen, f"missing conv-transpose coverage: {need - transposed_seen}"


# ------------------------------------------------------------------- cases
def main():
    seed_x = np.array([[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0], [0, 1, 1, 0, 0]], float)
    seed_k = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], float)
    for flip in (False, True):
        y = add("conv2d", seed_x, seed_k, None, options("valid", [1, 1], [1, 1], flip=flip),
                name="seed-flip" if flip else "seed")
        assert np.array_equal(y, [[[4, 3, 4], [2, 4, 3], [2, 3, 4]]]), "seed example"

    # Asymmetric kernels: flip true and false must give different answers.
    for i in range(1, 7):
        while True:
            x, k = values((int(rng.integers(3, 8)), int(rng.integers(3, 8))), "int"), values((3, 3), "int")
            o = options(pick("valid", "same", "full"), [1, 1], [1, 1])
            if not np.array_equal(conv2d(x, k, None, o), conv2d(x, k, None, dict(o, flip=True))):
                break
        for flip in (False, True):
            add("conv2d", x, k, None, dict(o, flip=flip), name=f"asym-flip-{i:02d}-{'true' if flip else 'false'}")
    assert pads(7, 4, 1, 1, "same", 0) == (1, 2), "PyTorch 'same' puts the odd extra pixel bottom/right"
    add("conv2d", values((6, 6), "int"), np.full((3, 3), 1 / 9), None, options("same", [1, 1], [1, 1]),
        name="box-blur-ninth")

    # Random conv2d: every (kernel rank, padding, flip, bias, relu) combination, three times each.
    combos = itertools.product((2, 3, 4), ("valid", "same", "full", "explicit"), (False, True), (False, True),
                               (False, True))
    for combo in list(combos) * 3:
        random_conv(*combo)
    for op in ("depthwise", "pointwise", "im2col"):
        for i in range(48):
            random_other(op, i)
    for i in range(48):
        random_dense(i)

    # Coverage guard so edits to the sampler cannot silently drop a feature.
    need = {("in", 2), ("in", 3), ("k", 2), ("k", 3), ("k", 4), ("g", 1), ("g", 2), ("g", 3)} | {
        ("pad", p) for p in ("valid", "same", "full", "explicit")}
    need |= {(kind, v) for kind in "sd" for v in [(1, 1), (2, 2), (3, 3), (1, 3), (3, 1)]}
    assert need <= seen, f"missing coverage: {need - seen}"
    assert len(cases) >= 400
    transposed_cases()
    assert counts["conv-transpose"] >= 100 and transposed_checks == counts["conv-transpose"]
    large_cases()

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"generator": "Scripts/gen_fixtures.py", "seed": SEED, "seed_conv_transpose": SEED_TRANSPOSE,
                               "seed_large": SEED_LARGE,
                               "cases": cases},
                              separators=(",", ":")) + "\n")
    print(f"wrote {len(cases)} cases to {OUT} ({OUT.stat().st_size} bytes)")
    print("per op:", dict(sorted(counts.items())),
          f"| all cross-checks passed ({scipy_checks} conv2d vs scipy, {transposed_checks} conv-transpose vs direct conv)")


if __name__ == "__main__":
    main()
