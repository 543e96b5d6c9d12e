#!/usr/bin/env python3
"""Produce the golden gradient fixtures that ConvKit's backward pass is tested against.

Writes Tests/ConvKitTests/Fixtures/grad-cases.json: {"generator", "seed", "cases": [...]}, each
case {"name", "op", "input", "kernel", "bias" (or null), "options": {"stride", "padding",
"dilation", "groups", "flip", "relu"}, "grad_output", "grad_input", "grad_weight", "grad_bias"}
for the ops conv2d, depthwise, pointwise and dense. Every tensor is {"shape", "data"}: float64
values in flat C order. The layer (input, kernel, bias, options) is encoded as in cases.json,
written by Scripts/gen_fixtures.py, whose forward reference and conventions (PyTorch's without
the batch dimension) this script imports. The gradients are PyTorch autograd's:
  * grad_output is dL/dY for the layer's output, [Cout, Hout, Wout] (dense: [N]), taken after
    the ReLU when relu is true. The ReLU passes it only where the pre-activation (the sum plus
    the bias) is > 0; exactly 0 passes nothing, as torch's relu backward.
  * grad_bias[o] is the sum of that gated gradient over output channel o (dense: the gated
    gradient itself), reported whether or not the layer has a bias.
  * grad_weight has the normalised weight shape [Cout, Cin/groups, kh, kw]: a [kh,kw] conv2d
    kernel becomes [1,1,kh,kw], [C,kh,kw] becomes [1,C,kh,kw], depthwise's [C,kh,kw] becomes
    [C,1,kh,kw], pointwise's [Cout,Cin] becomes [Cout,Cin,1,1]; dense keeps [N, fan-in]. Its data
    is the given kernel's in C order. With flip=true (true convolution) it is the gradient
    with respect to the kernel as the user wrote it, not the turned one the window meets.
  * grad_input has the input's shape as given ([H,W] stays 2-D; dense: any shape).

The reference is the definition, one product at a time on the padded input Xp and the window's
weight W (turned 180 degrees when flip), with g the gated gradient and s, d, p the stride,
dilation and padding:  dW[o,c,ky,kx] = sum over (y,x) of g[o,y,x] * Xp[c, y*s + ky*d, x*s + kx*d];
dX scatters g[o,y,x] * W[o,c,ky,kx] back to the same place (padding rows are then cropped);
db[o] = sum of g[o]. Every case is cross-checked by independent routes before anything is
written, and any disagreement stops the script with an AssertionError:
  * central finite differences of gen_fixtures' forward, L = sum(grad_output * Y), on every
    entry of the input, the kernel and the bias (a zero bias when the layer has none), to 1e-6
    relative; with relu, an entry is skipped when it moves a pre-activation within 1e-3 of 0,
    where the derivative jumps;
  * grad_input equals the transposed convolution of g with the same weights (gen_fixtures'
    scipy correlate2d check of conv-transpose, on the padded input, then cropped); grad_weight
    equals scipy's correlation of the padded input with g spread out by the stride, read every
    d-th value; dense: W^T g and the outer product of g with the input.
Cases with relu whose data are not small integers never have a pre-activation within 1e-6 of 0,
where another summation order could flip the gate; integer cases hit exactly 0 on purpose.

The generator is seeded, so reruns give a byte-identical file.
Regenerate from the repository root with:  python3 Scripts/gen_grad_fixtures.py
The README's worked example (seed example, one dY, one SGD step) comes from
python3 Scripts/gen_grad_fixtures.py --worked-example, which prints it as markdown.
"""
import itertools
import json
import pathlib
import sys

import numpy as np
from scipy.signal import correlate2d

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import gen_fixtures as fx  # noqa: E402  (the forward reference and its conventions)

SEED = 20261215
OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvKitTests/Fixtures/grad-cases.json"
OPTION_KEYS = ("stride", "padding", "dilation", "groups", "flip", "relu")
STEP, KINK, NEAR_ZERO = 1e-4, 1e-3, 1e-6


# ---------------------------------------------------------------- reference
def normalised_weight(op, w):
    """The weight as the engine holds it: [Cout, Cin/groups, kh, kw] (dense [N, fan-in])."""
    if op == "depthwise":
        return w[:, None]
    if op == "pointwise":
        return w[:, :, None, None]
    return w if op == "dense" else fx.as_oihw(w)


