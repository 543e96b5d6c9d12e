#!/usr/bin/env python3
"""Produce the golden test fixtures that ConvKit's Swift tests compare against.

Writes Tests/ConvKitTests/Fixtures/cases.json: worked cases for the ops conv2d,
depthwise, pointwise, dense and im2col. Each case holds the input, kernel,
optional bias, options (stride, padding, dilation, groups, flip, relu) and the
expected output, as float64 values in flat C order plus shapes. Conventions
follow PyTorch without the batch dimension:
  * flip=false is cross-correlation (torch, scipy.signal.correlate2d); flip=true
    turns each kh x kw kernel slice 180 degrees first, i.e. true convolution.
  * zero padding: "valid", "full", "same" (stride 1 only, the odd extra pixel
    goes bottom/right) or [ph, pw] applied to both sides of each axis.
  * conv outputs are always [Cout, Hout, Wout]; im2col rows/columns follow
    torch.nn.functional.unfold.

Expected values come from the small numpy reference below, and every case is
cross-checked by an independent route before anything is written: conv2d
against scipy.signal correlate2d/convolve2d (zero-dilated kernel, output
thinned by the stride, groups summed by hand); depthwise against grouped
conv2d; pointwise against a 1x1 conv2d; im2col by multiplying the flattened
kernel with the columns; dense against an explicit sum. Any disagreement stops
the script with an AssertionError.

The random generator is seeded, so reruns give a byte-identical file.
Regenerate from the repository root with:  python3 Scripts/gen_fixtures.py
"""
import itertools
import json
import pathlib

import numpy as np
from scipy.signal import convolve2d, correlate2d

SEED = 20261126
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


OPS = {"conv2d": conv2d, "depthwise": depthwise, "pointwise": pointwise, "dense": dense, "im2col": im2col}


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
    return dict(dict(stride=s, padding=p, dilation=d, groups=1, flip=False, relu=False), **kw)


def fits(hw, khw, o):
    return all(out_size(hw[a], khw[a], o["dilation"][a], o["stride"][a], o["padding"], a) >= 1 for a in (0, 1))


cases, counts, seen, scipy_checks = [], {}, set(), 0


def tensor(a):
    return None if a is None else {"shape": list(a.shape), "data": (np.asarray(a, float).ravel() + 0.0).tolist()}


def add(op, x, w, b, o, name=None):
    global scipy_checks
    y = OPS[op](x, w, b, o)
    scipy_checks += check(op, x, w, b, o, y)
    counts[op] = counts.get(op, 0) + 1
    cases.append(dict(name=name or f"{op}-{counts[op]:04d}", op=op, input=tensor(x), kernel=tensor(w),
                      bias=tensor(b), **{k: o[k] for k in ("stride", "padding", "dilation", "groups", "flip", "relu")},
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

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"generator": "Scripts/gen_fixtures.py", "seed": SEED, "cases": cases},
                              separators=(",", ":")) + "\n")
    print(f"wrote {len(cases)} cases to {OUT} ({OUT.stat().st_size} bytes)")
    print("per op:", dict(sorted(counts.items())), f"| all cross-checks passed ({scipy_checks} conv2d vs scipy)")


if __name__ == "__main__":
    main()
