#!/usr/bin/env python3
"""Produce the golden fixtures for composing two stacked convolutions (issue 17).

Writes Tests/ConvKitTests/Fixtures/compose-cases.json: {"generator", "seed", "cases": [...]}.
Each case is two conv2d layers (stride 1, dilation 1, padding 'valid', groups 1, no ReLU),
both cross-correlations or both true convolutions ("flip"), and the one layer they equal:
  {"name", "flip", "input", "kernel1", "bias1", "kernel2", "bias2",
   "kernel", "bias", "expected"}
Every tensor is {"shape", "data"} (float64, flat C order) or null (no bias). Kernels use
conv2d's forms: [kh,kw] (one channel), [C,kh,kw] (one filter) or [Cout,Cin,kh,kw]; the
composed kernel has the higher rank of the two. "expected" is layer 2 applied to layer 1's
output, computed with gen_fixtures' conv2d reference (PyTorch's conventions, no batch).

The composed kernel is K[o,c] = sum_m convolve2d(k2[o,m], k1[m,c], mode="full") and the bias
B[o] = b2[o] + sum_m b1[m] * k2[o,m].sum(). Before anything is written (an AssertionError
stops the script) every case is proved by a second route: conv2d(x, K) + B equals the stacked
output, and when k1 is not its own 180° rotation the full CORRELATION is checked to give a
different kernel, so a fixture cannot pass an engine that correlates instead.

Also writes Tests/ConvKitTests/Fixtures/stack-cases.json: {"generator", "seed", "cases": [...]},
each a stack file and what it computes:
  {"name", "yaml", "outputs": [every layer's output, in order], "composed": {"kernel", "bias"} or
   null, "compose_refusal": the start of the reason (layer and why) when composing is refused}
The stack file's numbers are written with repr, so they read back exactly. Layers are computed
with gen_fixtures' conv2d/depthwise, gen_pool_fixtures' numpy pools and padding-mode reference;
a stack that composes is proved by conv2d(x, K) + B equal to its last output.

The generator is seeded, so reruns give a byte-identical file.
Regenerate from the repository root with:  python3 Scripts/gen_stack_fixtures.py
"""
import json
import pathlib
import sys

import numpy as np
from scipy.signal import convolve2d, correlate2d

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import gen_fixtures as fx  # noqa: E402  (the forward reference and its conventions)
import gen_pool_fixtures as pools  # noqa: E402  (numpy pools and the padding-mode reference)

SEED = 20261217
OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvKitTests/Fixtures/compose-cases.json"
STACK_OUT = OUT.parent / "stack-cases.json"
rng = np.random.default_rng(SEED)


def layer_options(flip):
    return dict(stride=[1, 1], padding="valid", output_padding=[0, 0], dilation=[1, 1], groups=1, flip=flip, relu=False)


def compose(k1, b1, k2, b2):
    w1, w2 = fx.as_oihw(k1), fx.as_oihw(k2)
    cmid, cin = w1.shape[:2]
    cout = w2.shape[0]
    assert w2.shape[1] == cmid
    K = np.array([[sum(convolve2d(w2[o, m], w1[m, c], mode="full") for m in range(cmid)) for c in range(cin)]
                  for o in range(cout)])
    K = K.reshape(K.shape[4 - max(k1.ndim, k2.ndim):])
    if b1 is None and b2 is None:
        return K, None
    B = (np.zeros(cout) if b2 is None else b2.copy()) + np.array(
        [sum((0 if b1 is None else b1[m]) * w2[o, m].sum() for m in range(cmid)) for o in range(cout)])
    return K, B


def full_correlation(k1, k2):
    w1, w2 = fx.as_oihw(k1), fx.as_oihw(k2)
    return np.array([[sum(correlate2d(w2[o, m], w1[m, c], mode="full") for m in range(w1.shape[0]))
                      for c in range(w1.shape[1])] for o in range(w2.shape[0])])


cases = []


