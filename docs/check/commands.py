#!/usr/bin/env python3
"""Checks that every command the notes quote exists: the notes must not drift from the code.

Scans README.md and docs/pages/*.md for `./course ...` commands and chapter program invocations
(`ch04_mlp --flag ...`), in inline code and in indented or fenced code blocks, and checks
  - every ./course subcommand against `./course help`, and its --options against the same text;
  - every flag given to a chapter program (directly, or after `./course run N --`) against that
    program's --help, run from the build's bin/ folder;
  - a code span of bare flags (`--init zeros`) against the program named last in its paragraph,
    or, when the paragraph names none, against every flag any program of the course knows
    (./course, the chapters, and the flags quoted in the sources of the other tools).
Nothing is run but `--help` and `./course help`. Exit 0 when all exist, 1 with one line per
command that does not.

usage: commands.py --root REPO --bin BUILD/bin [--files PAGE.md ...]
"""
import argparse
import pathlib
import re
import subprocess
import sys

PROG = re.compile(r"\b(ch\d\d_[a-z0-9_]+?)(_mine)?\b")
FLAG = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*)")


def snippets(text):
    """(paragraph number, code) for inline code spans and code-block lines, in order."""
    out = []
    para, fenced = 0, False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            fenced = not fenced
            continue
        if not line.strip():
            para += 1
            continue
        if fenced or line.startswith("    ") and not line.lstrip().startswith(("-", "*", "|")):
            code = line.split(" #", 1)[0].strip()
            if code.startswith(("./course", "ch", "build/", "DL_")):
                out.append((para, code))
                continue
        for span in re.findall(r"`([^`]+)`", line):
            out.append((para, span.strip()))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--files", nargs="*", help="check these Markdown files instead of the notes")
    a = ap.parse_args()
    root, bindir = pathlib.Path(a.root).resolve(), pathlib.Path(a.bin).resolve()

    usage = subprocess.run([str(root / "course"), "help"], capture_output=True, text=True).stdout
    commands = set(re.findall(r"^  ([a-z][a-z-]*)\b", usage, re.M))
    chapters = sorted(d.name for d in (root / "chapters").glob("ch[0-9][0-9]_*")
                      if (d / "CMakeLists.txt").exists())
    helps = {}

    def flags_of(prog):
        if prog not in helps:
            exe = bindir / prog
            if not exe.exists():
                helps[prog] = None
            else:
                r = subprocess.run([str(exe), "--help"], capture_output=True, text=True)
                helps[prog] = set(FLAG.findall(r.stdout + r.stderr))
        return helps[prog]

    every = []

    def anywhere():
        """Flags of ./course, of every chapter program, and quoted in the course's sources."""
        if not every:
            known = set(FLAG.findall(usage))
            for c in chapters:
                known |= flags_of(c) or set()
            for pattern in ("**/*.cpp", "**/*.py", "**/*.sh", "**/run-*", "course"):
                for src in root.glob(pattern):
                    if "build" in src.relative_to(root).parts[0] or not src.is_file():
                        continue
                    known |= set(re.findall(r'"(--[a-z][a-z0-9-]*)', src.read_text(errors="replace")))
                    known |= set(re.findall(r"^\s*(--[a-z][a-z0-9-]*)\)", src.read_text(errors="replace"), re.M))
            every.append(known)
        return every[0]

    problems, checked = [], 0
    files = ([pathlib.Path(f).resolve() for f in a.files] if a.files else
             [root / "README.md"] + sorted((root / "docs" / "pages").glob("*.md")))
    for f in files:
        where = f.relative_to(root) if f.is_relative_to(root) else f
        last_prog, last_para = None, -1
        for para, code in snippets(f.read_text(encoding="utf-8")):
            if para != last_para:
                last_prog, last_para = None, para
            m = re.search(r"\./course(?:\s+(\S+))?(.*)", code)
            if m:
                cmd, rest = m.group(1), m.group(2) or ""
                if cmd is None or cmd.startswith("<"):
                    continue
                checked += 1
                if cmd not in commands:
                    problems.append(f"{where}: `{code}`: ./course has no command '{cmd}' "
                                    f"(it has: {', '.join(sorted(commands))})")
                    continue
                own, _, passed = rest.partition(" -- ")
                for fl in FLAG.findall(own):
                    if fl not in usage:
                        problems.append(f"{where}: `{code}`: ./course {cmd} has no option {fl}")
                n = re.match(r"\s*(\d+)", own)
                if cmd == "run" and n and passed:
                    prog = next((c for c in chapters if c.startswith(f"ch{int(n.group(1)):02d}_")), None)
                    if prog is None:
                        problems.append(f"{where}: `{code}`: there is no chapter {n.group(1)}")
                    else:
                        known = flags_of(prog)
                        for fl in FLAG.findall(passed):
                            if known is not None and fl not in known:
                                problems.append(f"{where}: `{code}`: {prog} has no flag {fl}")
                continue
            pm = PROG.search(code)
            if pm and pm.group(1) in chapters:
                prog = pm.group(1)
                last_prog = prog
                args = code[pm.end():]
                targets = [prog]
            elif pm and re.fullmatch(r"ch\d\d_[a-z0-9_]+", code.split()[0].split("/")[-1]):
                checked += 1
                problems.append(f"{where}: `{code}`: no chapter program '{pm.group(1)}' "
                                f"(chapters: {', '.join(chapters)})")
                continue
            elif code.startswith("--"):
                if last_prog is None:  # no program named: the flag must exist somewhere
                    for fl in FLAG.findall(code):
                        checked += 1
                        if fl not in anywhere():
                            problems.append(f"{where}: `{code}`: no program of the course "
                                            f"knows {fl}")
                    continue
                args = code
                targets = [last_prog]
            else:
                continue
            for fl in FLAG.findall(args):
                for prog in targets:
                    known = flags_of(prog)
                    if known is None:
                        continue  # not built here (a chapter without its binary): skip
                    checked += 1
                    if fl not in known:
                        problems.append(f"{where}: `{code}`: {prog} has no flag {fl}")
    for p in problems:
        print("FAIL " + p)
    print(f"{checked} quoted commands and flags checked, {len(problems)} do not exist")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
