#!/usr/bin/env python3
"""Writes the course notes' kernel-table page from common/kernels/README.md.

Usage: kernel_table.py SOURCE_DIR OUT.md

The rows of README.md's table (op | contract | CPU | CUDA | test) become an HTML table inside
\\htmlonly, so the op column's formulas (`dZ = dA ⊙ g'(Z)`, `Σ_j X(:,j)`) reach the page
exactly as written, without Markdown reading quotes or underscores in them. A file cell shows
the file's name; a documented header (one with @file) links to its reference page. The browser
check (check/check_site.py) verifies every link. Standard library only.
"""
import html
import os
import re
import sys

PATH = re.compile(r"[A-Za-z0-9_./-]+\.(?:hpp|cuh|h|cpp|cu)\b")
CODE = re.compile(r"`([^`]+)`")


def doxygen_page(path, source_dir):
    """Doxygen's HTML name of a file's reference page: matmul.hpp -> matmul_8hpp.html. When
    another documented file has the same name, Doxygen keeps as many folders as tell them apart:
    common/kernels/batchnorm.hpp -> kernels_2batchnorm_8hpp.html (common/nn/batchnorm.hpp exists).
    """
    parts = path.split("/")
    others = [p.split("/") for p in documented_files(source_dir) if p != path]
    keep = 1
    while keep < len(parts) and any(o[-keep:] == parts[-keep:] for o in others):
        keep += 1
    name = "/".join(parts[-keep:])
    return name.replace("_", "__").replace(".", "_8").replace("/", "_2") + ".html"


_DOCUMENTED = {}


def documented_files(source_dir):
    """Every file Doxygen documents (a header with @file under the documented folders)."""
    if source_dir not in _DOCUMENTED:
        found = []
        for top in ("common", "chapters", "exercises/include"):
            for folder, _, files in os.walk(os.path.join(source_dir, top)):
                for f in files:
                    rel = os.path.relpath(os.path.join(folder, f), source_dir)
                    if documented(source_dir, rel):
                        found.append(rel)
        _DOCUMENTED[source_dir] = found
    return _DOCUMENTED[source_dir]


def documented(source_dir, path):
    full = os.path.join(source_dir, path)
    if not path.endswith((".hpp", ".cuh", ".h")) or not os.path.isfile(full):
        return False
    if not path.startswith(("common/", "chapters/", "exercises/include/")):
        return False
    with open(full, encoding="utf-8", errors="replace") as f:
        return re.search(r"[@\\]file\b", f.read(2000)) is not None


def cell_html(text, source_dir):
    """One cell: code spans as <code>, repository paths as (linked) file names."""
    out, pos = [], 0
    tokens = []
    for m in CODE.finditer(text):
        tokens.append((m.start(), m.end(), "code", m.group(1)))
    for m in PATH.finditer(text):
        if not any(s <= m.start() < e for s, e, _, _ in tokens):
            tokens.append((m.start(), m.end(), "path", m.group(0)))
    for start, end, kind, value in sorted(tokens):
        out.append(html.escape(text[pos:start]))
        if kind == "code":
            out.append("<code>%s</code>" % html.escape(value))
        elif "/" in value and documented(source_dir, value):
            out.append('<a class="el" href="%s" title="%s">%s</a>' % (
                doxygen_page(value, source_dir), html.escape(value), html.escape(os.path.basename(value))))
        else:
            out.append('<span title="%s">%s</span>' % (html.escape(value),
                                                       html.escape(os.path.basename(value))))
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out).strip()


def main():
    source_dir, out_path = sys.argv[1], sys.argv[2]
    readme = os.path.join(source_dir, "common", "kernels", "README.md")
    rows = []
    with open(readme, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line.startswith("|") or re.match(r"^\|[\s:|-]+\|$", line):
                continue
            rows.append([c.strip() for c in line.strip("|").split("|")])
    if len(rows) < 2:
        sys.exit("kernel_table.py: no table rows in %s" % readme)
    head, body = rows[0], rows[1:]
    t = ['<table class="markdownTable kernelTable">', '<tr class="markdownTableHead">']
    t += ['<th class="markdownTableHeadNone">%s</th>' % html.escape(h) for h in head]
    t.append("</tr>")
    for i, row in enumerate(body):
        t.append('<tr class="markdownTableRow%s">' % ("Odd" if i % 2 == 0 else "Even"))
        t += ['<td class="markdownTableBodyNone">%s</td>' % cell_html(c, source_dir)
              for c in row]
        t.append("</tr>")
    t.append("</table>")
    page = """# Kernel table {#kernels}

Every hot kernel of the course exists twice, with one contract: a CPU twin written with Eigen
and a CUDA twin, declared side by side in a contract header. The contract header checks shapes,
types and devices, then dispatches on the tensors' device. CTest compares the two twins on odd
sizes (test suites whose names end in `Cuda`, label `cuda`; they report *skipped* on a machine
without a GPU).

This page is made from `common/kernels/README.md` each time the notes are built, so it lists
what the code holds today; chapters add rows as they add kernels. The contract, CPU and CUDA
files are in `common/kernels/`, the tests in `tests/kernels/` (hover over a name for its path);
a contract header links to its reference page.

\\htmlonly[block]
%s
\\endhtmlonly

To run the parity tests of the matrix product, for example:

    ctest --test-dir build -R Matmul --output-on-failure

The chapters that introduce the kernels: \\ref ch01_perceptron, \\ref ch02_logistic_regression,
\\ref ch03_vectorization, \\ref ch04_mlp, \\ref ch05_regularization, \\ref ch06_cnn,
\\ref ch07_lstm, \\ref ch08_gan and \\ref ch09_cuda.
""" % "\n".join(t)
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(tmp, out_path)


if __name__ == "__main__":
    main()
