#!/usr/bin/env python3
"""Doxygen input filter for the course's headers (FILTER_PATTERNS in Doxyfile.in).

In `///` and `//!` comments, a word in angle brackets that is not an HTML tag Doxygen knows
(`<name>`, `<svg>`, `std::vector<double>`, `chNN/<name>.cpp`) is a placeholder or a template
argument meant literally; the filter escapes it (`\\<name\\>`) so Doxygen shows it as written
instead of warning about an unsupported HTML tag. Everything else passes through unchanged,
line for line, so line numbers in Doxygen's messages stay right. Standard library only.
"""
import re
import sys

KNOWN = set("""a b big blockquote br caption center cite code dd del details dfn div dl dt em
form h1 h2 h3 h4 h5 h6 hr i img input ins kbd li ol p pre s small span strike strong sub summary
sup table td th tr tt u ul var""".split())
COMMENT = re.compile(r"^(\s*//[/!]<?)(.*)$")
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9_]*)([^<>]*)>")


def escape(text):
    def repl(m):
        if m.group(2).lower() in KNOWN:
            return m.group(0)
        return "\\<" + m.group(1) + m.group(2) + m.group(3) + "\\>"
    return TAG.sub(repl, text)


def main():
    with open(sys.argv[1], encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            m = COMMENT.match(line)
            if m:
                line = m.group(1) + escape(m.group(2)) + ("\n" if line.endswith("\n") else "")
            sys.stdout.write(line)


if __name__ == "__main__":
    main()