def add(name, x, k1, b1, k2, b2, flip=False):
    o = layer_options(flip)
    y = fx.conv2d(fx.conv2d(x, k1, b1, o), k2, b2, o)
    K, B = compose(k1, b1, k2, b2)
    once = fx.conv2d(x, K, B, o)
    assert once.shape == y.shape and np.allclose(once, y, rtol=1e-12, atol=1e-12), f"{name}: composed layer differs"
    # y is [Cout,H,W]; a 2-D or 3-D composed kernel has one output channel.
    assert y.shape[0] == fx.as_oihw(K).shape[0]
    # correlate2d(a, b) is convolve2d(a, b rotated): the two agree only for a k1 that is its own rotation.
    if not np.array_equal(k1, k1[..., ::-1, ::-1]):
        assert not np.allclose(full_correlation(k1, k2).ravel(), fx.as_oihw(K).ravel()), f"{name}: correlation agrees"
    cases.append(dict(name=name, flip=flip, input=fx.tensor(x), kernel1=fx.tensor(k1), bias1=fx.tensor(b1),
                      kernel2=fx.tensor(k2), bias2=fx.tensor(b2), kernel=fx.tensor(K), bias=fx.tensor(B),
                      expected=fx.tensor(y)))


def ints(*shape):
    return rng.integers(-3, 4, size=shape).astype(float)


def reals(*shape):
    return rng.uniform(-2, 2, size=shape)


def grid(a):
    """A tensor as the stack file's grid text: rows ';', channels '|', filters '||'."""
    a = np.asarray(a, dtype=float)
    def rows(m):
        return "; ".join(" ".join(repr(float(v)) for v in r) for r in m)
    if a.ndim == 1:
        return " ".join(repr(float(v)) for v in a)
    if a.ndim == 2:
        return rows(a)
    if a.ndim == 3:
        return " | ".join(rows(c) for c in a)
    return " || ".join(" | ".join(rows(c) for c in f) for f in a)


def run_layer(x, layer):
    """One stack layer's output, by the references the other fixtures use."""
    op = layer.get("op", "conv2d")
    if op in ("max-pool", "avg-pool"):
        k = layer["pool_size"]
        y, _ = pools.pool_numpy(op, x, (k, k), (k, k), (0, 0), (1, 1), False)
        return y
    o = dict(stride=[layer.get("stride", 1)] * 2, padding=layer.get("padding", "valid"), output_padding=[0, 0],
             dilation=[layer.get("dilation", 1)] * 2, groups=1, flip=layer.get("flip", False), relu=layer.get("relu", False))
    if isinstance(o["padding"], int):
        o["padding"] = [o["padding"]] * 2
    mode = layer.get("padding_mode", "zeros")
    if mode != "zeros":
        return pools.mode_reference(op, x, layer["kernel"], layer.get("bias"), o, mode)
    return fx.OPS[op](x, layer["kernel"], layer.get("bias"), o)


stack_cases = []


def add_stack(name, x, layers, composes=None, refusal=None):
    lines = [f'input: "{grid(x)}"', "layers:"]
    outputs, y = [], x
    for layer in layers:
        first = True
        for key, v in layer.items():
            text = f'"{grid(v)}"' if key in ("kernel", "bias") else (str(v).lower() if isinstance(v, bool) else v)
            lines.append(("  - " if first else "    ") + f"{key}: {text}")
            first = False
        y = run_layer(y, layer)
        outputs.append(y)
    composed = None
    if composes:
        K, B = composes
        once = fx.conv2d(x, K, B, layer_options(False))
        assert np.allclose(once, outputs[-1], rtol=1e-12, atol=1e-12), f"{name}: composed layer differs"
        composed = dict(kernel=fx.tensor(K), bias=fx.tensor(B))
    stack_cases.append(dict(name=name, yaml="\n".join(lines) + "\n", outputs=[fx.tensor(o) for o in outputs],
                            composed=composed, compose_refusal=refusal))