def turned(w4, o):
    """With flip the window meets each kernel slice turned 180 degrees; turning a gradient of
    that back gives the gradient with respect to the kernel as written."""
    return w4[:, :, ::-1, ::-1] if o["flip"] else w4


def conv_view(op, x, o):
    """The options of the conv2d that op is: depthwise is one group per channel."""
    return dict(o, groups=fx.as_chw(x).shape[0]) if op == "depthwise" else o


def pre_activation(op, x, w, b, o):
    return fx.OPS[op](x, w, b, dict(o, relu=False))


def gate(op, x, w, b, o, dy):
    """dY through the ReLU: only where the pre-activation is > 0 (exactly 0 passes nothing)."""
    return dy * (pre_activation(op, x, w, b, o) > 0) if o["relu"] else dy.copy()


def conv_backward(x, w4, o, g):
    """The definition, product by product. Returns dX, dW (given orientation), db and the
    gradient of the padded input, which the conv-transpose cross-check compares whole."""
    weff = turned(w4, o)
    cout, cin_g, kh, kw = weff.shape
    xp, ho, wo = fx.pad_input(x, kh, kw, o)
    (sh, sw), (dlh, dlw), og = o["stride"], o["dilation"], cout // o["groups"]
    dxp, dweff = np.zeros(xp.shape), np.zeros(weff.shape)
    for co, y, x_, c, ky, kx in itertools.product(range(cout), range(ho), range(wo), range(cin_g), range(kh), range(kw)):
        ci, iy, ix = co // og * cin_g + c, y * sh + ky * dlh, x_ * sw + kx * dlw
        dweff[co, c, ky, kx] += g[co, y, x_] * xp[ci, iy, ix]
        dxp[ci, iy, ix] += g[co, y, x_] * weff[co, c, ky, kx]
    c3 = fx.as_chw(x)
    top = fx.pads(c3.shape[1], kh, dlh, sh, o["padding"], 0)[0]
    left = fx.pads(c3.shape[2], kw, dlw, sw, o["padding"], 1)[0]
    dx = dxp[:, top:top + c3.shape[1], left:left + c3.shape[2]].reshape(x.shape)
    return dx, turned(dweff, o), g.sum(axis=(1, 2)), dxp


def dense_backward(x, w, g):
    xf, dx, dw = x.ravel(), np.zeros(x.size), np.zeros(w.shape)
    for n, j in itertools.product(range(w.shape[0]), range(xf.size)):
        dw[n, j] += g[n] * xf[j]
        dx[j] += g[n] * w[n, j]
    return dx.reshape(x.shape), dw, g.copy(), None


def backward(op, x, w, b, o, dy):
    """(grad_input, grad_weight in the normalised shape, grad_bias, padded-input gradient, g)."""
    g = gate(op, x, w, b, o, dy)
    if op == "dense":
        return dense_backward(x, w, g) + (g,)
    return conv_backward(x, normalised_weight(op, w), conv_view(op, x, o), g) + (g,)


