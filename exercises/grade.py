#!/usr/bin/env python3
"""Scores the graded exercises: runs their CTest entries and prints the table.

`./course grade` calls this after building the graded tests against a student's folder
(see cmake/DlGrading.cmake). It reads the manifest CMake wrote (each exercise, its checks and
their points), runs `ctest -L graded`, and reports per exercise the points of the checks that
passed. Below the table, for each exercise that lost points, the whole first failure (with the
test's hint), the command that shows all of the test's output, and `./course hint`. A file that
does not compile fails its own exercise with the compiler's first error and the path of the full
log. Reports: <build>/grade-junit.xml (CTest's JUnit XML) and <build>/autograding.json (the
GitHub Classroom autograding result shape). It exits 0 once the report is written, whatever the
score: grading a submission is not a failure of the grader.
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET

MAX_FAILURE_LINES = 40  # a failure longer than this is cut, with the command that shows it all


def read_manifest(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        next(f)  # header
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 6:
                continue
            checks = []
            for item in parts[4].split(","):
                name, points = item.rsplit(":", 1)
                checks.append((name, int(points)))
            rows.append({"chapter": parts[0], "exercise": parts[1], "points": int(parts[2]),
                         "title": parts[3], "checks": checks, "cuda": parts[5] == "1"})
    return rows


def shown(path):
    """A path as the user typed it: relative to the current folder when inside it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def check_results(output):
    """Each check's result in a GoogleTest run: {name: (status, text)}.

    status is passed, failed, skipped or crashed (started and never finished: a crash, a
    sanitizer report, a timeout); text is what the check printed.
    """
    results, current, text = {}, None, []
    for line in output.splitlines():
        m = re.match(r"\[ RUN      \] Graded(?:Cuda)?\.(\w+)", line)
        if m:
            current, text = m.group(1), []
            continue
        m = re.match(r"\[ +(OK|FAILED|SKIPPED) +\] Graded(?:Cuda)?\.(\w+)", line)
        if m and current == m.group(2):
            status = {"OK": "passed", "FAILED": "failed", "SKIPPED": "skipped"}[m.group(1)]
            results[current] = (status, "\n".join(text))
            current = None
            continue
        if current:
            text.append(line)
    if current:
        results[current] = ("crashed", "\n".join(text))
    return results


def test_command(build, name):
    """The command and environment CTest runs for test `name`."""
    p = subprocess.run(["ctest", "--test-dir", build, "--show-only=json-v1", "-R",
                        "^" + re.escape(name) + "$"], capture_output=True, text=True, check=False)
    try:
        test = json.loads(p.stdout)["tests"][0]
    except (ValueError, KeyError, IndexError):
        return None, None
    env = dict(os.environ)
    for prop in test.get("properties", []):
        if prop.get("name") == "ENVIRONMENT":
            env.update(v.split("=", 1) for v in prop["value"] if "=" in v)
    return test.get("command"), env


def rescore_after_crash(build, name, checks):
    """Runs the test program again without the checks that crashed, so that one crash (a
    sanitizer report, a segmentation fault) costs only its own check: the checks after it in
    the same program run too. Updates `checks` in place."""
    command, env = test_command(build, name)
    if not command:
        return
    excluded = []
    for _ in range(len(checks) + 10):
        crashed = [c for c, (status, _) in checks.items() if status == "crashed"]
        new = [c for c in crashed if c not in excluded]
        if not new:
            return
        excluded += new
        pattern = "-" + ":".join(f"Graded*.{c}" for c in excluded)
        try:
            p = subprocess.run(command + [f"--gtest_filter={pattern}"], capture_output=True,
                               text=True, env=env, timeout=120, check=False)
        except subprocess.TimeoutExpired:
            return
        for check, result in check_results(p.stdout + p.stderr).items():
            if check not in excluded:
                checks[check] = result