def stacks():
    k1, k2, k3 = ints(3, 3), ints(3, 3), ints(2, 2)
    x = ints(7, 7)
    add_stack("conv-relu-conv", x, [dict(kernel=k1, bias=np.array([1.0]), relu=True), dict(kernel=k2)],
              refusal="layer 1 (conv2d) has a ReLU")
    add_stack("two-3x3-linear", x, [dict(kernel=k1, bias=np.array([1.0])), dict(kernel=k2, bias=np.array([-2.0]))],
              composes=compose(k1, np.array([1.0]), k2, np.array([-2.0])))
    add_stack("three-linear-flip", ints(8, 8), [dict(kernel=k1), dict(kernel=k2, flip=True), dict(kernel=k3)],
              composes=compose(compose(k1, None, k2[::-1, ::-1], None)[0], None, k3, None))
    add_stack("conv-maxpool-conv", ints(8, 8), [dict(kernel=k1, padding="same", relu=True), dict(op="max-pool", pool_size=2),
                                                dict(kernel=k3)], refusal="layer 1 (conv2d) has a ReLU")
    add_stack("conv-avgpool", reals(6, 6), [dict(kernel=reals(2, 1, 3, 3), bias=reals(2)), dict(op="avg-pool", pool_size=2)],
              refusal="layer 2 (avg-pool) is not a conv2d")
    add_stack("padding-modes", ints(6, 6), [dict(kernel=k1, padding=1, padding_mode="reflect"),
                                            dict(kernel=k2, padding=1, padding_mode="circular", relu=True),
                                            dict(kernel=k3, padding=1, padding_mode="replicate")],
              refusal="layer 1 (conv2d) pads its input")
    add_stack("depthwise-then-conv", reals(3, 6, 6), [dict(op="depthwise", kernel=reals(3, 3, 3), bias=reals(3)),
                                                      dict(kernel=reals(2, 3, 2, 2), stride=2)],
              refusal="layer 1 (depthwise) is not a conv2d")
    add_stack("strided-second", x, [dict(kernel=k1), dict(kernel=k3, stride=2)], refusal="layer 2 (conv2d) has stride 2")
    add_stack("dilated", x, [dict(kernel=k3, dilation=2), dict(kernel=k3)], refusal="layer 1 (conv2d) has dilation 2")


def main():
    # The lesson's example: two 3x3 box sums are one 5x5 pyramid (1 2 3 2 1 outer product).
    ones = np.ones((3, 3))
    add("two-3x3-boxes", ints(7, 7), ones, None, ones, None)
    assert np.array_equal(compose(ones, None, ones, None)[0], np.outer([1, 2, 3, 2, 1], [1, 2, 3, 2, 1]))
    add("two-3x3", ints(7, 7), ints(3, 3), None, ints(3, 3), None)
    add("two-3x3-flip", ints(7, 7), ints(3, 3), None, ints(3, 3), None, flip=True)
    add("biases-2d", ints(6, 6), ints(3, 3), np.array([2.0]), ints(3, 3), np.array([-1.0]))
    add("bias1-only", ints(6, 5), ints(2, 3), np.array([1.5]), ints(3, 2), None)
    add("bias2-only", ints(6, 5), ints(3, 1), None, ints(1, 3), np.array([0.25]))
    add("one-by-one", ints(2, 4, 4), ints(3, 2, 1, 1), ints(3), ints(2, 3, 1, 1), ints(2))
    add("channels", reals(2, 7, 8), reals(3, 2, 3, 3), reals(3), reals(4, 3, 2, 2), reals(4))
    add("channels-flip", reals(2, 7, 8), reals(3, 2, 3, 2), reals(3), reals(4, 3, 2, 3), reals(4), flip=True)
    add("filter-then-2d", reals(2, 6, 6), reals(2, 3, 3), reals(1), reals(3, 3), reals(1))
    add("4d-then-filter", reals(1, 6, 6), reals(3, 1, 2, 2), None, reals(3, 3, 3), reals(1))
    add("2d-then-4d", reals(6, 6), reals(3, 3), None, reals(2, 1, 3, 3), reals(2))
    for i in range(1, 13):
        cin, cmid, cout = (int(n) for n in rng.integers(1, 4, size=3))
        (h1, w1), (h2, w2) = rng.integers(1, 5, size=(2, 2)).tolist()
        x = reals(cin, h1 + h2 + int(rng.integers(0, 4)), w1 + w2 + int(rng.integers(0, 4)))
        b1, b2 = (reals(n) if rng.integers(2) else None for n in (cmid, cout))
        add(f"random-{i:02d}", x, reals(cmid, cin, h1, w1), b1, reals(cout, cmid, h2, w2), b2, flip=bool(rng.integers(2)))

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"generator": "Scripts/gen_stack_fixtures.py", "seed": SEED, "cases": cases},
                              separators=(",", ":"), allow_nan=False) + "\n")
    print(f"wrote {len(cases)} cases to {OUT} ({OUT.stat().st_size} bytes); every composed layer equals its stack")
    stacks()
    STACK_OUT.write_text(json.dumps({"generator": "Scripts/gen_stack_fixtures.py", "seed": SEED, "cases": stack_cases},
                                    separators=(",", ":"), allow_nan=False) + "\n")
    print(f"wrote {len(stack_cases)} stacks to {STACK_OUT} ({STACK_OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
