#!/usr/bin/env python3
"""Regenerates the small pictures in Lessons/pictures/ (numpy only, deterministic).

    python3 Scripts/make-pictures.py

digit-7-32.pgm      32x32 P5 8-bit: a handwritten-looking "7", white on black, antialiased
shapes-32.pgm       32x32 P5 8-bit: a hard-edged grey square and an antialiased white disc
stripes-rgb-16.ppm  16x16 P6 8-bit: vertical stripes of red, green, blue and yellow

Strokes are drawn by distance to line segments, sampled 4x4 per pixel, so edges fade over
about one pixel the way a scanned digit does. No randomness is used.
"""
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "Lessons" / "pictures"
SUB = 4  # subsamples per pixel along each axis


def subpixel_grid(size):
    """Centres of the SUB x SUB samples of every pixel, in pixel units (x right, y down)."""
    offsets = (np.arange(size * SUB) + 0.5) / SUB
    return np.meshgrid(offsets, offsets)  # x, y


def segment_distance(x, y, a, b):
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = np.clip(((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy), 0.0, 1.0)
    return np.hypot(x - (ax + t * dx), y - (ay + t * dy))


def coverage(inside):
    """Fraction of each pixel's subsamples that are inside, as an array of pixels."""
    n = inside.shape[0] // SUB
    return inside.reshape(n, SUB, n, SUB).mean(axis=(1, 3))


def to_bytes(cover, peak=255):
    return np.clip(np.rint(cover * peak), 0, 255).astype(np.uint8)


def stroke(size, points, width):
    x, y = subpixel_grid(size)
    d = np.full(x.shape, np.inf)
    for a, b in zip(points, points[1:]):
        d = np.minimum(d, segment_distance(x, y, a, b))
    return coverage(d <= width / 2)


def digit_seven():
    # A top bar that rises a little to the right, a sharp corner, then a slightly curved
    # downstroke; a short serif hooks down at the bar's left end, like a pen-drawn 7.
    bar = [(7.0, 9.5), (7.5, 8.0), (15.0, 7.6), (24.5, 7.0)]
    down = [(24.5, 7.0), (22.0, 12.0), (19.2, 17.5), (16.8, 22.5), (15.2, 26.5)]
    cover = np.maximum(stroke(32, bar, 3.0), stroke(32, down, 3.4))
    return to_bytes(cover)


def shapes():
    size = 32
    img = np.zeros((size, size))
    img[4:14, 4:14] = 160 / 255  # square: pixel-aligned, so its edges are sharp
    x, y = subpixel_grid(size)
    disc = coverage(np.hypot(x - 21.0, y - 21.0) <= 7.0)
    img = np.maximum(img, disc)
    return to_bytes(img)


def stripes():
    colours = np.array([[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0]], dtype=np.uint8)
    img = np.zeros((16, 16, 3), dtype=np.uint8)
    for col in range(16):
        img[:, col] = colours[(col // 4) % 4]
    return img


def write_pgm(path, img, comment):
    h, w = img.shape
    path.write_bytes(f"P5\n# {comment}\n{w} {h}\n255\n".encode() + img.tobytes())


def write_ppm(path, img, comment):
    h, w, _ = img.shape
    path.write_bytes(f"P6\n# {comment}\n{w} {h}\n255\n".encode() + img.tobytes())


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    write_pgm(OUT / "digit-7-32.pgm", digit_seven(), "convtutor: a handwritten 7, 32x32")
    write_pgm(OUT / "shapes-32.pgm", shapes(), "convtutor: a square and a disc, 32x32")
    write_ppm(OUT / "stripes-rgb-16.ppm", stripes(), "convtutor: red, green, blue, yellow stripes")
    for p in sorted(OUT.glob("*.p?m")):
        print(f"{p.relative_to(OUT.parent.parent)}: {p.stat().st_size} bytes")


if __name__ == "__main__":
    main()
