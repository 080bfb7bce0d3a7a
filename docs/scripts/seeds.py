#!/usr/bin/env python3
"""Runs a chapter program over several seeds and writes its headline numbers as mean ± spread.

    seeds.py --build build --chapter 2 [--seeds 5] [--out docs/results]

The chapter's chapters/chNN_<slug>/seeds.toml says which runs to make (flags added to
`--seed S --json`) and which numbers of each run's --json object are its headline numbers
(dotted keys, e.g. "points.epochs"; a number indexes a list). Each run's output goes to build/seeds/chNN/<run>/seed-S/
(with the config.toml and history the run wrote); the summary goes to
  <out>/chNN_seeds.md    a table the chapter page includes with \\includedoc chNN_seeds.md
  <out>/chNN_seeds.json  every value of every seed, to check the table against.
"Spread" is the sample standard deviation over the seeds; the table also shows min and max.
Standard library only (tomllib: Python 3.11, Debian 12).
"""

import argparse
import datetime
import glob
import json
import math
import os
import statistics
import subprocess
import sys
import time
import tomllib


def die(msg, code=1):
    print("seeds: " + msg, file=sys.stderr)
    sys.exit(code)


def lookup(obj, key):
    """obj at a dotted key: "points.epochs"; a number indexes a list ("gemm_gflops.eigen.-1")."""
    for part in key.split("."):
        if isinstance(obj, dict) and part in obj:
            obj = obj[part]
        elif isinstance(obj, list) and part.lstrip("-").isdigit() and -len(obj) <= int(part) < len(obj):
            obj = obj[int(part)]
        else:
            return None
    return obj


def fmt(x, digits, style="f"):
    return ("%.*e" if style == "e" else "%.*f") % (digits, x)


def git_commit(root):
    try:
        head = subprocess.run(["git", "-C", root, "rev-parse", "--short=12", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", root, "diff", "--quiet", "HEAD", "--"]).returncode
        return head + (" with uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True, help="the build folder (holds bin/)")
    ap.add_argument("--chapter", required=True, type=int)
    ap.add_argument("--seeds", type=int, default=5, help="seeds 1..K (default 5)")
    ap.add_argument("--out", default=None, help="folder of the summary (default docs/results)")
    args = ap.parse_args()
    if args.seeds < 2:
        die("--seeds: expected at least 2 (a spread needs two runs), got %d" % args.seeds, 2)

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    tag = "ch%02d" % args.chapter
    dirs = sorted(glob.glob(os.path.join(root, "chapters", tag + "_*")))
    if not dirs:
        die("there is no chapter %d" % args.chapter, 2)
    program = os.path.basename(dirs[0])
    spec_path = os.path.join(dirs[0], "seeds.toml")
    if not os.path.isfile(spec_path):
        die("%s has no seeds.toml (see CONTRIBUTING.md, 'Results over seeds')" % dirs[0], 2)
    with open(spec_path, "rb") as f:
        try:
            spec = tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            die("%s: %s" % (spec_path, e), 2)
    binary = os.path.join(args.build, "bin", program)
    if not os.access(binary, os.X_OK):
        die("%s is not built (./course seeds builds it)" % binary)
    out_dir = args.out or os.path.join(root, "docs", "results")
    seeds = list(range(1, args.seeds + 1))

    rows, raw = [], {"chapter": args.chapter, "program": program, "seeds": seeds, "runs": []}
    load_before = os.getloadavg()[0]
    for run in spec.get("run", []):
        name = run.get("name", "default")
        flags = [str(x) for x in run.get("flags", [])]
        numbers = run.get("number", [])
        if not numbers:
            die("%s: run '%s' lists no [[run.number]]" % (spec_path, name), 2)
        values = {n["key"]: [] for n in numbers}
        seconds = []
        for s in seeds:
            out = os.path.join(args.build, "seeds", tag, name, "seed-%d" % s)
            cmd = [binary, *flags, "--seed", str(s), "--json", "--out", out]
            print("seeds: %s" % " ".join([program] + cmd[1:]), flush=True)
            t0 = time.time()
            p = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
            seconds.append(time.time() - t0)
            if p.returncode != 0:
                die("%s exited with %d:\n%s" % (" ".join(cmd), p.returncode,
                                                 (p.stdout + p.stderr)[-2000:]))
            lines = [l for l in p.stdout.splitlines() if l.strip()]
            try:
                result = json.loads(lines[-1])
            except (IndexError, json.JSONDecodeError):
                die("%s: the last line of its output is not JSON" % " ".join(cmd))
            for n in numbers:
                v = lookup(result, n["key"])
                if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
                    die("%s: --json has no finite number at '%s' (got %r)" %
                        (" ".join(cmd), n["key"], v))
                values[n["key"]].append(float(v))
        raw["runs"].append({"name": name, "flags": flags, "values": values,
                            "seconds": [round(t, 2) for t in seconds]})
        for n in numbers:
            v = values[n["key"]]
            d, style = int(n.get("digits", 3)), n.get("format", "f")
            rows.append((n["label"], fmt(statistics.mean(v), d, style),
                         fmt(statistics.stdev(v), d, style), fmt(min(v), d, style),
                         fmt(max(v), d, style), n.get("unit", "")))

    load_after = os.getloadavg()[0]
    commit = git_commit(root)
    when = datetime.date.today().isoformat()
    os.makedirs(out_dir, exist_ok=True)
    md = ["<!-- Generated by ./course seeds %d: do not edit (run it again instead). -->" %
          args.chapter, "",
          "| headline number | mean ± spread | min | max |",
          "|---|---|---|---|"]
    for label, mean, sd, lo, hi, unit in rows:
        u = " " + unit if unit else ""
        md.append("| %s | %s ± %s%s | %s | %s |" % (label, mean, sd, u, lo, hi))
    md += ["", "Over seeds %d to %d (`--seed 1` … `--seed %d`): mean ± sample standard deviation, "
           "one run of `%s` per seed. Measured by `./course seeds %d` on %s (commit %s), on %d "
           "CPU cores with a load average of %.1f before the runs and %.1f after them (times "
           "grow with it)." % (seeds[0], seeds[-1], seeds[-1], program, args.chapter, when, commit,
                               os.cpu_count() or 0, load_before, load_after), ""]
    raw["commit"] = commit
    raw["date"] = when
    raw["cpu_count"] = os.cpu_count()
    raw["load_average"] = [round(load_before, 2), round(load_after, 2)]
    for ext, text in (("md", "\n".join(md)), ("json", json.dumps(raw, indent=1) + "\n")):
        path = os.path.join(out_dir, "%s_seeds.%s" % (tag, ext))
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
        print("seeds: wrote %s" % os.path.relpath(path, root))
    print("\n".join(md[2:2 + 2 + len(rows)]))


if __name__ == "__main__":
    main()
