#!/usr/bin/env python3
"""Compare Tests/ConvKitTests/Fixtures/pool-cases.json with PyTorch itself (optional).

torch is not a dependency of the project and CI does not run this; gen_pool_fixtures.py's own
two-route checks are what guard the file. Run it where torch is installed (for example in a
throwaway venv: python3 -m venv /tmp/t && /tmp/t/bin/pip install torch numpy), from the
repository root:  /tmp/t/bin/python Scripts/check_pool_fixtures_torch.py
Pools go through F.max_pool2d(return_indices=True) / F.avg_pool2d(count_include_pad=True); the
padding-mode cases through torch.nn.Conv2d(padding_mode=...) with the fixture's weights (im2col:
F.pad with the module's _reversed_padding_repeated_twice, then F.unfold). An error case agrees
when torch raises. Exits 1 on any disagreement.
"""
import json
import pathlib
import sys
import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
PATH = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvKitTests/Fixtures/pool-cases.json"
NF = {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")}


def arr(t):
    return None if t is None else np.array([NF.get(v, v) if isinstance(v, str) else v for v in t["data"]], float).reshape(t["shape"])


def same(a, b):
    return a.shape == b.shape and np.array_equal(np.isnan(a), np.isnan(b)) and np.allclose(
        np.nan_to_num(a, nan=0, posinf=1e300, neginf=-1e300), np.nan_to_num(b, nan=0, posinf=1e300, neginf=-1e300), rtol=1e-12, atol=1e-12)


ok = bad = 0
notes = []
for c in json.load(open(PATH))["cases"]:
    x = arr(c["input"])
    op = c["op"]
    try:
        if op in ("max-pool", "avg-pool"):
            xt = torch.tensor(x if x.ndim == 3 else x[None])
            s = None if c["default_stride"] else c["stride"]
            if op == "max-pool":
                y, idx = F.max_pool2d(xt, c["pool_size"], s, c["padding"], c["dilation"], c["ceil_mode"], return_indices=True)
                y, idx = y.numpy(), idx.numpy()
            else:
                if c["dilation"] != [1, 1]:
                    raise RuntimeError("avg_pool2d has no dilation")
                y = F.avg_pool2d(xt, c["pool_size"], s, c["padding"], c["ceil_mode"], True).numpy()
        else:
            w = arr(c["kernel"])
            b = arr(c["bias"])
            o = c
            if op == "depthwise":
                w4, g = w[:, None], (x if x.ndim == 3 else x[None]).shape[0]
            elif op == "pointwise":
                w4, g = w[:, :, None, None], 1
            else:
                w4 = w.reshape((1,) * (4 - w.ndim) + w.shape)
                g = o["groups"] if op == "conv2d" else 1
            if op == "im2col":
                g = 1
            if o["flip"]:
                w4 = w4[:, :, ::-1, ::-1].copy()
            kh, kw = w4.shape[2:]
            pad = o["padding"]
            if pad == "full":
                pad = [o["dilation"][0] * (kh - 1), o["dilation"][1] * (kw - 1)]
            xt = torch.tensor(x if x.ndim == 3 else x[None])
            m = torch.nn.Conv2d(xt.shape[0], w4.shape[0], (kh, kw), o["stride"], pad if isinstance(pad, str) else tuple(pad),
                                o["dilation"], g, bias=b is not None, padding_mode=o["padding_mode"])
            with torch.no_grad():
                m.weight.copy_(torch.tensor(w4.copy()))
                if b is not None:
                    m.bias.copy_(torch.tensor(b))
                if op == "im2col":
                    xp = F.pad(xt[None], m._reversed_padding_repeated_twice, mode="constant" if o["padding_mode"] == "zeros" else o["padding_mode"])
                    y = F.unfold(xp, (kh, kw), dilation=o["dilation"], padding=0, stride=o["stride"])[0].numpy()
                else:
                    y = m(xt[None])[0]
                    if o["relu"]:
                        y = torch.relu(y)
                    y = y.numpy()
    except Exception as e:  # noqa: BLE001
        if c.get("error"):
            ok += 1
        else:
            bad += 1
            notes.append(f"{c['name']}: torch raised {str(e)[:120]}")
        continue
    if c.get("error"):
        if op == "avg-pool" and c["error"]["kind"] == "dilation-with-avg-pool":
            ok += 1
            continue
        bad += 1
        notes.append(f"{c['name']}: fixture says error {c['error']['kind']} but torch gave shape {y.shape}")
        continue
    want = arr(c["expected"])
    if not same(y, want):
        bad += 1
        notes.append(f"{c['name']}: values differ: torch {y.ravel()[:8]} fixture {want.ravel()[:8]}")
        continue
    if op == "max-pool":
        a = np.array(c["argmax"]["data"]).reshape(c["argmax"]["shape"])
        diff = (a != idx) & (a != -1)
        if diff.any():
            bad += 1
            notes.append(f"{c['name']}: argmax differs: torch {idx.ravel()[:8]} fixture {a.ravel()[:8]}")
            continue
        if (a == -1).any():
            notes.append(f"{c['name']}: fixture -1 where torch gives {idx[a == -1].tolist()} (no real tap)")
    ok += 1
print(f"{ok} agree, {bad} differ (torch {torch.__version__})")
print("\n".join(notes))
sys.exit(1 if bad else 0)
