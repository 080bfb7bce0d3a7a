#!/usr/bin/env python3
"""Scores the graded exercises: runs their CTest entries and prints the table.

`./course grade` calls this after building the graded tests against a student's folder
(see cmake/DlGrading.cmake). It reads the manifest of exercises and points that CMake wrote,
runs `ctest -L graded`, and reports per exercise: points, passed/failed and the first failing
check's message. A file that did not compile fails its own exercise with the compiler's first
error. Reports: <build>/grade-junit.xml (CTest's JUnit XML) and <build>/autograding.json (the
GitHub Classroom autograding result shape). It exits 0 once the report is written, whatever the
score: grading a submission is not a failure of the grader.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET


def read_manifest(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        next(f)  # header
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 4:
                rows.append({"chapter": parts[0], "exercise": parts[1],
                             "points": int(parts[2]), "title": parts[3]})
    return rows


def first_failure(output):
    """The first failing check of a GoogleTest run, on one line."""
    lines = output.splitlines()
    for i, line in enumerate(lines):
        if not re.search(r"(:\d+)?: Failure$", line):
            continue
        detail = []
        for nxt in lines[i + 1:i + 8]:
            if not nxt.strip() or nxt.startswith("["):
                break
            m = re.search(r"C\+\+ exception with description \"(.*)\" thrown", nxt)
            if m:
                return m.group(1)
            detail.append(nxt.strip())
        where = os.path.basename(line.rsplit(": Failure", 1)[0])
        return f"{where}: " + " | ".join(detail)
    for line in lines:
        if "missing file" in line:
            return line.strip()
    return "failed (see the test output in grade-junit.xml)"


def compile_error(log_text, exercise_file):
    """The first compiler error that names the exercise's file."""
    for line in log_text.splitlines():
        if exercise_file in line and "error" in line:
            return "does not compile: " + line.split(exercise_file, 1)[-1].lstrip(":").strip()
    return "does not compile (see build.log)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True, help="the grading build folder")
    ap.add_argument("--build-log", default="", help="the build's log, for compile errors")
    ap.add_argument("--exercises", default="", help="the graded folder (shown in the report)")
    ap.add_argument("--chapter", type=int, help="grade this chapter only")
    args = ap.parse_args()

    manifest = os.path.join(args.build, "graded", "manifest.tsv")
    if not os.path.exists(manifest):
        sys.exit(f"grade: no manifest at {manifest}: was the grading build configured?")
    rows = read_manifest(manifest)
    if args.chapter is not None:
        chapter = f"ch{args.chapter:02d}"
        rows = [r for r in rows if r["chapter"] == chapter]
        if not rows:
            sys.exit(f"grade: --chapter {args.chapter}: no graded exercises for {chapter}")
    if not rows:
        sys.exit("grade: the manifest lists no graded exercises")

    junit = os.path.join(args.build, "grade-junit.xml")
    cmd = ["ctest", "--test-dir", args.build, "-L", "^graded$", "--output-junit", junit,
           "--timeout", "120", "-j", str(os.cpu_count() or 2)]
    if args.chapter is not None:
        cmd += ["-L", f"^ch{args.chapter:02d}$"]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    cases = {}
    if os.path.exists(junit):
        for tc in ET.parse(junit).getroot().iter("testcase"):
            out = tc.findtext("system-out") or ""
            skipped = tc.find("skipped")
            cases[tc.get("name")] = {
                "status": tc.get("status"),
                "skip": skipped.get("message", "") if skipped is not None else "",
                "output": out,
                "time": float(tc.get("time") or 0),
            }
    log_text = ""
    if args.build_log and os.path.exists(args.build_log):
        with open(args.build_log, encoding="utf-8", errors="replace") as f:
            log_text = f.read()

    results = []
    for r in rows:
        name = f"graded.mine.{r['chapter']}.{r['exercise']}"
        case = cases.get(name)
        fname = f"{r['chapter']}/{r['exercise']}.cpp"
        if case is None:
            status, msg = "failed", "the test did not run"
        elif case["status"] == "run":
            status, msg = "passed", ""
        elif "Unable to find executable" in case["output"] or "Unable to find" in case["skip"]:
            status, msg = "failed", compile_error(log_text, fname)
        elif case["skip"].startswith("SKIP_RETURN_CODE"):
            status, msg = "skipped", "needs a GPU; none is usable here"
        else:
            status, msg = "failed", first_failure(case["output"])
        results.append(dict(r, status=status, message=msg, name=name,
                            time=case["time"] if case else 0.0))

    total = sum(r["points"] for r in results)
    earned = sum(r["points"] for r in results if r["status"] == "passed")
    width = max(len(f"{r['chapter']}.{r['exercise']}") for r in results)
    print(f"Grading {args.exercises or 'exercises'}")
    print(f"{'exercise':<{width}}  points  result   first failing check")
    print(f"{'-' * width}  ------  -------  -------------------")
    for r in results:
        got = r["points"] if r["status"] == "passed" else 0
        msg = r["message"] if len(r["message"]) <= 110 else r["message"][:107] + "..."
        print(f"{r['chapter'] + '.' + r['exercise']:<{width}}  {got:>2}/{r['points']:<3} "
              f" {r['status']:<7}  {msg}")
    passed = sum(r["status"] == "passed" for r in results)
    failed = sum(r["status"] == "failed" for r in results)
    skipped = sum(r["status"] == "skipped" for r in results)

    report = {
        "version": 1,
        "status": "pass" if failed == 0 else "fail",
        "max_score": total,
        "tests": [{
            "name": f"{r['chapter']}.{r['exercise']}: {r['title']}",
            "status": {"passed": "pass", "failed": "fail", "skipped": "error"}[r["status"]],
            "score": r["points"] if r["status"] == "passed" else 0,
            "max_score": r["points"],
            "message": r["message"],
            "test_code": f"ctest -R '^{re.escape(r['name'])}$'",
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
    print(f"\nReports: {junit}, {out}")
    print(f"Points {earned}/{total}")
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
