#!/usr/bin/env python3
"""Runs the course's benchmarks, prints the tables, writes a JSON file and the notes' page.

What it runs (all from the build folder, on OMP_NUM_THREADS threads, 2 by default):

  bin/bench_kernels   every hot CPU kernel at the chapters' sizes, and this machine's two
                      ceilings measured in the same run (Eigen's GEMM at its best size, a memory
                      copy); each kernel is reported as a fraction of the ceiling that limits it
  bin/ch04_mlp        chapter 4's MLP 784-256-128-10 on Fashion-MNIST (batch 64, Adam), --epochs
                      epochs (3), driven through its command line (--epochs, --train-only, --json)
  bin/libtorch_mlp    the same model, data, batch, optimizer, threads, float mode and number of
                      epochs with PyTorch's C++ frontend. The two alternate, --trials times each
                      (2). Every epoch is kept: the first one (warm-up: page faults, caches) is
                      reported apart, the later ones are the steady state, and the ratio of the
                      two programs' median steady-state epochs is the headline (target >= 4).
  bin/ch06_cnn        chapter 6's LeNet-5 (batch 64) and small ResNet (batch 128), one epoch on
  bin/libtorch_cnn    all of Fashion-MNIST each, against the same networks in libtorch (targets:
                      1.5x and 1.2x faster); --skip-cnn leaves them out
  bin/ch07_lstm       chapter 7's character model (tang300, Embedding 2580->64, 2 LSTM layers
                      of 128, T = 64, 32 streams, Adam, clipping), seconds per training step
  bin/libtorch_lstm   the same model and step with torch::nn::LSTM; the ratio of the step times
                      is the chapter's target (>= 1.5). Alternating trials, fastest counts.
  bin/bench_cuda      only when a GPU can be used: every CUDA kernel validated against its CPU
                      twin, then timed with CUDA events (and ch04_mlp --device cuda)

Outputs: a table on stdout, BUILD/benchmarks/results.json, and docs/pages/benchmarks.md (the
notes' Benchmarks page). A run without a GPU keeps the page's last measured GPU section as it
was: GPU numbers are only ever written from a GPU run.

The load average is read before and after; above a quarter of the cores (0.5 on 2 cores) the
machine is busy with other work, which slows and spreads every number: a warning is printed and
the page says so.

Usage: python3 benchmarks/run_benchmarks.py [--build build] [--device auto|cpu|cuda] [--quick]
                                            [--epochs 3] [--trials 2] [--baseline OLD.json]
Exit status: 0 done, 1 a benchmark program failed or is missing, 2 bad flags.
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE = os.path.join(ROOT, "docs", "pages", "benchmarks.md")
GPU_BEGIN = "<!-- gpu-section-begin -->"
GPU_END = "<!-- gpu-section-end -->"
TARGET_RATIO = 4.0
# The MLP's layer sizes and training set (chapter 4, Fashion-MNIST): the arithmetic of one epoch.
MLP_LAYERS = (784, 256, 128, 10)
MLP_SAMPLES = 60000


def busy_threshold():
    """Load average above which the machine counts as busy: a quarter of its cores."""
    return 0.25 * (os.cpu_count() or 1)


def load_average():
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


def mlp_epoch_flops():
    """Floating-point operations of one training epoch in the matrix products (2 per
    multiply-add): forward Z = W·A (2·n_l·n_(l-1) per sample and layer), backward dW = dZ·Aᵀ
    (the same again) and dA = Wᵀ·dZ for every layer but the first (the input needs no
    gradient). Elementwise work (biases, ReLU, softmax, Adam) is < 1 % of it and left out."""
    pairs = list(zip(MLP_LAYERS[1:], MLP_LAYERS[:-1]))
    per_sample = sum(2 * a * b for a, b in pairs) * 2 + sum(2 * a * b for a, b in pairs[1:])
    return per_sample * MLP_SAMPLES


def kernel_target(name):
    """The issue's target share of the copy ceiling for a kernel streamed from memory (the
    4096x4096-sized cases), or None for in-cache sizes and products."""
    big = ("4096x4096" in name or name.endswith("/10x1048576") or name.endswith("/1x16777216"))
    if not big or name.startswith("matmul/"):
        return None
    if "sigmoid" in name or "tanh" in name:
        return 0.30
    if name.startswith(("softmax", "bce_with_logits")):
        return 0.30
    return 0.50


class BenchError(Exception):
    """A benchmark program is missing or failed: exit 1 with the message."""


# --- small helpers ---------------------------------------------------------------------------

def write_atomic(path, text):
    """Writes text to path through a temporary file in the same folder and a rename."""
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def last_json_line(text):
    """The last line of text that parses as a JSON object, or None."""
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{") and line.endswith("}"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                continue
    return None


def run(cmd, env, timeout):
    """Runs cmd, returns (exit status, stdout, stderr, seconds)."""
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchError(f"{os.path.basename(cmd[0])} ran longer than {timeout} s")
    return p.returncode, p.stdout, p.stderr, time.monotonic() - t0


def first_line(text):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    return lines[-1] if lines else "(no output)"


def fmt(x, digits=1):
    return "-" if x is None else f"{x:.{digits}f}"


def pct(x):
    return "-" if x is None else f"{100 * x:.0f} %"


# --- the machine -----------------------------------------------------------------------------

def machine_info(build):
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    flags = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("flags"):
                    have = set(line.split(":", 1)[1].split())
                    flags = "AVX-512" if "avx512f" in have else ("AVX2" if "avx2" in have else "")
                    break
    except OSError:
        pass
    mem_gb = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_gb = int(line.split()[1]) / 1024 / 1024
                    break
    except OSError:
        pass
    compiler = ""
    try:
        with open(os.path.join(build, "CMakeCache.txt"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("CMAKE_CXX_COMPILER:"):
                    exe = line.split("=", 1)[1].strip()
                    out = subprocess.run([exe, "--version"], capture_output=True, text=True)
                    compiler = out.stdout.splitlines()[0] if out.stdout else ""
                    break
    except (OSError, IndexError):
        pass
    return {
        "cpu": cpu,
        "cpu_features": flags,
        "logical_cores": os.cpu_count(),
        "memory_gb": round(mem_gb, 1) if mem_gb else None,
        "os": f"{platform.system()} {platform.release()}",
        "compiler": compiler,
        "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "gpu": None,
    }


# --- CPU kernels -----------------------------------------------------------------------------

def cpu_kernels(bindir, env, quick):
    exe = os.path.join(bindir, "bench_kernels")
    if not os.path.exists(exe):
        raise BenchError(f"bench_kernels not built: build the target `benchmarks` first "
                         f"(ninja -C {os.path.relpath(os.path.dirname(bindir))} benchmarks)")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "kernels.json")
        cmd = [exe, f"--benchmark_out={out}", "--benchmark_out_format=json",
               f"--benchmark_min_time={0.05 if quick else 0.2}"]
        if not quick:
            cmd += ["--benchmark_repetitions=3"]
        print(f"Running bench_kernels ({'quick' if quick else '3 repetitions, median'}) ...",
              flush=True)
        rc, so, se, secs = run(cmd, env, 1800)
        if rc != 0:
            raise BenchError(f"bench_kernels exited {rc}: {first_line(se or so)}")
        with open(out, encoding="utf-8") as f:
            data = json.load(f)
    rows = {}
    best_ceiling = {}  # a ceiling is the best repetition, not the median: the machine can do it
    for b in data["benchmarks"]:
        if b.get("error_occurred"):
            raise BenchError(f"bench_kernels: {b['name']}: {b.get('error_message', 'error')}")
        name = b.get("run_name", b["name"])
        if name.startswith("ceiling/") and b.get("run_type") != "aggregate":
            v = b.get("FLOPS", b.get("bytes_per_second", 0.0))
            if v > best_ceiling.get(name, (0.0, None))[0]:
                best_ceiling[name] = (v, b)
        # Keep the median of the repetitions (or the single run without repetitions).
        if quick and b.get("run_type") == "aggregate":
            continue
        if not quick and not (b.get("run_type") == "aggregate"
                              and b.get("aggregate_name") == "median"):
            continue
        if name.startswith("ceiling/"):
            b = best_ceiling[name][1]
        t = b["real_time"]
        unit = b.get("time_unit", "us")
        t_us = t * {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[unit]
        rows[name] = {
            "name": name,
            "label": b.get("label", ""),
            "time_us": t_us,
            "gflops": b["FLOPS"] / 1e9 if "FLOPS" in b else None,
            "gbps": b["bytes_per_second"] / 1e9 if "bytes_per_second" in b else None,
        }
    gemm = {n: r for n, r in rows.items() if n.startswith("ceiling/eigen_gemm/")}
    if not gemm or "ceiling/memory_copy" not in rows:
        raise BenchError("bench_kernels did not report its ceilings")
    best = max(gemm.values(), key=lambda r: r["gflops"])
    ceilings = {
        "gemm_gflops": best["gflops"],
        "gemm_best_n": int(best["name"].rsplit("/", 1)[1]),
        "gemm_by_n": {int(n.rsplit("/", 1)[1]): r["gflops"] for n, r in gemm.items()},
        "copy_gbps": rows["ceiling/memory_copy"]["gbps"],
    }
    kernels = []
    for name, r in rows.items():
        if name.startswith("ceiling/"):
            continue
        if r["gflops"] is not None:
            r["ceiling"] = "gemm"
            r["fraction"] = r["gflops"] / ceilings["gemm_gflops"]
        else:
            r["ceiling"] = "copy"
            r["fraction"] = r["gbps"] / ceilings["copy_gbps"]
        r["target"] = kernel_target(name)
        kernels.append(r)
    return ceilings, kernels, secs


def add_baseline(kernels, path):
    """Adds each kernel's share of its ceiling in an earlier results file (`before`)."""
    with open(path, encoding="utf-8") as f:
        old = json.load(f)
    before = {k["name"]: k["fraction"] for k in old.get("kernels", [])}
    for k in kernels:
        k["before"] = before.get(k["name"])
    return {"date": old.get("date"), "load_average": old.get("machine", {}).get("load_average"),
            "copy_gbps": old.get("ceilings", {}).get("copy_gbps"),
            "gemm_gflops": old.get("ceilings", {}).get("gemm_gflops")}