def first_failure(text):
    """The first failed assertion of a check's output, whole (with its hint)."""
    lines = text.splitlines()
    starts = [i for i, l in enumerate(lines) if re.search(r"(:\d+|unknown file): Failure$", l)]
    if not starts:
        return text.strip()
    end = starts[1] if len(starts) > 1 else len(lines)
    block = lines[starts[0]:end]
    block[0] = re.sub(r"^.*/", "", block[0])  # file.cpp:12: Failure
    m = re.search(r'C\+\+ exception with description "(.*)" thrown in the test body',
                  "\n".join(block), re.S)
    if m:
        return "threw: " + m.group(1)
    return "\n".join(block).strip()


def crash_report(text, folder, chapter):
    """What a crash says and where: the sanitizer's finding at the student's line, or the
    uncaught exception, then the report's key lines."""
    lines = text.splitlines()
    summary = ""
    m = re.search(r"ERROR: AddressSanitizer: ([\w-]+)", text)
    if m:
        kind = m.group(1)
        access = re.search(r"(READ|WRITE) of size (\d+)", text)
        what = {"heap-buffer-overflow": "past the end of a buffer",
                "use-after-poison": "past the end of a tensor",
                "stack-buffer-overflow": "past the end of a local array",
                "heap-use-after-free": "to memory already freed"}.get(kind, f"({kind})")
        verb = f"a {access.group(1).lower()} of {access.group(2)} bytes" if access else "an access"
        if kind == "SEGV":
            verb, what = "a segmentation fault:", "a read or write at an invalid address"
        frames = [l for l in lines if re.match(r"\s*#\d+ ", l)]
        # The first frame in a file of the chapter's exercises (not its tests), else in the
        # student's folder.
        frame = next((l for l in frames if re.search(rf"/{chapter}/\w+\.cpp:\d+", l)), "") or \
            next((l for l in frames if folder in l or "/exercises/" in l), "")
        where = re.search(r"(?:in (\S+)\s.*?)?(/\S+?\.(?:cpp|hpp|h)):(\d+)", frame)
        at = f" at {os.path.basename(where.group(2))}:{where.group(3)}" if where else ""
        summary = f"AddressSanitizer: {verb} {what}{at}"
    keep = [l.strip() for l in lines
            if "ERROR: AddressSanitizer" in l or re.match(r"(READ|WRITE) of size", l)
            or "SUMMARY:" in l or "terminate called" in l or "what():" in l or "Assertion" in l
            or (re.match(r"\s*#\d+ ", l) and "graded_main" not in l
                and (folder in l or "/exercises/" in l or "/solutions/" in l or "_test.cpp" in l))]
    body = "\n".join(keep[:12]) if keep else "\n".join(lines[-8:])
    return (summary + "\n" + body).strip()


def compile_failure(log_dir, exercise, source):
    """(first error, log path) when the student's file did not compile, else None."""
    log = os.path.join(log_dir, f"{exercise}.log")
    if not os.path.exists(log):
        return None
    with open(log, encoding="utf-8", errors="replace") as f:
        first = f.readline().strip()
        rest = f.read()
    if os.path.realpath(first) != os.path.realpath(source):
        return None  # left over from another folder
    error = next((l for l in rest.splitlines() if "error" in l), "")
    error = re.sub(r"^[^\s:]*/(?=[^/\s:]+:\d+)", "", error)  # file.cpp:12:5: error: ...
    return error or "see the log", log


def cache_value(build, name):
    """A variable of the build's CMakeCache.txt, or None."""
    try:
        with open(os.path.join(build, "CMakeCache.txt"), encoding="utf-8") as f:
            for line in f:
                if line.startswith(name + ":"):
                    return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return None