# ------------------------------------------------------------ cross-checks
def check_routes(op, x, w, o, g, dx, dw, dxp):
    """The transposed-convolution and correlation routes (dense: the matrix products)."""
    if op == "dense":
        assert fx.close(dx.ravel(), w.T @ g), "dense dX != W^T g"
        assert fx.close(dw, np.outer(g, x.ravel())), "dense dW != g x^T"
        return
    o = conv_view(op, x, o)
    weff = turned(normalised_weight(op, w), o)
    cout, cin_g, kh, kw = weff.shape
    (sh, sw), (dlh, dlw) = o["stride"], o["dilation"]
    xp, ho, wo = fx.pad_input(x, kh, kw, o)
    # dX: the conv-transpose of g with the very same weights, uncropped; output_padding keeps
    # the bottom/right rows no window reached (stride not dividing the span), whose gradient is 0.
    reach = ((ho - 1) * sh + dlh * (kh - 1) + 1, (wo - 1) * sw + dlw * (kw - 1) + 1)
    ot = dict(stride=o["stride"], padding=[0, 0], output_padding=[xp.shape[1] - reach[0], xp.shape[2] - reach[1]],
              dilation=o["dilation"], groups=o["groups"], flip=False, relu=False)
    fx.check("conv-transpose", g, weff, None, ot, dxp)
    # dW: correlate the padded input with g spread out by the stride; keep every d-th lag.
    og, ref = cout // o["groups"], np.zeros(weff.shape)
    for co, c in itertools.product(range(cout), range(cin_g)):
        spread = np.zeros(((ho - 1) * sh + 1, (wo - 1) * sw + 1))
        spread[::sh, ::sw] = g[co]
        ref[co, c] = correlate2d(xp[co // og * cin_g + c], spread, "valid")[::dlh, ::dlw][:kh, :kw]
    assert fx.close(dw, turned(ref, o)), f"{op} dW != correlation of the input with the gated dY"


def finite_differences(op, x, w, b, o, dy, grads):
    """Central differences of L = sum(dY * Y) on every entry; returns (checked, skipped)."""
    bias = np.zeros(len(grads[2])) if b is None else b
    pre = pre_activation(op, x, w, bias, o)
    args, checked, skipped = [x, w, bias], 0, 0
    for which, grad in zip(range(3), (grads[0], grads[1].reshape(w.shape), grads[2])):
        for idx in np.ndindex(args[which].shape):
            moved = []
            for step in (STEP, -STEP):
                a = [v.copy() for v in args]
                a[which][idx] += step
                moved.append(pre_activation(op, *a, o))
            if o["relu"] and any(np.any((p != pre) & (np.abs(pre) < KINK)) for p in moved):
                skipped += 1
                continue
            ys = [np.maximum(p, 0) if o["relu"] else p for p in moved]
            fd = (np.sum(dy * ys[0]) - np.sum(dy * ys[1])) / (2 * STEP)
            assert abs(fd - grad[idx]) <= 1e-6 * max(1, abs(grad[idx])), \
                f"{op}: finite difference {fd} != {grad[idx]} for {('input', 'kernel', 'bias')[which]}{idx}"
            checked += 1
    return checked, skipped


# ---------------------------------------------------------------- sampling
cases, counts, seen = [], {}, set()
stats = dict(fd_checked=0, fd_skipped=0, zero_gates=0)


def unreached(op, x, w, o):
    """Whether some input position meets no window (a stride wider than the kernel's span, or
    rows left over at the bottom/right): its gradient is 0 whatever dY is."""
    k4, o = normalised_weight(op, w), conv_view(op, x, o)
    ones = np.ones((k4.shape[0],) + fx.pad_input(x, *k4.shape[2:], o)[1:])
    return bool(np.any(conv_backward(np.ones(x.shape), np.ones(k4.shape), dict(o, flip=False), ones)[0] == 0))


def add(op, x, w, b, o, dy, exact=True, name=None):
    pre = pre_activation(op, x, w, b, o)
    # Gates any summation order agrees on: an integer layer is exact, any other keeps clear of 0.
    assert exact or not o["relu"] or np.all(np.abs(pre) >= NEAR_ZERO), f"{name or op}: a gate too close to 0"
    dx, dw, db, dxp, g = backward(op, x, w, b, o, dy)
    check_routes(op, x, w, o, g, dx, dw, dxp)
    checked, skipped = finite_differences(op, x, w, b, o, dy, (dx, dw, db))
    assert checked > skipped, f"{name or op}: most entries must be checked by finite differences"
    stats["fd_checked"] += checked
    stats["fd_skipped"] += skipped
    zero_gates = int(np.sum((pre == 0) & (dy != 0))) if o["relu"] else 0
    stats["zero_gates"] += zero_gates
    counts[op] = counts.get(op, 0) + 1
    seen.update({("op", op), ("relu", o["relu"]), ("bias", b is not None), ("flip", o["flip"]),
                 ("zero gate", zero_gates > 0), ("dead", o["relu"] and bool(np.any((pre < 0) & (dy != 0))))})
    if op != "dense":
        k = normalised_weight(op, w)
        seen.update({("pad", o["padding"] if isinstance(o["padding"], str) else "explicit"), ("in", x.ndim),
                     ("g", conv_view(op, x, o)["groups"]), ("non-square kernel", k.shape[2] != k.shape[3]),
                     ("non-square input", x.shape[-1] != x.shape[-2]), ("unreached", unreached(op, x, w, o))})
        seen.update(("s", v) for v in o["stride"])
        seen.update(("d", v) for v in o["dilation"])
        if op == "conv2d":
            seen.add(("k", w.ndim))
    cases.append(dict(name=name or f"{op}-{counts[op]:03d}", op=op, input=fx.tensor(x), kernel=fx.tensor(w),
                      bias=fx.tensor(b), options={k: o[k] for k in OPTION_KEYS}, grad_output=fx.tensor(dy),
                      grad_input=fx.tensor(dx), grad_weight=fx.tensor(dw), grad_bias=fx.tensor(db)))
    return dx, dw, db


def sample(op, draw):
    """Draws (x, w, b, o) until the output is non-empty and, for relu with non-integer
    data, no pre-activation lies within NEAR_ZERO of 0; then a dY of the output's shape and
    whether the values are exact small integers."""
    while True:
        mode = fx.pick("int", "int", "float", "ninths")
        x, w, b, o = draw(mode)
        if op != "dense" and not fx.fits(x.shape[-2:], normalised_weight(op, w).shape[2:], conv_view(op, x, o)):
            continue
        pre = pre_activation(op, x, w, b, o)
        if mode == "int" or not o["relu"] or np.all(np.abs(pre) >= NEAR_ZERO):
            return x, w, b, o, fx.values(pre.shape, mode), mode == "int"


def random_conv(krank, pad_kind, flip, use_bias, relu):
    def draw(m):
        g = int(fx.pick(1, 1, 2, 3)) if krank == 4 else 1
        per_group = 4 // g  # at most 4 channels in and out (3 with 3 groups) keeps the file small
        c = 1 if krank == 2 else g * int(fx.rng.integers(1, per_group + 1))
        cout = g * int(fx.rng.integers(1, per_group + 1)) if krank == 4 else 1
        kh, kw = (int(v) for v in fx.pick((1, int(fx.rng.integers(2, 4))), (int(fx.rng.integers(2, 4)), 1),
                                          *fx.rng.integers(1, 4, (3, 2))))
        h, w_ = (int(v) for v in fx.rng.integers(2, 8, 2))
        o = fx.options(pad_kind, groups=g, flip=flip, relu=relu)
        xshape = (h, w_) if c == 1 and fx.rng.random() < 0.5 else (c, h, w_)
        kshape = {2: (kh, kw), 3: (c, kh, kw), 4: (cout, c // g, kh, kw)}[krank]
        return fx.values(xshape, m), fx.values(kshape, m), fx.values((cout,), m) if use_bias else None, o
    add("conv2d", *sample("conv2d", draw))


def random_other(op, i):
    def draw(m):
        pad_kind = ("valid", "same", "full", "explicit")[i % 4]
        c, cout = (int(v) for v in fx.rng.integers(1, 5, 2))
        h, w_ = (int(v) for v in fx.rng.integers(2, 8, 2))
        o = fx.options(pad_kind, dilation=[1, 1] if op == "pointwise" else None, flip=op == "depthwise" and i % 2 == 1,
                       relu=i % 3 != 2)
        k = fx.values((c,) + tuple(int(v) for v in fx.rng.integers(1, 4, 2)), m) if op == "depthwise" else fx.values((cout, c), m)
        return fx.values((c, h, w_), m), k, fx.values((len(k),), m) if i % 4 < 2 else None, o
    add(op, *sample(op, draw))


def random_dense(i):
    def draw(m):
        xshape = [(int(fx.rng.integers(1, 10)),), tuple(int(v) for v in fx.rng.integers(1, 5, 2)),
                  tuple(int(v) for v in fx.rng.integers(1, 4, 3))][i % 3]
        o = fx.options("valid", stride=[1, 1], dilation=[1, 1], relu=i % 2 == 0)
        n_out = int(fx.rng.integers(1, 6))
        return fx.values(xshape, m), fx.values((n_out, int(np.prod(xshape))), m), fx.values((n_out,), m) if i % 4 in (0, 3) else None, o
    add("dense", *sample("dense", draw))


# ------------------------------------------------------------------- cases
SEED_X = np.array([[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0], [0, 1, 1, 0, 0]], float)
SEED_K = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], float)
WORKED_DY = np.array([[[1, 0, 0], [0, 0, 0], [0, 0, -1]]], float)
LEARNING_RATE = 0.1


def plain(**kw):
    return dict(dict(stride=[1, 1], padding="valid", output_padding=[0, 0], dilation=[1, 1], groups=1, flip=False,
                     relu=False), **kw)


def seed_cases():
    """The worked example, the ReLU gate on it, and flip's orientation, all checkable by hand."""
    dx, dw, db = add("conv2d", SEED_X, SEED_K, None, plain(), WORKED_DY, name="seed-worked-example")
    # dY picks out two outputs: dW is the top-left patch minus the bottom-right one.
    assert np.array_equal(dw, (SEED_X[:3, :3] - SEED_X[2:, 2:]).reshape(1, 1, 3, 3)) and db.tolist() == [0]
    stamps = np.zeros((5, 5))
    stamps[:3, :3] += SEED_K
    stamps[2:, 2:] -= SEED_K
    assert np.array_equal(dx, stamps), "each dY cell stamps the kernel"
    # Bias -2 leaves pre-activations 2 1 2 / 0 2 1 / 0 1 2: the two exact zeros pass nothing.
    ones = np.ones((1, 3, 3))
    _, _, db = add("conv2d", SEED_X, SEED_K, np.array([-2.0]), plain(relu=True), ones, name="seed-relu-zero-gate")
    assert db.tolist() == [7], "torch's relu backward passes nothing at exactly 0"
    dx, dw, db = add("conv2d", SEED_X, SEED_K, np.array([-5.0]), plain(relu=True), ones, name="seed-dead-relu")
    assert not dx.any() and not dw.any() and not db.any(), "a ReLU below 0 everywhere passes no gradient"
    # An asymmetric kernel: with flip the gradient comes back in the orientation the user wrote.
    k = np.array([[1, 2, 0], [0, 1, -1], [3, 0, 1]], float)
    dy = fx.values((1, 3, 3), "int")
    _, dw_corr, _ = add("conv2d", SEED_X, k, None, plain(), dy, name="seed-asym-flip-false")
    _, dw_flip, _ = add("conv2d", SEED_X, k, None, plain(flip=True), dy, name="seed-asym-flip-true")
    assert np.array_equal(dw_flip, dw_corr[:, :, ::-1, ::-1]) and not np.array_equal(dw_flip, dw_corr)
    # Stride 3 with a 2x2 kernel: row and column 2 meet no window, their gradient stays 0.
    x = fx.values((5, 5), "int")
    dx, _, _ = add("conv2d", x, fx.values((2, 2), "int"), None, plain(stride=[3, 3]), fx.values((1, 2, 2), "int"),
                   name="stride-gaps")
    assert not dx[2].any() and not dx[:, 2].any()


def build():
    fx.rng = np.random.default_rng(SEED)  # gen_fixtures' samplers draw from this generator
    seed_cases()
    combos = list(itertools.product(("valid", "same", "full", "explicit"), (False, True), (False, True), (False, True)))
    for j, combo in enumerate(combos * 2):
        random_conv((2, 3, 4)[j % 3], *combo)
    for op in ("depthwise", "pointwise"):
        for i in range(12):
            random_other(op, i)
    for i in range(12):
        random_dense(i)
    # Coverage guard so edits to the sampler cannot silently drop a feature.
    need = {("op", op) for op in ("conv2d", "depthwise", "pointwise", "dense")}
    need |= {(k, v) for k in ("relu", "bias", "flip") for v in (False, True)} | {("zero gate", True), ("dead", True)}
    need |= {("pad", p) for p in ("valid", "same", "full", "explicit")} | {("in", 2), ("in", 3), ("unreached", True)}
    need |= {(k, v) for k in "sdg" for v in (1, 2, 3)} | {("k", 2), ("k", 3), ("k", 4)}
    need |= {("non-square kernel", True), ("non-square input", True)}
    assert need <= seen, f"missing coverage: {need - seen}"
    assert 60 <= len(cases) <= 120 and stats["zero_gates"] > 0


def grid(a):
    """A 2-D array as the CLI prints it: right-aligned columns, no trailing zeros."""
    cells = [[f"{v + 0.0:g}" for v in row] for row in np.atleast_2d(a)]
    width = max(len(c) for row in cells for c in row)
    return "\n".join(" ".join(c.rjust(width) for c in row) for row in cells)


def worked_example():
    """The README's "Gradients" example as markdown, every number computed here."""
    o = plain()
    y = fx.conv2d(SEED_X, SEED_K, None, o)
    dx, dw, db, _, _ = backward("conv2d", SEED_X, SEED_K, None, o, WORKED_DY)
    dx_flip, dw_flip, db_flip, _, _ = backward("conv2d", SEED_X, SEED_K, None, dict(o, flip=True), WORKED_DY)
    assert np.array_equal(dw_flip, dw[:, :, ::-1, ::-1]) and np.array_equal(dx_flip, dx) and np.array_equal(db_flip, db)
    w_new = SEED_K - LEARNING_RATE * dw[0, 0]
    y_new = fx.conv2d(SEED_X, w_new, None, o)
    loss, loss_new = float(np.sum(WORKED_DY * y)), float(np.sum(WORKED_DY * y_new))
    assert np.isclose(loss_new - loss, -LEARNING_RATE * np.sum(dw ** 2)), "a linear layer moves exactly by -lr*|dW|^2"
    dy_text = "; ".join(" ".join(f"{v:g}" for v in row) for row in WORKED_DY[0])
    block = lambda a: f"```\n{grid(a)}\n```"
    return f"""## Gradients

Training changes the kernel so that a loss L goes down. Backpropagation hands the layer dY =
dL/dY, one number per output (after the ReLU when there is one), and the layer answers with three
gradients: dW for its weights, dX for its input (passed on to the layer before it) and db for
its bias. Each is again a sum of products.

Take the seed example (output `4 3 4 / 2 4 3 / 2 3 4`) and a dY that says "out(0,0) should go
down, out(2,2) should go up", zero elsewhere (the gradient of the loss L = out(0,0) − out(2,2)):

{block(WORKED_DY[0])}

```
$ convtutor compute --grad-output "{dy_text}"
```

prints the three gradients worked out here.

**dW[ky,kx] = Σ over outputs dY·x**: the same sliding window, now summing over positions. Only
two outputs have a nonzero dY, so dW is 1 × the patch under out(0,0) plus (−1) × the patch under
out(2,2):

{block(SEED_X[:3, :3])}

minus

{block(SEED_X[2:, 2:])}

gives dW

{block(dw[0, 0])}

**db = Σ dY** = 1 + (−1) = {db[0]:g}.

**dX**: each dY cell stamps the kernel, scaled by its value, onto the input positions its window
covered: +kernel on rows 0–2, columns 0–2, and −kernel on rows 2–4, columns 2–4. The two stamps
overlap at (2,2), where 1·1 + (−1)·1 = 0:

{block(dx)}

This is the transposed convolution of dY with the same kernel (see the transposed lesson).

**One SGD step** with learning rate {LEARNING_RATE:g}: W − {LEARNING_RATE:g}·dW =

{block(w_new)}

With the new kernel out(0,0) is {y_new[0, 0, 0]:g} (was {y[0, 0, 0]:g}) and out(2,2) is {y_new[0, 2, 2]:g} (was {y[0, 2, 2]:g}), so
L went from {loss:g} to {loss_new:g}: down by {LEARNING_RATE:g} × {np.sum(dw ** 2):g}, the learning rate times the sum of the
squares of dW, exactly so because the output is linear in W.

**With `--flip`** the window meets the kernel turned 180°, so the same products land turned: dW
comes back in the orientation you wrote the kernel in,

{block(dw_flip[0, 0])}

while dX and db do not change (the X kernel is symmetric).
"""


def main():
    if sys.argv[1:] == ["--worked-example"]:
        print(worked_example(), end="")
        return
    if sys.argv[1:]:
        sys.exit("usage: python3 Scripts/gen_grad_fixtures.py [--worked-example]")
    build()
    text = json.dumps({"generator": "Scripts/gen_grad_fixtures.py", "seed": SEED, "cases": cases}, separators=(",", ":"))
    assert len(text) < 1 << 20, f"{len(text)} bytes: keep the cases small"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text + "\n")
    print(f"wrote {len(cases)} cases to {OUT} ({OUT.stat().st_size} bytes)")
    print("per op:", dict(sorted(counts.items())), f"| every case agrees with the transposed-convolution and correlation "
          f"routes; finite differences checked {stats['fd_checked']} entries (skipped {stats['fd_skipped']} next to a "
          f"ReLU kink); {stats['zero_gates']} outputs gated at exactly 0")


if __name__ == "__main__":
    main()
