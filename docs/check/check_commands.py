#!/usr/bin/env python3
"""Checks that every command the course's texts quote exists and takes the flags it is given.

Reads README.md, docs/README.md, docs/pages/*.md, the exercise stubs and headers
(exercises/chNN/*.cpp, exercises/include/exercises/*.hpp) and the hint files
(exercises/graded/chNN/hints.md), and finds in their code (inline `...` and code blocks):

  ./course <command> ...    run, grade and hint run for real in dry mode (DL_DRY_RUN=1: the
                            arguments are checked, nothing is built); any other command and its
                            options must be in `./course help`; flags after `./course run N --`
                            are checked as chapter N's flags.
  chNN_<slug> --flag ...    each flag must be in the program's --help, and a value given to a flag
  build/bin/chNN_<slug>     with a list of choices (--device cpu|cuda) must be one of them.
  --flag ...                alone, a flag belongs to the program or ./course command named last in
                            the same paragraph or list item; on a chapter's page to that chapter's
                            program; anywhere else to every chapter program (the shared flags).
  ctest ...                 must select at least one test of the build (ctest -N).

Prints one line per command checked and exits 1 if any is wrong, naming the file and the line.
"""
import argparse
import glob
import os
import re
import shlex
import subprocess
import sys

PLACEHOLDERS = {"N": "1", "DIR": "exercises", "NAME": "mp_neuron"}