def link_failure(log_text, target):
    """The first error under the build log's `FAILED: ...<target>` entry."""
    lines = log_text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("FAILED:") and line.rstrip().endswith(target):
            for nxt in lines[i + 1:i + 60]:
                if "undefined reference" in nxt or "error" in nxt:
                    return re.sub(r"^.*?: ", "", nxt.strip(), count=1)
    return "see the build log"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True, help="the grading build folder")
    ap.add_argument("--build-log", default="", help="the build's log, for link errors")
    ap.add_argument("--exercises", default="", help="the graded folder (shown in the report)")
    ap.add_argument("--chapter", help="grade this chapter only (chNN or N)")
    ap.add_argument("--exercise", help="grade this exercise only (chNN.<name>)")
    args = ap.parse_args()

    manifest = os.path.join(args.build, "graded", "manifest.tsv")
    if not os.path.exists(manifest):
        sys.exit(f"grade: no manifest at {manifest}: was the grading build configured?")
    rows = read_manifest(manifest)
    chapter = None
    if args.chapter is not None:
        chapter = args.chapter if args.chapter.startswith("ch") else f"ch{int(args.chapter):02d}"
        rows = [r for r in rows if r["chapter"] == chapter]
    if args.exercise is not None:
        rows = [r for r in rows if f"{r['chapter']}.{r['exercise']}" == args.exercise]
    if not rows:
        sys.exit(f"grade: no graded exercises for {args.exercise or chapter or 'any chapter'}")

    junit = os.path.join(args.build, "grade-junit.xml")
    cmd = ["ctest", "--test-dir", args.build, "-L", "^graded$", "--output-junit", junit,
           "--timeout", "120", "-j", str(os.cpu_count() or 2)]
    if args.exercise is not None:
        cmd += ["-R", "^graded\\.mine\\." + re.escape(args.exercise) + "$"]
    elif chapter is not None:
        cmd += ["-L", f"^{chapter}$"]
    if os.path.exists(junit):
        os.remove(junit)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    cases = {}
    if os.path.exists(junit):
        for tc in ET.parse(junit).getroot().iter("testcase"):
            skipped = tc.find("skipped")
            cases[tc.get("name")] = {
                "status": tc.get("status"),
                "skip": skipped.get("message", "") if skipped is not None else "",
                "output": tc.findtext("system-out") or "",
                "time": float(tc.get("time") or 0),
            }
    log_text = ""
    if args.build_log and os.path.exists(args.build_log):
        with open(args.build_log, encoding="utf-8", errors="replace") as f:
            log_text = f.read()
    folder = args.exercises or os.path.join(os.getcwd(), "exercises")
    compile_dir = os.path.join(args.build, "graded", "compile")
    bin_dir = os.path.join(args.build, "graded", "bin")

    results = []
    for r in rows:
        ex = f"{r['chapter']}.{r['exercise']}"
        name = f"graded.mine.{ex}"
        source = os.path.join(folder, r["chapter"], r["exercise"] + ".cpp")
        case = cases.get(name)
        rerun = (f"ctest --test-dir {shlex.quote(shown(args.build))} -R "
                 f"{shlex.quote('^' + re.escape(name) + '$')} --output-on-failure")
        res = dict(r, name=ex, earned=0, passed_checks=0, status="failed", summary="",
                   detail="", rerun=rerun, time=case["time"] if case else 0.0)
        results.append(res)
        broken = compile_failure(compile_dir, ex, source)
        if not os.path.exists(source):
            res["summary"] = "missing file"
            res["detail"] = f"{r['chapter']}/{r['exercise']}.cpp is not in {shown(folder)}"
            continue
        if broken:
            res["summary"] = "does not compile"
            res["detail"] = f"{broken[0]}\ncompiler output: {shown(broken[1])}"
            continue
        target = f"graded_mine_{r['chapter']}_{r['exercise']}"
        if not os.path.exists(os.path.join(bin_dir, target)):
            res["summary"] = "does not link"
            res["detail"] = (f"{link_failure(log_text, target)}\n"
                             f"build log: {shown(args.build_log)}")
            continue
        if case is None:
            res["summary"] = "did not run"
            continue
        if case["skip"].startswith("SKIP_RETURN_CODE") or case["status"] == "notrun":
            res["status"], res["summary"] = "skipped", "needs a GPU; none is usable here"
            continue
        checks = check_results(case["output"])
        if "Timeout" not in case["output"]:
            rescore_after_crash(args.build, f"graded.mine.{ex}", checks)
        lost = []
        for check, points in r["checks"]:
            status, text = checks.get(check, ("not run", ""))
            if status == "passed":
                res["earned"] += points
                res["passed_checks"] += 1
            else:
                lost.append((check, status, text))
        if not lost:
            res["status"] = "passed"
            continue
        res["status"] = "partial" if res["earned"] > 0 else "failed"
        check, status, text = lost[0]
        if status == "crashed":
            what = "timed out or crashed" if "Timeout" in case["output"] else "crashed"
            res["summary"] = f"check {check} {what}"
            res["detail"] = crash_report(text, folder, r["chapter"])
        else:
            failure = first_failure(text) if status == "failed" else f"{check}: {status}"
            own = re.search(r"not implemented: " + re.escape(ex) + r"\b", failure)
            other = re.search(r"not implemented: (ch\d\d\.\w+)", failure)
            if own and res["earned"] == 0:
                res["summary"] = "not implemented yet"
                res["detail"] = ""
                continue
            res["summary"] = f"{len(lost)} of {len(r['checks'])} checks failed"
            res["detail"] = f"check {check}:\n{failure}"
            if other and other.group(1) != ex:
                res["detail"] += (f"\nnote: this exercise calls {other.group(1)}, which is not "
                                  "done yet or does not compile: finish that one first")

    width = max(len(r["name"]) for r in results)
    print(f"Grading {shown(folder)}")
    solutions = cache_value(args.build, "DL_SOLUTIONS_DIR")
    own = sorted({r["chapter"] for r in results
                  if not solutions or not os.path.isdir(os.path.join(solutions, r["chapter"]))})
    if own:
        print(f"(no reference solutions of {', '.join(own)}: an exercise that calls another one "
              "of its chapter runs your version of it)")
    print(f"{'exercise':<{width}}  points  checks  result")
    print(f"{'-' * width}  ------  ------  ------")
    for r in results:
        points = f"{r['earned']}/{r['points']}"
        checks = f"{r['passed_checks']}/{len(r['checks'])}"
        result = "passed" if r["status"] == "passed" else r["summary"]
        print(f"{r['name']:<{width}}  {points:>6}  {checks:>6}  {result}")

    lost = [r for r in results if r["status"] not in ("passed", "skipped")]
    if lost:
        print("\nWhat to fix (the first failure of each exercise):")
    for r in lost:
        print(f"\n{r['name']}: {r['summary']}")
        lines = r["detail"].splitlines()
        if len(lines) > MAX_FAILURE_LINES:
            more = len(lines) - MAX_FAILURE_LINES
            lines = lines[:MAX_FAILURE_LINES] + [f"... ({more} more lines: see the command below)"]
        for line in lines:
            print(f"  {line}")
        if r["summary"] not in ("missing file", "does not compile", "does not link",
                                "not implemented yet"):
            print(f"  all of its output: {r['rerun']}")
        print(f"  steps, if you are stuck: ./course hint {r['name']}")

    total = sum(r["points"] for r in results)
    earned = sum(r["earned"] for r in results)
    report = {
        "version": 1,
        "status": "pass" if not lost else "fail",
        "max_score": total,
        "tests": [{
            "name": f"{r['name']}: {r['title']}",
            "status": {"passed": "pass", "partial": "fail", "failed": "fail",
                       "skipped": "error"}[r["status"]],
            "score": r["earned"],
            "max_score": r["points"],
            "message": (r["summary"] + ("\n" + r["detail"] if r["detail"] else "")).strip(),
            "test_code": r["rerun"],
            "filename": f"exercises/graded/{r['chapter']}/{r['exercise']}_test.cpp",
            "line_no": 0,
            "duration": int(r["time"] * 1000),
        } for r in results],
    }
    out = os.path.join(args.build, "autograding.json")
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    os.replace(tmp, out)
    print(f"\nReports: {shown(junit)}, {shown(out)}")
    print(f"Points {earned}/{total}")
    counts = {s: sum(r["status"] == s for r in results)
              for s in ("passed", "partial", "failed", "skipped")}
    line = f"{counts['passed']} passed, {counts['partial']} partial, {counts['failed']} failed"
    if counts["skipped"]:
        line += f", {counts['skipped']} skipped"
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
