#!/usr/bin/env python3
"""Compiles one student exercise file for the grading build, and never fails.

cmake/DlGrading.cmake sets this script as the compiler launcher of each student file's object:

    compile_exercise.py --exercise ch02.logistic_cost --source <file> --log-dir <dir> \
                        -- <compiler command>

It runs the compiler command. When the file compiles, that is all (a stale log is removed). When
it does not:
  * the compiler's messages go to <log-dir>/<exercise>.log (first line: the source file) and to
    the build log, and the grader reports "does not compile" for this exercise with that path;
  * the object is built from the file's stub instead: the same file with the code between each
    `TODO(student): begin` and `TODO(student): end` replaced by a dl::NotImplemented throw, or, if
    even that does not compile, from an empty file.
So the chapter's other exercises, which may call this one, still link and get graded.
"""
import argparse
import os
import re
import subprocess
import sys


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    return p.returncode, p.stdout.decode("utf-8", errors="replace")


def stub_text(source_text, exercise, log_path):
    """The student's file with each TODO(student) region replaced by a throw; None if none."""
    lines = source_text.splitlines(keepends=True)
    out, inside, regions = [], False, 0
    message = f"{exercise} (your file does not compile: see {log_path})"
    for line in lines:
        if "TODO(student): begin" in line:
            out.append(line)
            out.append(f'    throw ::dl::NotImplemented("{message}");\n')
            inside, regions = True, regions + 1
        elif "TODO(student): end" in line:
            out.append(line)
            inside = False
        elif not inside:
            out.append(line)
    if regions == 0 or inside:
        return None
    return '#include "core/error.hpp"\n' + "".join(out)


def replace_source(cmd, source, replacement, include_dir):
    """The compiler command with `replacement` compiled in place of `source` (None: not found)."""
    real = os.path.realpath(source)
    out = [replacement if os.path.sep in a and os.path.realpath(a) == real else a for a in cmd]
    if out == cmd:
        return None
    return out + ["-iquote", include_dir]  # the student's own headers next to the file


def main():
    if "--" not in sys.argv:
        sys.exit("compile_exercise.py: expected `-- <compiler command>`")
    split = sys.argv.index("--")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--exercise", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--log-dir", required=True)
    args = ap.parse_args(sys.argv[1:split])
    cmd = sys.argv[split + 1:]

    os.makedirs(args.log_dir, exist_ok=True)
    log_path = os.path.join(args.log_dir, f"{args.exercise}.log")
    rc, output = run(cmd)
    if rc == 0:
        sys.stdout.write(output)
        if os.path.exists(log_path):
            os.remove(log_path)
        return 0

    sys.stdout.write(output)
    print(f"compile_exercise: {args.source} does not compile; {args.exercise} is graded as not "
          f"compiling (log: {log_path}) and its stub is linked into the chapter's other tests")
    tmp = log_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(f"{args.source}\n{output}")
    os.replace(tmp, log_path)

    with open(args.source, encoding="utf-8", errors="replace") as f:
        text = stub_text(f.read(), args.exercise, log_path)
    base = os.path.join(args.log_dir, args.exercise)
    candidates = []
    if text is not None:
        candidates.append((base + ".stub.cpp", text))
    candidates.append((base + ".empty.cpp", f"// {args.exercise}: nothing (the file and its stub "
                                            "do not compile)\n"))
    for path, content in candidates:
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
        fallback = replace_source(cmd, args.source, path, os.path.dirname(args.source))
        if fallback is None:
            break
        if run(fallback)[0] == 0:
            return 0
    print(f"compile_exercise: could not build a stand-in for {args.source}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