class Checker:
    def __init__(self, root, bindir, build):
        self.root, self.bindir, self.build = root, bindir, build
        self.course = os.path.join(root, "course")
        self.programs = sorted(os.path.basename(d.rstrip("/"))
                               for d in glob.glob(os.path.join(root, "chapters", "ch[0-9][0-9]_*/"))
                               if os.path.exists(os.path.join(d, "CMakeLists.txt")))
        self.helps = {}
        self.usage = self._usage()
        self.errors = 0
        self.checked = 0

    # --- what the programs and the script accept ------------------------------------------
    def _usage(self):
        out = subprocess.run([self.course, "help"], capture_output=True, text=True).stdout
        entries = {}
        for line in out.splitlines():  # "  grade [N | chNN.NAME] [--chapter N]   what it does"
            m = re.match(r"  ([a-z][a-z-]*)(.*)", line)
            if m and not line.startswith("   "):
                entries[m.group(1)] = " " + re.split(r"\s{2,}", m.group(2))[0].strip()
        return entries

    def help_of(self, program):
        if program not in self.helps:
            exe = os.path.join(self.bindir, program)
            if not os.path.exists(exe):
                self.helps[program] = None
            else:
                p = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=60)
                self.helps[program] = p.stdout if p.returncode == 0 else None
        return self.helps[program]

    def program_flags(self, program):
        """{flag: [choices] or None} from the program's --help."""
        text = self.help_of(program)
        if text is None:
            return None
        flags = {}
        for line in text.splitlines():
            m = re.match(r"\s+(--[a-z][a-z0-9-]*)(?:[ =]([^\s]+))?", line)
            if m:
                meta = m.group(2) or ""
                listed = re.fullmatch(r"[a-z0-9_]+(\|[a-z0-9_]+)+", meta)
                flags[m.group(1)] = meta.split("|") if listed else None
        return flags

    # --- checks ---------------------------------------------------------------------------
    def fail(self, where, what):
        print(f"FAIL {where}: {what}")
        self.errors += 1

    def ok(self, where, what):
        print(f"ok   {where}: {what}")

    def check_flags(self, where, program, tokens):
        flags = self.program_flags(program)
        if flags is None:
            self.fail(where, f"{program} is not built or its --help fails ({self.bindir})")
            return
        self.checked += 1
        bad = []
        for i, tok in enumerate(tokens):
            if not tok.startswith("--") or tok == "--":
                continue
            name, _, inline = tok.partition("=")
            if name == "--help":
                continue
            if name not in flags:
                bad.append(f"{name} is not a flag of {program}")
                continue
            value = inline or (tokens[i + 1] if i + 1 < len(tokens) else "")
            placeholder = "|" in value or value.isupper() or "<" in value
            if (flags[name] and value and not value.startswith("-") and not placeholder
                    and value not in flags[name]):
                bad.append(f"{name} {value}: {program} takes {'|'.join(flags[name])}")
        if bad:
            self.fail(where, "; ".join(bad))
        else:
            self.ok(where, f"{program} {' '.join(tokens)}")

    def check_common_flags(self, where, tokens):
        for program in self.programs:
            self.check_flags(where, program, tokens)

    def check_course(self, where, tokens):
        self.checked += 1
        if not tokens:
            return self.ok(where, "./course")
        cmd, rest = tokens[0], [self.placeholder(t) for t in tokens[1:]]
        synopsis = any(re.search(r"[\[\]|<>]|\.\.\.", t) for t in rest)
        if cmd not in self.usage:
            return self.fail(where, f"./course {cmd}: no such command (./course help lists "
                                    f"{', '.join(self.usage)})")
        if synopsis:  # a usage line quoted in the text: its options must be the script's
            opts = set(re.findall(r"--[a-z][a-z-]*", " ".join(rest)))
            known = set(re.findall(r"--[a-z][a-z-]*", self.usage[cmd]))
            missing = opts - known
            if missing:
                return self.fail(where, f"./course {cmd}: {', '.join(sorted(missing))} not in "
                                        f"`./course help` ({cmd}{self.usage[cmd]})")
            return self.ok(where, f"./course {' '.join(tokens)} (synopsis)")
        args = rest
        flags = []
        if "--" in args:
            k = args.index("--")
            args, flags = args[:k], args[k + 1:]
        if cmd in ("run", "grade", "hint"):
            env = dict(os.environ, DL_DRY_RUN="1")
            p = subprocess.run([self.course, cmd] + args + (["--"] + flags if flags else []),
                               capture_output=True, text=True, env=env, timeout=60,
                               cwd=self.root)  # the texts' commands run from the repository
            if p.returncode != 0:
                return self.fail(where, f"./course {' '.join(tokens)}: exit {p.returncode}: "
                                        f"{(p.stderr or p.stdout).strip()}")
            if cmd == "run" and flags:
                chapter = [a for a in args if re.fullmatch(r"\d+", a)]
                programs = ([p for p in self.programs if p.startswith(f"ch{int(chapter[0]):02d}_")]
                            if chapter else self.programs)
                for program in programs:
                    self.check_flags(where, program, flags)
                return
            return self.ok(where, f"./course {' '.join(tokens)}")
        known = set(re.findall(r"--[a-z][a-z-]*", self.usage[cmd]))
        # Positional slots: the synopsis's upper-case words that are not an option's value.
        slots = len(re.findall(r"(?<![a-z] )(?<!\[)\b[A-Z]+\b", self.usage[cmd].replace("[", " [")))
        extra = [a for a in args if a.startswith("-") and a not in known]
        positional = [a for i, a in enumerate(args) if not a.startswith("-")
                      and not (i and args[i - 1] in known and args[i - 1] not in ("--",))]
        if len(positional) > slots:
            extra += positional[slots:]
        if extra:
            return self.fail(where, f"./course {cmd}: {' '.join(extra)} not in `./course help` "
                                    f"({cmd}{self.usage[cmd]})")
        self.ok(where, f"./course {' '.join(tokens)}")

    def check_ctest(self, where, tokens):
        self.checked += 1
        args, i = [], 0
        test_dir = self.root  # no --test-dir: run where the text's commands run, the repository
        while i < len(tokens):
            t = tokens[i]
            if t == "--test-dir" and i + 1 < len(tokens):
                given = tokens[i + 1]
                test_dir = self.build if given == "build" else os.path.join(self.root, given)
                i += 2
                continue
            if t not in ("--output-on-failure",):
                args.append(t)
            i += 1
        if not os.path.isdir(test_dir):
            return self.fail(where, f"ctest: no build folder {test_dir}")
        if test_dir == self.root:
            return self.fail(where, f"`ctest {' '.join(tokens)}` run from the repository finds no "
                                    "tests: give --test-dir build")
        p = subprocess.run(["ctest", "--test-dir", test_dir, "-N"] + args, capture_output=True,
                           text=True, timeout=120)
        m = re.search(r"Total Tests: (\d+)", p.stdout)
        if p.returncode != 0 or not m or int(m.group(1)) == 0:
            return self.fail(where, f"`ctest {' '.join(tokens)}` selects no test")
        self.ok(where, f"ctest {' '.join(tokens)} ({m.group(1)} tests)")

    def placeholder(self, tok):
        """A real value for a placeholder of the texts: N, DIR, $s, chNN.<name>, ch02.<name>."""
        if tok in PLACEHOLDERS:
            return PLACEHOLDERS[tok]
        if tok.startswith("$") or tok.startswith('"$'):
            return "exercises"
        m = re.fullmatch(r"ch(NN|\d\d)\.(<name>|NAME)", tok)
        if m:
            chapter = "ch01" if m.group(1) == "NN" else f"ch{m.group(1)}"
            exercises = self.exercises(chapter)
            return f"{chapter}.{exercises[0]}" if exercises else tok
        return tok

    def exercises(self, chapter):
        """The graded exercises of a chapter, from its exercises.cmake."""
        path = os.path.join(self.root, "exercises", "graded", chapter, "exercises.cmake")
        if not os.path.exists(path):
            return []
        return re.findall(r"^dl_graded_exercise\(" + chapter + r"\s+(\w+)", open(path).read(), re.M)

    # --- reading the texts ----------------------------------------------------------------
    def program_of(self, token):
        base = token.split("/")[-1]
        return base if base in self.programs else None

    def check_snippet(self, where, text, context, fallback=("common", None)):
        """Checks one piece of code; returns the subject a following bare flag belongs to.
        `fallback`: the page's program, for a flag that is not an option of the ./course
        command named before it."""
        text = text.strip()
        m = re.search(r"(?:^|[\s;(])\./course\b(.*)", text)
        if m:
            cmdline = re.split(r"\s(?:#|>|\||;|&&)\s?", m.group(1))[0]
            try:
                tokens = shlex.split(cmdline)
            except ValueError:
                tokens = cmdline.split()
            self.check_course(where, tokens)
            return ("course", tokens[0] if tokens else "")
        if text.startswith("ctest "):
            self.check_ctest(where, shlex.split(text)[1:])
            return context
        first = text.split()[0] if text.split() else ""
        program = self.program_of(first)
        if program:
            tokens = shlex.split(re.split(r"\s#\s", text)[0])[1:]
            if any(t.startswith("--") for t in tokens):
                self.check_flags(where, program, tokens)
            return ("program", program)
        if re.fullmatch(r"--[a-z][a-z0-9-]*(?:[ =]\S+)*", text):
            tokens = text.split()
            kind, subject = context
            if kind == "program":
                self.check_flags(where, subject, tokens)
            elif kind == "course":
                known = set(re.findall(r"--[a-z][a-z-]*", self.usage.get(subject, "")))
                if tokens[0].split("=")[0] in known:
                    self.checked += 1
                    self.ok(where, f"{tokens[0]} of ./course {subject}")
                elif fallback[0] == "program":  # e.g. the chapter's flags a command passes on
                    self.check_flags(where, fallback[1], tokens)
                else:
                    self.check_common_flags(where, tokens)
            else:
                self.check_common_flags(where, tokens)
        return context

    def check_file(self, path):
        rel = os.path.relpath(path, self.root)
        page_program = None
        m = re.match(r"(ch\d\d_\w+)\.md$", os.path.basename(path))
        if m and m.group(1) in self.programs:
            page_program = m.group(1)
        default = ("program", page_program) if page_program else ("common", None)
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        is_md = path.endswith(".md")
        in_fence = False
        paragraph, start = [], 1

        def flush():
            context = default
            text = "\n".join(l for _, l in paragraph)
            # Code spans, and "chapter N", which makes chapter N's program the subject of the
            # flags quoted after it.
            for m in re.finditer(r"`([^`\n]+(?:\n[^`\n]+)?)`|\b[Cc]hapter (\d+)\b", text):
                if m.group(2):
                    program = next((p for p in self.programs
                                    if p.startswith(f"ch{int(m.group(2)):02d}_")), None)
                    if program:
                        context = ("program", program)
                    continue
                line_no = paragraph[0][0] + text[:m.start()].count("\n")
                context = self.check_snippet(f"{rel}:{line_no}", m.group(1).replace("\n", " "),
                                             context, default)
            paragraph.clear()

        for no, raw in enumerate(lines, 1):
            if is_md:
                line = raw
            else:  # the comments of a source file
                m = re.match(r"\s*//[/!<]*\s?(.*)", raw)
                line = m.group(1) if m else ""
            if is_md and line.strip().startswith("```"):
                flush()
                in_fence = not in_fence
                continue
            if is_md and (in_fence or (line.startswith("    ") and not paragraph)):
                code = line.strip()
                if code and not code.startswith("#"):
                    self.check_snippet(f"{rel}:{no}", code, default)
                continue
            if not line.strip() or re.match(r"\s*([-*]|\d+\.)\s", line):
                flush()
            if line.strip():
                paragraph.append((no, line))
        flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", required=True, help="the repository")
    ap.add_argument("--bin", required=True, help="the folder of the built chapter programs")
    ap.add_argument("--build", required=True, help="the build folder (for ctest lines)")
    ap.add_argument("files", nargs="*", help="check these files instead of the course's texts")
    args = ap.parse_args()
    c = Checker(os.path.abspath(args.root), os.path.abspath(args.bin), os.path.abspath(args.build))
    if args.files:
        for f in args.files:
            c.check_file(os.path.abspath(f))
        print(f"{c.checked} commands checked in {len(args.files)} files, {c.errors} wrong")
        return 1 if c.errors else 0
    files = [os.path.join(c.root, "README.md"), os.path.join(c.root, "docs", "README.md")]
    files += sorted(glob.glob(os.path.join(c.root, "docs", "pages", "*.md")))
    files += sorted(glob.glob(os.path.join(c.root, "exercises", "ch[0-9][0-9]", "*.cpp")))
    files += sorted(glob.glob(os.path.join(c.root, "exercises", "include", "exercises", "*.hpp")))
    files += sorted(glob.glob(os.path.join(c.root, "exercises", "graded", "ch[0-9][0-9]",
                                           "hints.md")))
    for f in files:
        if os.path.exists(f):
            c.check_file(f)
    print(f"{c.checked} commands checked in {len(files)} files, {c.errors} wrong")
    return 1 if c.errors else 0


if __name__ == "__main__":
    sys.exit(main())
