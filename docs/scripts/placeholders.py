#!/usr/bin/env python3
"""Stands in for a chapter program's run in the notes when that program would not run the reference.

In a copy of the course without the reference solutions of a chapter (a student copy), the
chapter program runs the student's exercises, which are stubs until solved: the notes cannot show
its output. The docs target (docs/CMakeLists.txt) then runs this script instead of the program:

    placeholders.py --chapter ch04 --program ch04_mlp --page docs/pages/ch04_mlp.md --docs-dir DIR

It writes DIR/output/ch04.txt, a note in place of the program's output, and for every
`\\image html ch04_<name>.svg|png` of the page a placeholder image DIR/images/ch04_<name>, so the
notes build and read the same, with the reference run's figures marked as not available here.
"""
import argparse
import glob
import os
import re
import struct
import zlib


def write(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def svg(text_lines):
    rows = "".join(f'<text x="16" y="{32 + 22 * i}" font-family="sans-serif" font-size="15" '
                   f'fill="#444">{t}</text>' for i, t in enumerate(text_lines))
    height = 24 + 22 * len(text_lines)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="720" height="{height}" '
            f'viewBox="0 0 720 {height}"><rect x="1" y="1" width="718" height="{height - 2}" '
            f'fill="#f4f4f4" stroke="#bbb" stroke-dasharray="6 4"/>{rows}</svg>\n').encode()


def png(width=240, height=40, grey=0xE8):
    """A plain grey PNG (no text: the caption says what is missing)."""
    raw = b"".join(b"\x00" + bytes([grey]) * width for _ in range(height))
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chapter", required=True)
    ap.add_argument("--program", required=True)
    ap.add_argument("--page", required=True)
    ap.add_argument("--docs-dir", required=True)
    args = ap.parse_args()
    n = int(args.chapter[2:])
    images = os.path.join(args.docs_dir, "images")
    output = os.path.join(args.docs_dir, "output")
    os.makedirs(images, exist_ok=True)
    os.makedirs(output, exist_ok=True)

    note = (f"(Not shown: this copy of the course has no reference solutions of chapter {n}\n"
            f"(solutions/{args.chapter}), so {args.program} would run your own exercises, not the\n"
            f"reference. Once `./course grade {n}` gives full points, `./course run {n} --mine`\n"
            f"prints this output and draws this page's figures into "
            f"build/figures/{args.chapter}/.)\n")
    write(os.path.join(output, f"{args.chapter}.txt"), note.encode())

    for old in glob.glob(os.path.join(images, f"{args.chapter}_*")):
        os.remove(old)
    page = open(args.page, encoding="utf-8").read() if os.path.exists(args.page) else ""
    names = sorted(set(re.findall(r"\\image\s+html\s+(" + args.chapter + r"_[\w.-]+\.(?:svg|png))",
                                  page)))
    for name in names:
        if name.endswith(".svg"):
            data = svg([f"{name}: drawn by {args.program}'s reference run.",
                        f"Not available in this copy (no solutions/{args.chapter}):",
                        f"`./course run {n} --mine` draws it from your code."])
        else:
            data = png()
        write(os.path.join(images, name), data)
    print(f"docs: {args.program} would not run the reference here: a note and {len(names)} "
          f"placeholder figure(s) instead of its output")


if __name__ == "__main__":
    main()