# --- end to end ------------------------------------------------------------------------------

def mlp_run(exe, args, env, what):
    """Runs one MLP program; returns its JSON result or {"status": ...} when it is absent."""
    if not os.path.exists(exe):
        return {"status": "not built", "message": f"{os.path.basename(exe)} not built yet"}
    print(f"Running {what} ...", flush=True)
    rc, so, se, secs = run([exe] + args, env, 1800)
    j = last_json_line(so)
    if rc != 0 or j is None:
        return {"status": "failed",
                "message": f"{os.path.basename(exe)} exited {rc}: {first_line(se or so)}"}
    j["status"] = "ok"
    j["wall_seconds"] = round(secs, 2)
    return j


def blas_of(exe):
    """Which BLAS library a program loads (libtorch's speed depends on it), or None."""
    try:
        out = subprocess.run(["ldd", exe], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in out.splitlines():
        if "libblas.so" in line and "=>" in line:
            path = os.path.realpath(line.split("=>")[1].split("(")[0].strip())
            if "openblas" in path:
                variant = os.path.basename(os.path.dirname(path))  # openblas-openmp, ...
                return f"OpenBLAS ({variant})"
            if "mkl" in path:
                return "MKL"
            return "reference BLAS (netlib; install libopenblas0-openmp for a fair comparison)"
    return None


def course_args(exe, threads, epochs, build):
    """ch04_mlp's flags for the comparison; optional ones only when its --help lists them."""
    args = ["--data", "fashion", "--epochs", str(epochs), "--json"]
    try:
        help_text = subprocess.run([exe, "--help"], capture_output=True, text=True,
                                   timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        help_text = ""
    if "--train-only" in help_text:
        args.append("--train-only")  # skip the 2-D demos: only the Fashion-MNIST training
    if "--val " in help_text:
        args += ["--val", "0"]  # train on all 60,000 images, like libtorch_mlp
    if "--threads" in help_text:
        args += ["--threads", str(threads)]
    if "--out" in help_text:
        args += ["--out", os.path.join(build, "benchmarks", "ch04_figures")]
    return args


def epochs_of(r):
    """The seconds of each epoch of one run (ch04_mlp: training.epoch_seconds; libtorch_mlp:
    epoch_seconds), or the mean repeated when a program reports only that."""
    e = r.get("epoch_seconds") or (r.get("training") or {}).get("epoch_seconds")
    if e:
        return [float(x) for x in e]
    return [float(r["seconds_per_epoch"])] * int(r.get("epochs") or 1)


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return None if n == 0 else (xs[n // 2] if n % 2 else 0.5 * (xs[n // 2 - 1] + xs[n // 2]))


def summarize(results):
    """One program's trials: every epoch kept; the first epoch of each run apart (warm-up), the
    later ones the steady state: their median, min, max and spread ((max − min) / median)."""
    ok = [r for r in results if r.get("status") == "ok" and r.get("seconds_per_epoch")]
    if not ok:
        return results[-1]
    out = dict(ok[-1])
    runs = [epochs_of(r) for r in ok]
    first = [e[0] for e in runs]
    steady = [x for e in runs for x in e[1:]] or first
    out["epochs_by_trial"] = [[round(x, 4) for x in e] for e in runs]
    out["first_epoch_seconds"] = median(first)
    out["steady_seconds"] = median(steady)
    out["steady_min"], out["steady_max"] = min(steady), max(steady)
    out["steady_spread"] = (max(steady) - min(steady)) / median(steady)
    out["steady_count"] = len(steady)
    out["seconds_per_epoch"] = out["steady_seconds"]  # what the ratio and the GPU line compare
    out["test_accuracy"] = median([r["test_accuracy"] for r in ok if "test_accuracy" in r]) \
        if any("test_accuracy" in r for r in ok) else None
    out["peak_rss_mb"] = max(r.get("peak_rss_mb") or 0 for r in ok) or None
    return out


def end_to_end(bindir, env, threads, epochs, trials):
    """The two programs alternate, `trials` times each; each keeps its fastest epoch."""
    exe = os.path.join(bindir, "ch04_mlp")
    cargs = course_args(exe, threads, epochs, os.path.dirname(bindir)) \
        if os.path.exists(exe) else []
    texe = os.path.join(bindir, "libtorch_mlp")
    targs = ["--epochs", str(epochs), "--threads", str(threads), "--json"]
    what = f"{epochs} epoch{'s' if epochs > 1 else ''}"
    course_runs, torch_runs = [], []
    for t in range(trials):
        tag = f", trial {t + 1} of {trials}" if trials > 1 else ""
        course_runs.append(mlp_run(exe, cargs, env, f"ch04_mlp (Fashion-MNIST, {what}{tag})"))
        torch_runs.append(mlp_run(texe, targs, env,
                                  f"libtorch_mlp (Fashion-MNIST, {what}{tag})"))
        if course_runs[-1].get("status") == "not built" and \
                torch_runs[-1].get("status") == "not built":
            break
    course, torch = summarize(course_runs), summarize(torch_runs)
    # Once more each with subnormals kept: what flushing them to zero saves, in this run.
    kept = {}
    if course.get("status") == "ok" or torch.get("status") == "ok":
        kept["course"] = summarize([mlp_run(exe, cargs, dict(env, DL_KEEP_DENORMALS="1"),
                                            f"ch04_mlp with subnormals kept ({what})")])
        kept["libtorch"] = summarize([mlp_run(texe, targs + ["--keep-denormals"], env,
                                              f"libtorch_mlp with subnormals kept ({what})")])
    if torch.get("status") == "not built":
        torch["message"] = ("libtorch_mlp not built (needs Debian's libtorch-dev at configure "
                            "time)")
    else:
        torch["blas"] = blas_of(texe)
    ratio = None
    if course.get("status") == "ok" and torch.get("status") == "ok":
        c, t = course.get("seconds_per_epoch"), torch.get("seconds_per_epoch")
        if c and t:
            ratio = t / c
    first_ratio = None
    if ratio is not None and course.get("first_epoch_seconds") and \
            torch.get("first_epoch_seconds"):
        first_ratio = torch["first_epoch_seconds"] / course["first_epoch_seconds"]
    return {"course": course, "libtorch": torch, "denormals_kept": kept,
            "ratio": ratio, "first_epoch_ratio": first_ratio,
            "target_ratio": TARGET_RATIO,
            "meets_target": None if ratio is None else ratio >= TARGET_RATIO,
            "threads": threads, "epochs": epochs, "trials": trials, "batch": 64,
            "optimizer": "Adam, lr 1e-3", "flops_per_epoch": mlp_epoch_flops()}


# --- chapter 6: LeNet-5 and the small ResNet against libtorch --------------------------------

CNN_TARGETS = {"lenet": 1.5, "resnet": 1.2}  # the course's epoch must be this many times faster
CNN_BATCH = {"lenet": 64, "resnet": 128}


def cnn_end_to_end(bindir, env, threads, epochs, trials, models=("lenet", "resnet")):
    """Chapter 6's networks, one epoch on Fashion-MNIST (all 60,000 images, same batch, Adam,
    threads) in the course (ch06_cnn) and in libtorch (libtorch_cnn), alternating `trials` times;
    each keeps its fastest epoch. Wall time and the processes' CPU time are both kept: on a
    machine shared with other work, the CPU time moves less."""
    exe, texe = os.path.join(bindir, "ch06_cnn"), os.path.join(bindir, "libtorch_cnn")
    out = {"threads": threads, "epochs": epochs, "trials": trials, "optimizer": "Adam, lr 1e-3"}
    for model in models:
        batch = CNN_BATCH[model]
        cargs = ["--model", model, "--train-only", "--no-transfer", "--val", "0", "--epochs",
                 str(epochs), "--batch", str(batch), "--threads", str(threads), "--json", "--out",
                 os.path.join(os.path.dirname(bindir), "benchmarks", "ch06_figures")]
        targs = ["--model", model, "--epochs", str(epochs), "--batch", str(batch), "--threads",
                 str(threads), "--json"]
        course_runs, torch_runs = [], []
        for t in range(trials):
            tag = f", trial {t + 1} of {trials}" if trials > 1 else ""
            c = mlp_run(exe, cargs, env, f"ch06_cnn --model {model} ({epochs} epoch{tag})")
            if c.get("status") == "ok":  # the program's JSON nests the model's results
                inner = c.get(model) or {}
                c["seconds_per_epoch"] = inner.get("seconds_per_epoch")
                c["test_accuracy"] = inner.get("test_accuracy")
            course_runs.append(c)
            torch_runs.append(mlp_run(texe, targs, env,
                                      f"libtorch_cnn --model {model} ({epochs} epoch{tag})"))
            if c.get("status") == "not built" and torch_runs[-1].get("status") == "not built":
                break
        course, torch = best_of(course_runs), best_of(torch_runs)
        ratio = None
        if course.get("status") == "ok" and torch.get("status") == "ok":
            cs, ts = course.get("seconds_per_epoch"), torch.get("seconds_per_epoch")
            if cs and ts:
                ratio = ts / cs
        out[model] = {"course": course, "libtorch": torch, "ratio": ratio, "batch": batch,
                      "target_ratio": CNN_TARGETS[model],
                      "meets_target": None if ratio is None else ratio >= CNN_TARGETS[model]}
    return out


def print_cnn(res):
    cnn = res.get("cnn")
    if not cnn:
        return
    print()
    for model in ("lenet", "resnet"):
        m = cnn.get(model)
        if not m:
            continue
        for key, name in (("course", "course ch06_cnn"), ("libtorch", "libtorch_cnn")):
            r = m[key]
            if r.get("status") == "ok":
                print(f"{model}, {name}: {r['seconds_per_epoch']:.2f} s/epoch, test accuracy "
                      f"{r.get('test_accuracy') or float('nan'):.4f}, peak RSS "
                      f"{fmt(r.get('peak_rss_mb'))} MB; epochs of the trials: "
                      f"{r.get('trial_seconds_per_epoch')} s")
            else:
                print(f"{model}, {name}: {r.get('message')}")
        if m["ratio"] is not None:
            verdict = "meets" if m["meets_target"] else "misses"
            print(f"{model}: the course is {m['ratio']:.2f}x as fast as libtorch per epoch "
                  f"({verdict} the {m['target_ratio']:g}x target)")


def page_cnn(res):
    """The chapter 6 section of the notes page (empty when the run skipped it)."""
    cnn = res.get("cnn")
    if not cnn:
        return ""
    out = ["## Chapter 6: LeNet-5 and the small ResNet against libtorch {#benchmarks_cnn}\n"]
    out.append(f"One epoch on all 60,000 Fashion-MNIST images, {cnn['threads']} threads, Adam "
               f"(lr 1e-3), the same batch in both programs; the fastest of "
               f"{cnn['trials']} alternating trials of each (`ch06_cnn --val 0` against "
               f"`benchmarks/libtorch_cnn.cpp`). Ratio: libtorch's seconds per epoch over the "
               f"course's (above 1: the course is faster).\n")
    out.append("| network | batch | course s/epoch | libtorch s/epoch | ratio | target | "
               "course peak RSS | libtorch peak RSS |")
    out.append("|---|---|---|---|---|---|---|---|")
    names = {"lenet": "LeNet-5", "resnet": "small ResNet (16/32/64, 2 blocks per stage)"}
    for model in ("lenet", "resnet"):
        m = cnn.get(model)
        if not m:
            continue
        c, t = m["course"], m["libtorch"]
        cs = f"{c['seconds_per_epoch']:.2f}" if c.get("status") == "ok" else md_escape(
            c.get("message", "—"))
        ts = f"{t['seconds_per_epoch']:.2f}" if t.get("status") == "ok" else md_escape(
            t.get("message", "—"))
        ratio = f"**{m['ratio']:.2f}x**" if m["ratio"] is not None else "—"
        verdict = "" if m["meets_target"] is None else (" (met)" if m["meets_target"]
                                                        else " (missed)")
        out.append(f"| {names[model]} | {m['batch']} | {cs} | {ts} | {ratio} | "
                   f"{m['target_ratio']:g}x{verdict} | {fmt(c.get('peak_rss_mb'))} MB | "
                   f"{fmt(t.get('peak_rss_mb'))} MB |")
    out.append("\nThe convolutions themselves (im2col + GEMM, forward and backward at these "
               "networks' shapes) are in the kernel table above (`conv2d_forward/…`, "
               "`conv2d_backward/…`), as a share of the GEMM ceiling.\n")
    return "\n".join(out) + "\n"


# --- chapter 7's character model against torch::nn::LSTM ------------------------------------

LSTM_TARGET_RATIO = 1.5
TANG300 = "/usr/share/games/fortunes/tang300"


def lstm_vs_libtorch(bindir, env, threads, trials):
    """ch07_lstm --task chars and libtorch_lstm with the same sizes, alternating `trials` times;
    each keeps its fastest mean step (the least disturbed by other work on the machine)."""
    out = {"target_ratio": LSTM_TARGET_RATIO, "threads": threads, "trials": trials,
           "ratio": None, "meets_target": None,
           "sizes": "tang300, Embedding 2580->64, LSTM 128 x2, Dense 2580, T = 64, 32 streams, "
                    "Adam lr 5e-3, clipping at 5"}
    if not os.path.exists(TANG300):
        msg = "tang300 not installed (Debian's fortunes-zh; ./course bench installs it)"
        out["course"] = {"status": "skipped", "message": msg}
        out["libtorch"] = {"status": "skipped", "message": msg}
        return out
    course = os.path.join(bindir, "ch07_lstm")
    torch = os.path.join(bindir, "libtorch_lstm")
    figures = os.path.join(os.path.dirname(bindir), "benchmarks", "ch07_figures")
    cargs = ["--task", "chars", "--epochs", "2", "--generate", "1", "--threads", str(threads),
             "--json", "--out", figures]
    targs = ["--steps", "26", "--threads", str(threads), "--json"]
    runs = {"course": [], "libtorch": []}
    for t in range(trials):
        tag = f", trial {t + 1} of {trials}" if trials > 1 else ""
        for key, exe, args in (("course", course, cargs), ("libtorch", torch, targs)):
            r = mlp_run(exe, args, env, f"{os.path.basename(exe)} (character model{tag})")
            if r.get("status") == "ok" and key == "course":
                chars = r.get("chars") or {}
                r = {"status": "ok", "seconds_per_step": chars.get("seconds_per_step"),
                     "steps": chars.get("steps"), "val_loss_nats": chars.get("val_loss_nats"),
                     "wall_seconds": r.get("wall_seconds")}
            runs[key].append(r)
    for key in ("course", "libtorch"):
        ok = [r for r in runs[key] if r.get("status") == "ok" and r.get("seconds_per_step")]
        if ok:
            best = dict(min(ok, key=lambda r: r["seconds_per_step"]))
            best["trial_seconds_per_step"] = [round(r["seconds_per_step"], 4) for r in ok]
            out[key] = best
        else:
            out[key] = runs[key][-1] if runs[key] else {"status": "not run"}
    c, t = out["course"].get("seconds_per_step"), out["libtorch"].get("seconds_per_step")
    if out["course"].get("status") == "ok" and out["libtorch"].get("status") == "ok" and c and t:
        out["ratio"] = t / c
        out["meets_target"] = out["ratio"] >= LSTM_TARGET_RATIO
    return out


def print_lstm(res):
    m = res.get("lstm")
    if not m:
        return
    print()
    for key, name in (("course", "course ch07_lstm"), ("libtorch", "libtorch torch::nn::LSTM")):
        r = m[key]
        if r.get("status") == "ok":
            print(f"Character model, {name}: {r['seconds_per_step']:.4f} s per training step"
                  + (f"; trials: {r['trial_seconds_per_step']} s"
                     if len(r.get("trial_seconds_per_step", [])) > 1 else ""))
        else:
            print(f"Character model, {name}: {r.get('message', r.get('status'))}")
    if m["ratio"] is not None:
        verdict = "meets" if m["meets_target"] else "misses"
        print(f"Course vs libtorch (character model): {m['ratio']:.2f}x faster per step "
              f"({verdict} the {LSTM_TARGET_RATIO:g}x target)")


def page_lstm(res):
    m = res.get("lstm")
    if not m:
        return ""
    out = ["## End to end: chapter 7's character model against torch::nn::LSTM {#benchmarks_lstm}\n"]
    out.append(f"One training step of the character model of chapter 7 ({m['sizes']}): "
               f"zero the gradients, forward through the embedding, the two LSTM layers and the "
               f"output layer, cross-entropy over the 2,048 positions, backward through time, "
               f"global-norm clipping, Adam. The peer (`benchmarks/libtorch_lstm.cpp`) trains the "
               f"same model on the same windows with torch::nn::Embedding, torch::nn::LSTM and "
               f"torch::nn::Linear. Both used {m['threads']} thread(s) and ran alternately, "
               f"{m['trials']} time(s) each; each row is its fastest mean step time (the first "
               f"two steps of a run are not timed).\n")
    out.append("| program | seconds per step |")
    out.append("|---|---:|")
    for key, name in (("course", "the course (`ch07_lstm --task chars`)"),
                      ("libtorch", "PyTorch C++ frontend (`libtorch_lstm`)")):
        r = m[key]
        if r.get("status") == "ok":
            out.append(f"| {name} | {r['seconds_per_step']:.4f} |")
        else:
            out.append(f"| {name} | {md_escape(r.get('message', 'not run'))} |")
    out.append("")
    if m["ratio"] is not None:
        verdict = "meets" if m["meets_target"] else "does not meet"
        out.append(f"**The course's step is {m['ratio']:.2f}x faster than libtorch's** ({verdict} "
                   f"the target of {LSTM_TARGET_RATIO:g}x).\n")
    else:
        out.append("No ratio: one of the two programs did not run in this measurement.\n")
    return "\n".join(out)


# --- GPU -------------------------------------------------------------------------------------

def gpu_part(bindir, env, device, epochs):
    exe = os.path.join(bindir, "bench_cuda")
    if device == "cpu":
        return {"status": "skipped", "reason": "--device cpu"}
    if not os.path.exists(exe):
        reason = "bench_cuda not built (the course was built without CUDA)"
        if device == "cuda":
            raise BenchError(f"--device cuda requested, but {reason}")
        return {"status": "skipped", "reason": reason}
    print("Running bench_cuda (validation, then timing) ...", flush=True)
    rc, so, se, secs = run([exe, "--json"], env, 1800)
    j = last_json_line(so)
    if rc == 77:
        reason = (j or {}).get("reason") or first_line(so)
        if device == "cuda":
            raise BenchError(f"--device cuda requested, but {reason}")
        return {"status": "skipped", "reason": reason}
    if rc != 0 or j is None:
        raise BenchError(f"bench_cuda exited {rc}: {first_line(se or so)}")
    result = {"status": "ok", "gpu": j["gpu"], "validated": j["validated"],
              "copy_gbps": j["copy_gbps"], "kernels": j["rows"], "seconds": round(secs, 1)}
    exe = os.path.join(bindir, "ch04_mlp")
    result["mlp"] = mlp_run(exe, (course_args(exe, 2, epochs, os.path.dirname(bindir))
                                  + ["--device", "cuda"]) if os.path.exists(exe) else [], env,
                            "ch04_mlp --device cuda")
    return result


# --- printing --------------------------------------------------------------------------------

def print_tables(res):
    c = res["ceilings"]
    print()
    print(f"Machine: {res['machine']['cpu']}, {res['machine']['logical_cores']} cores; "
          f"{res['threads']} threads")
    print(f"Ceilings: Eigen GEMM {c['gemm_gflops']:.1f} GFLOP/s (best at n = {c['gemm_best_n']}), "
          f"memory copy {c['copy_gbps']:.1f} GB/s")
    print()
    has_before = any(k.get("before") is not None for k in res["kernels"])
    print(f"{'kernel':<40} {'what':<36} {'time us':>10} {'GFLOP/s':>8} {'GB/s':>7} "
          f"{'of ceiling':>10} {'target':>7}" + (f" {'before':>7}" if has_before else ""))
    for k in res["kernels"]:
        print(f"{k['name']:<40} {k['label'][:36]:<36} {k['time_us']:>10.2f} "
              f"{fmt(k['gflops']):>8} {fmt(k['gbps']):>7} {pct(k['fraction']):>10} "
              f"{target_cell(k):>7}" + (f" {pct(k.get('before')):>7}" if has_before else ""))
    print()
    m = res["mlp"]
    for key, name in (("course", "course ch04_mlp"), ("libtorch", "libtorch")):
        r = m[key]
        if r.get("status") == "ok":
            print(f"MLP 784-256-128-10, {name}: steady state {r['seconds_per_epoch']:.3f} s/epoch "
                  f"(median of {r.get('steady_count', 1)} epochs after the first, "
                  f"{fmt(r.get('steady_min'), 3)}-{fmt(r.get('steady_max'), 3)} s, spread "
                  f"{pct(r.get('steady_spread'))}), first epoch "
                  f"{fmt(r.get('first_epoch_seconds'), 3)} s, test accuracy "
                  f"{fmt(r.get('test_accuracy'), 4)}, peak RSS {fmt(r.get('peak_rss_mb'))} MB"
                  + (f" [{r['blas']}]" if r.get("blas") else ""))
            print(f"    epochs of each trial (s): {r.get('epochs_by_trial')}")
            k = (m.get("denormals_kept") or {}).get(key, {})
            if k.get("status") == "ok":
                print(f"    with subnormals kept (s): {k.get('epochs_by_trial')}, steady state "
                      f"{k['seconds_per_epoch'] / r['seconds_per_epoch']:.2f}x the flushed one")
        else:
            print(f"MLP 784-256-128-10, {name}: {r.get('message')}")
    if m["ratio"] is not None:
        verdict = "meets" if m["meets_target"] else "misses"
        print(f"Course vs libtorch: {m['ratio']:.2f}x faster per steady-state epoch "
              f"({verdict} the {TARGET_RATIO:g}x target; first epoch "
              f"{fmt(m.get('first_epoch_ratio'), 2)}x)")
    else:
        print("Course vs libtorch: no ratio (one of the two programs did not run)")
    floor = mlp_floor(res)
    if floor and floor.get("share"):
        print(f"Arithmetic floor: {floor['gflop']:.1f} GFLOP per epoch at the GEMM ceiling = "
              f"{floor['seconds']:.3f} s; the course's steady-state epoch runs at "
              f"{pct(floor['share'])} of that speed")
    print_cnn(res)
    print_lstm(res)
    g = res["gpu"]
    print()
    if g["status"] != "ok":
        print(f"GPU: skipped: {g['reason']}")
    else:
        print(f"GPU: {g['gpu']}; {g['validated']} kernel/shape pairs validated against the CPU")
        print(f"{'kernel':<44} {'ms':>10} {'GFLOP/s':>9} {'GB/s':>8} {'of ceiling':>10}")
        for k in g["kernels"]:
            print(f"{k['name']:<44} {k['ms']:>10.4f} {fmt(k['gflops'] or None):>9} "
                  f"{fmt(k['gbps'] or None):>8} {pct(k['fraction'] or None):>10}")
        gm = g["mlp"]
        if gm.get("status") == "ok":
            print(f"MLP on the GPU: {gm['seconds_per_epoch']:.3f} s/epoch, test accuracy "
                  f"{gm.get('test_accuracy', float('nan')):.4f}")
        else:
            print(f"MLP on the GPU: {gm.get('message')}")


def target_cell(k):
    """'50 %' plus a verdict mark for a kernel with a target, '-' otherwise."""
    t = k.get("target")
    if t is None:
        return "-"
    return f"{100 * t:.0f} %" + (" ok" if k["fraction"] >= t else " below")


def mlp_floor(res):
    """The MLP epoch's arithmetic floor at the GEMM ceiling, and the course's share of it."""
    m, c = res.get("mlp", {}), res.get("ceilings", {})
    flops = m.get("flops_per_epoch") or mlp_epoch_flops()
    if not c.get("gemm_gflops"):
        return None
    seconds = flops / (c["gemm_gflops"] * 1e9)
    course = m.get("course", {})
    share = seconds / course["seconds_per_epoch"] if course.get("status") == "ok" else None
    return {"gflop": flops / 1e9, "seconds": seconds, "share": share}


# --- the notes' page -------------------------------------------------------------------------

def md_escape(s):
    """Text for a Markdown table cell: no column breaks, no underscores read as emphasis."""
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("_", "\\_").replace("*", "\\*")


def page_cpu(res):
    m, c = res["machine"], res["ceilings"]
    out = []
    out.append("## The machine {#benchmarks_machine}\n")
    out.append("| | |\n|---|---|")
    out.append(f"| CPU | {md_escape(m['cpu'])}"
               + (f" ({m['cpu_features']})" if m["cpu_features"] else "") + " |")
    out.append(f"| cores | {m['logical_cores']} logical; the benchmarks use {res['threads']} "
               f"threads |")
    if m["memory_gb"]:
        out.append(f"| memory | {m['memory_gb']} GB |")
    if m["compiler"]:
        out.append(f"| compiler | {md_escape(m['compiler'])} |")
    out.append(f"| GPU | {md_escape(res['gpu'].get('gpu') or 'none usable in this run')} |")
    out.append(f"| measured | {res['date']} |")
    if m.get("load_average") is not None:
        after = res.get("load_average_after")
        busy = res.get("busy")
        out.append(f"| load average (1 min) | {m['load_average']} at the start"
                   + (f", {after} at the end" if after is not None else "")
                   + (f" — **busy**: above {busy_threshold():g}, other work on the machine "
                      f"slowed and spread these numbers" if busy else
                      f" (idle: below {busy_threshold():g})") + " |")
    out.append("| float mode | subnormal floats flushed to zero (FTZ and DAZ) in both programs |")
    out.append("")
    out.append("## Ceilings {#benchmarks_ceilings}\n")
    out.append("Measured in the same run as the kernels they judge; each is the best of its "
               "repetitions (what the machine can do), the kernels below are medians.\n")
    out.append("| ceiling | value |\n|---|---|")
    sizes = ", ".join(f"n = {n}: {g:.0f}" for n, g in sorted(c["gemm_by_n"].items()))
    out.append(f"| compute: Eigen's GEMM at its best size (n = {c['gemm_best_n']}) | "
               f"**{c['gemm_gflops']:.1f} GFLOP/s** ({sizes}) |")
    out.append(f"| memory: a 256 MB copy, bytes read + written | **{c['copy_gbps']:.1f} GB/s** |")
    out.append("")
    out.append("## CPU kernels {#benchmarks_cpu}\n")
    base = res.get("baseline")
    out.append("Median of 3 repetitions. Products are judged against the GEMM ceiling, "
               "everything else against the copy ceiling. At the chapters' small sizes the data "
               "stays in cache, so a memory-bound kernel can pass 100 % of the copy ceiling; the "
               "4096x4096 rows (and softmax over 2^20 columns, BCE over 2^24 samples) stream from "
               "memory, and those have a target: 50 % of the copy ceiling, 30 % for σ, tanh, "
               "softmax and the fused losses, which compute a transcendental function per "
               "element. The bytes counted are those the kernel must read and write once; a "
               "kernel that writes an array it did not read also pays a read of each output line "
               "into the cache (read-for-ownership) unless it streams its stores past the cache, "
               "which the CPU kernels do for outputs larger than 16 MB.\n")
    if base:
        out.append(f"*before*: the same kernel's share of its own run's ceiling before the "
                   f"kernels were rewritten for SIMD registers (measured {base.get('date')}, "
                   f"load average {base.get('load_average')}).\n")
    out.append("| kernel | what | time (µs) | GFLOP/s | GB/s | of ceiling | target |"
               + (" before |" if base else ""))
    out.append("|---|---|---:|---:|---:|---:|---:|" + ("---:|" if base else ""))
    for k in res["kernels"]:
        out.append(f"| `{k['name']}` | {md_escape(k['label'])} | {k['time_us']:.2f} | "
                   f"{fmt(k['gflops'])} | {fmt(k['gbps'])} | {pct(k['fraction'])} | "
                   f"{target_cell(k)} |" + (f" {pct(k.get('before'))} |" if base else ""))
    out.append("")
    missed = [k for k in res["kernels"] if k.get("target") and k["fraction"] < k["target"]]
    if missed:
        out.append("Below target in this run: " + ", ".join(f"`{k['name']}`" for k in missed)
                   + ". Why is stated in the kernel table (common/kernels/README.md).\n")
    e = res["mlp"]
    out.append("## End to end: chapter 4's MLP against PyTorch {#benchmarks_mlp}\n")
    out.append(f"MLP 784-256-128-10 (ReLU, softmax cross-entropy), Fashion-MNIST's 60,000 "
               f"training images, mini-batches of {e['batch']}, {e['optimizer']}, "
               f"{e['epochs']} epochs, {e['threads']} threads for both, subnormals flushed to "
               f"zero in both. The two programs ran alternately, {e.get('trials', 1)} time(s) "
               f"each. The first epoch of a run pays for page faults and cold caches; the later "
               f"ones are the steady state a student's long run sees, so the comparison is "
               f"between the medians of those (spread: (slowest − fastest) / median). Every "
               f"epoch is in the JSON file.\n")
    out.append("| program | steady-state s/epoch | fastest – slowest | spread | first epoch (s) "
               "| test accuracy | peak RSS (MB) |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    for key, name in (("course", "the course (`ch04_mlp`)"),
                      ("libtorch", "PyTorch C++ frontend (`libtorch_mlp`"
                                   + (f", libtorch {e['libtorch'].get('torch_version')}"
                                      if e["libtorch"].get("torch_version") else "")
                                   + (f", {e['libtorch']['blas']}"
                                      if e["libtorch"].get("blas") else "") + ")")):
        r = e[key]
        if r.get("status") == "ok":
            out.append(f"| {name} | {r['seconds_per_epoch']:.3f} | "
                       f"{fmt(r.get('steady_min'), 3)} – {fmt(r.get('steady_max'), 3)} | "
                       f"{pct(r.get('steady_spread'))} | {fmt(r.get('first_epoch_seconds'), 3)} | "
                       f"{fmt(r.get('test_accuracy'), 4)} | {fmt(r.get('peak_rss_mb'))} |")
        else:
            out.append(f"| {name} | {md_escape(r.get('message', 'not run'))} | | | | | |")
    out.append("")
    if e["ratio"] is not None:
        verdict = "meets" if e["meets_target"] else "does not meet"
        out.append(f"**The course is {e['ratio']:.2f}x faster per steady-state epoch than "
                   f"libtorch** ({verdict} the target of {TARGET_RATIO:g}x; "
                   f"{fmt(e.get('first_epoch_ratio'), 2)}x on the first epoch).\n")
    else:
        out.append("No ratio: one of the two programs did not run in this measurement.\n")
    floor = mlp_floor(res)
    if floor:
        out.append(f"The arithmetic floor of an epoch: the matrix products do "
                   f"{floor['gflop']:.1f} GFLOP (forward Z = W·A, backward dW = dZ·Aᵀ, and "
                   f"dA = Wᵀ·dZ for layers 2 and 3; 60,000 samples), which take "
                   f"**{floor['seconds']:.3f} s** at the GEMM ceiling above"
                   + (f"; the course's steady-state epoch runs at **{pct(floor['share'])}** of "
                      f"that speed. The rest is the products' small shapes (64 columns per "
                      f"mini-batch: see `matmul/ch04/*` above) and everything around them."
                      if floor.get("share") else ".") + "\n")
    kept = e.get("denormals_kept") or {}
    if any(r.get("status") == "ok" for r in kept.values()):
        out.append("The same programs once more with subnormal floats kept (`DL_KEEP_DENORMALS=1` "
                   "for the course, `libtorch_mlp --keep-denormals` for libtorch), to show what "
                   "flushing them saves; every epoch, in seconds:\n")
        out.append("| program | epochs, subnormals flushed (first trial) | epochs, subnormals kept "
                   "| steady state, kept / flushed | test accuracy, flushed / kept |")
        out.append("|---|---|---|---:|---:|")
        for key, name in (("course", "the course"), ("libtorch", "libtorch")):
            r, f = kept.get(key, {}), e[key]
            if r.get("status") != "ok" or f.get("status") != "ok":
                continue
            flushed = ", ".join(f"{x:.3f}" for x in (f.get("epochs_by_trial") or [[]])[0])
            slow = ", ".join(f"{x:.3f}" for x in (r.get("epochs_by_trial") or [[]])[0])
            out.append(f"| {name} | {flushed} | {slow} | "
                       f"{r['seconds_per_epoch'] / f['seconds_per_epoch']:.2f}x | "
                       f"{fmt(f.get('test_accuracy'), 4)} / {fmt(r.get('test_accuracy'), 4)} |")
        out.append("")
    return "\n".join(out)


def page_gpu(res):
    g = res["gpu"]
    out = [GPU_BEGIN, "## GPU {#benchmarks_gpu}\n"]
    out.append(f"Measured on **{md_escape(g['gpu'])}**, {res['date']}. Every CUDA kernel was first "
               f"validated against its CPU twin ({g['validated']} kernel/shape pairs, poisoned "
               f"outputs, odd sizes), then timed with CUDA events after warm-up (median of 31 "
               f"samples). Products are judged against cuBLAS (the tiled kernel as a fraction of "
               f"cuBLAS at the same shape), the rest against a device-to-device copy "
               f"({g['copy_gbps']:.0f} GB/s).\n")
    out.append("| kernel | what | time (ms) | GFLOP/s | GB/s | of ceiling |")
    out.append("|---|---|---:|---:|---:|---:|")
    for k in g["kernels"]:
        out.append(f"| `{k['name']}` | {md_escape(k['label'])} | {k['ms']:.4f} | "
                   f"{fmt(k['gflops'] or None)} | {fmt(k['gbps'] or None)} | "
                   f"{pct(k['fraction'] or None)} |")
    out.append("")
    gm, t = g["mlp"], res["mlp"]["libtorch"]
    if gm.get("status") == "ok":
        line = f"Chapter 4's MLP on the GPU: **{gm['seconds_per_epoch']:.3f} s per epoch**"
        if t.get("status") == "ok":
            line += (f", {t['seconds_per_epoch'] / gm['seconds_per_epoch']:.1f}x faster than "
                     f"libtorch on the CPU ({t['seconds_per_epoch']:.3f} s)")
        out.append(line + f"; test accuracy {fmt(gm.get('test_accuracy'), 4)}.\n")
    else:
        out.append(f"Chapter 4's MLP on the GPU: {md_escape(gm.get('message', 'not run'))}.\n")
    out.append(GPU_END)
    return "\n".join(out)


NO_GPU_YET = f"""{GPU_BEGIN}
## GPU {{#benchmarks_gpu}}

No GPU measurement yet. `./course bench` on a machine with an NVIDIA GPU (and the course built
with CUDA) validates every CUDA kernel against its CPU twin, times it, and writes the table here
with the GPU's name. GPU numbers are only ever written from a run that measured them.
{GPU_END}"""


def write_page(res, path):
    old_gpu = None
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        m = re.search(re.escape(GPU_BEGIN) + r".*?" + re.escape(GPU_END), text, re.S)
        if m:
            old_gpu = m.group(0)
    gpu = page_gpu(res) if res["gpu"]["status"] == "ok" else (old_gpu or NO_GPU_YET)
    head = """# Benchmarks {#benchmarks}

How fast is the course's code? This page is written by `./course bench`
(`benchmarks/run_benchmarks.py`), which runs every benchmark in one go and also leaves the
numbers in `build/benchmarks/results.json`. Three kinds of measurement:

- **Kernels** (`bench_kernels`, from `benchmarks/bench_kernels.cpp` and its neighbours; Google
  Benchmark): every hot CPU kernel of
  `common/kernels/` at the sizes the chapters use, as GFLOP/s for products and GB/s for the
  rest, and as a fraction of this machine's own ceilings, measured in the same run.
- **End to end**: several epochs of chapter 4's MLP against the same model, data, batch,
  optimizer, thread count and float mode in PyTorch's C++ frontend
  (`benchmarks/libtorch_mlp.cpp`), and chapter 6's LeNet-5 and small ResNet the same way
  (`benchmarks/libtorch_cnn.cpp`).
- **GPU** (`bench_cuda`, from `benchmarks/bench_cuda.cpp`; only with a usable GPU): each CUDA kernel checked against
  its CPU twin, then timed with CUDA events.

Benchmarks are not tests: CTest only runs a smoke pass of each program (label `bench`), and no
test asserts a time. Numbers move by a few percent between runs, more on a busy machine.

**Subnormal floats.** Below 1.18e−38 a float32 loses precision gradually ("subnormal"
numbers, down to 1.4e−45), and x86 CPUs compute with those about a hundred times slower. Adam's
second moments and small gradients drift into that range after the first epoch, so a training
run that keeps them slows down from its second epoch on — the last table of the end-to-end
section measures it, epoch by epoch, for both programs. The course's library therefore sets the
CPU's flush-to-zero and denormals-are-zero modes (FTZ, DAZ) before `main()`, on every thread its
kernels run on (`common/core/float_mode.hpp`): a result below 1.18e−38 becomes 0 and a subnormal
input reads as 0, and nothing changes above 1.18e−38 (`DL_KEEP_DENORMALS=1` turns it off, to
see the difference). It is the lesson on floats at work — a format has a range, and the edge of
the range has a cost — and the reason a benchmark times several epochs, not one.

## How to run the GPU check {#benchmarks_gpu_check}

GPU numbers come only from a GPU. A GPU machine is often bare (a driver, the CUDA toolkit,
CMake, Python, no network), so the check is packed here and run there:
`./course gpu-bundle` builds the course with CUDA and packs `build/dl-course-gpu-check.tar.gz`;
on any x86-64 machine with a CUDA 13 driver and toolkit, `tar xzf dl-course-gpu-check.tar.gz`
then `./dl-course-gpu-check/run-gpu-checks OUTDIR` runs every CUDA test (a skip is a failure),
each chapter on the GPU, chapter 4's Fashion-MNIST training on the GPU and on the CPU, and
`bench_cuda`, and prints a table. `OUTDIR/bench_cuda.json` holds the GPU kernel timings with the
GPU's name, `OUTDIR/ch04-fashion-cuda.json` and `ch04-fashion-cpu.json` the chapter-4 epochs
(README.md, "The GPU check").
"""
    lstm = page_lstm(res)
    text = (head + "\n" + page_cpu(res) + "\n" + page_cnn(res) + (lstm + "\n" if lstm else "")
            + gpu + "\n")
    write_atomic(path, text)


# --- main ------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description="Run the course's benchmarks (CPU kernels, "
                                             "chapter 4's MLP against libtorch, GPU when usable).")
    ap.add_argument("--build", default="build", help="build folder (default: build)")
    ap.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"],
                    help="auto: GPU part when a GPU is usable (default); cuda: require it")
    ap.add_argument("--threads", type=int, default=2, help="OMP/torch threads (default 2)")
    ap.add_argument("--epochs", type=int, default=3,
                    help="MLP epochs per run, the same for both programs; the first is warm-up, "
                         "the others the steady state (default 3)")
    ap.add_argument("--trials", type=int, default=2,
                    help="MLP runs per program, alternating; the fastest epoch counts "
                         "(default 2)")
    ap.add_argument("--quick", action="store_true", help="shorter kernel timing, 1 repetition")
    ap.add_argument("--json", dest="json_out", default=None,
                    help="results file (default: BUILD/benchmarks/results.json)")
    ap.add_argument("--page", default=PAGE, help="notes page to regenerate "
                                                 "(default: docs/pages/benchmarks.md)")
    ap.add_argument("--no-page", action="store_true", help="do not write the notes page")
    ap.add_argument("--skip-mlp", action="store_true", help="kernels only")
    ap.add_argument("--baseline", default=None, metavar="FILE",
                    help="an earlier results.json: its kernels' shares of their ceilings are "
                         "shown next to this run's (column 'before')")
    ap.add_argument("--skip-cnn", action="store_true",
                    help="skip chapter 6's LeNet-5 and ResNet against libtorch")
    ap.add_argument("--skip-lstm", action="store_true",
                    help="leave out chapter 7's character model against libtorch")
    ap.add_argument("--from-json", default=None, metavar="FILE",
                    help="run nothing: print and write the page from an earlier results file")
    args = ap.parse_args()
    if args.from_json:
        try:
            with open(args.from_json, encoding="utf-8") as f:
                res = json.load(f)
        except (OSError, json.JSONDecodeError) as e:
            print(f"run_benchmarks: --from-json {args.from_json}: {e}", file=sys.stderr)
            return 1
        print_tables(res)
        if not args.no_page:
            write_page(res, args.page)
            print(f"Notes page: {os.path.relpath(args.page)}")
        return 0
    if args.threads < 1:
        ap.error(f"--threads: expected an integer >= 1, got {args.threads}")
    if args.trials < 1:
        ap.error(f"--trials: expected an integer >= 1, got {args.trials}")
    if args.epochs < 1:
        ap.error(f"--epochs: expected an integer >= 1, got {args.epochs}")

    build = args.build if os.path.isabs(args.build) else os.path.join(os.getcwd(), args.build)
    if not os.path.isdir(build):
        print(f"run_benchmarks: build folder '{args.build}' does not exist: configure and build "
              f"the target `benchmarks` first", file=sys.stderr)
        return 1
    if args.baseline:  # read it now: a bad file should not cost a whole run first
        try:
            with open(args.baseline, encoding="utf-8") as f:
                json.load(f)
        except (OSError, json.JSONDecodeError) as e:
            print(f"run_benchmarks: --baseline {args.baseline}: {e}", file=sys.stderr)
            return 1
    bindir = os.path.join(build, "bin")
    json_out = args.json_out or os.path.join(build, "benchmarks", "results.json")
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))

    load = load_average() or 0.0
    if load > busy_threshold():
        print(f"Warning: the machine is busy (load average {load:.2f} on {os.cpu_count()} "
              f"cores, above {busy_threshold():g}): other work slows both programs and every "
              f"kernel, and spreads the numbers. For figures to publish, run again when it is "
              f"idle (see `uptime`).", flush=True)
    t0 = time.monotonic()
    try:
        res = {"schema": 1,
               "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
               "machine": machine_info(build), "threads": args.threads}
        res["ceilings"], res["kernels"], res["kernel_seconds"] = cpu_kernels(bindir, env,
                                                                             args.quick)
        if args.baseline:
            res["baseline"] = add_baseline(res["kernels"], args.baseline)
        if args.skip_mlp:
            skipped = {"status": "skipped", "message": "skipped (--skip-mlp)"}
            res["mlp"] = {"course": dict(skipped), "libtorch": dict(skipped), "ratio": None,
                          "target_ratio": TARGET_RATIO, "meets_target": None,
                          "threads": args.threads, "epochs": args.epochs, "batch": 64,
                          "optimizer": "Adam, lr 1e-3", "flops_per_epoch": mlp_epoch_flops()}
        else:
            res["mlp"] = end_to_end(bindir, env, args.threads, args.epochs, args.trials)
        if not args.skip_mlp and not args.skip_cnn:
            res["cnn"] = cnn_end_to_end(bindir, env, args.threads, args.epochs, args.trials)
        if not args.skip_lstm:
            res["lstm"] = lstm_vs_libtorch(bindir, env, args.threads, args.trials)
        res["gpu"] = gpu_part(bindir, env, args.device, args.epochs)
        if res["gpu"]["status"] == "ok":
            res["machine"]["gpu"] = res["gpu"]["gpu"]
    except BenchError as e:
        print(f"run_benchmarks: {e}", file=sys.stderr)
        return 1
    res["total_seconds"] = round(time.monotonic() - t0, 1)
    res["load_average_after"] = load_average()
    res["busy"] = max(load, res["load_average_after"] or 0.0) > busy_threshold()
    if res["busy"]:
        print(f"Warning: the machine was busy during this run (load average {load:.2f} at the "
              f"start, {res['load_average_after']} at the end).", flush=True)

    print_tables(res)
    write_atomic(json_out, json.dumps(res, indent=2, ensure_ascii=False) + "\n")
    print(f"\nResults: {os.path.relpath(json_out)}")
    if not args.no_page:
        write_page(res, args.page)
        print(f"Notes page: {os.path.relpath(args.page)}")
    print(f"Total time: {res['total_seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
