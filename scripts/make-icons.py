#!/usr/bin/env python3
"""Draws the app's default icons into public/icons/ (the web app manifest
names them; server/src/installable.rs): a white speech bubble with three
dots on the default accent colour, at 192 and 512 pixels, and a maskable
512 whose drawing keeps inside the middle 80% (the part every platform's
mask shows). Run once when the design changes; the PNGs are committed.

Pure Python (zlib, struct): each pixel is the coverage of a 4×4 grid of
samples, so the edges are smooth.
"""
import os
import struct
import zlib

ACCENT = (0x25, 0x63, 0xEB)
WHITE = (0xFF, 0xFF, 0xFF)
OUT = os.path.join(os.path.dirname(__file__), "..", "public", "icons")


def in_rounded_rect(x, y, left, top, right, bottom, radius):
    if not (left <= x <= right and top <= y <= bottom):
        return False
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def in_triangle(x, y, a, b, c):
    def side(p, q):
        return (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0])

    s1, s2, s3 = side(a, b), side(b, c), side(c, a)
    return (s1 >= 0 and s2 >= 0 and s3 >= 0) or (s1 <= 0 and s2 <= 0 and s3 <= 0)


def shade(u, v, full_bleed):
    """The colour at (u, v), both from 0 to 1 across the icon."""
    if full_bleed:
        # Maskable: the background fills the square; the drawing shrinks
        # into the safe zone.
        background = True
        u, v = (u - 0.5) / 0.8 + 0.5, (v - 0.5) / 0.8 + 0.5
    else:
        background = in_rounded_rect(u, v, 0.0, 0.0, 1.0, 1.0, 0.22)
    if not background:
        return None
    bubble = in_rounded_rect(u, v, 0.2, 0.24, 0.8, 0.68, 0.12) or in_triangle(
        u, v, (0.3, 0.6), (0.48, 0.66), (0.27, 0.82)
    )
    if bubble:
        for dot in (0.36, 0.5, 0.64):
            if (u - dot) ** 2 + (v - 0.46) ** 2 <= 0.045 ** 2:
                return ACCENT
        return WHITE
    return ACCENT


def draw(size, full_bleed):
    grid = 4
    rows = []
    for py in range(size):
        row = bytearray([0])  # PNG filter: none
        for px in range(size):
            r = g = b = a = 0
            for sy in range(grid):
                for sx in range(grid):
                    colour = shade((px + (sx + 0.5) / grid) / size, (py + (sy + 0.5) / grid) / size, full_bleed)
                    if colour:
                        r += colour[0]
                        g += colour[1]
                        b += colour[2]
                        a += 1
            if a:
                row += bytes((r // a, g // a, b // a, a * 255 // (grid * grid)))
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size, raw):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, size, full_bleed in (
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("icon-maskable-512.png", 512, True),
    ):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(draw(size, full_bleed))
        print(f"public/icons/{name}")


if __name__ == "__main__":
    main()
