#!/usr/bin/env python3
"""Data-parallel benchmarks: 1 -> 2 rank scaling on the CPU and the all-reduce bus bandwidth.

`./course bench` runs it after run_benchmarks.py. What it runs, from the build folder, under
mpirun (Open MPI) on this machine:

  bench_dist train      chapter 4's MLP 784-256-128-10 with Adam on 8192 synthetic 28x28 images,
                        global batch 128, one thread per rank: on 1 rank and on 2 ranks,
                        alternating, --trials times each; the fastest epoch of each counts.
                        scaling efficiency = t1 / (2 * t2) (1.0: twice the ranks, half the time)
  bench_dist allreduce  the all-reduce of a float32 buffer of 1 KB ... 256 MB over 2 ranks (MPI):
                        time, algorithm bandwidth, bus bandwidth = algbw * 2(n-1)/n
  the same with NCCL    only with two or more GPUs (names the GPU); otherwise says why not

Outputs: a table on stdout and BUILD/benchmarks/dist.json. Exit status: 0 done (a part that
cannot run here is reported as skipped, with the reason), 1 a benchmark failed, 2 bad flags.

Usage: python3 benchmarks/dist_bench.py [--build build] [--trials 2] [--max-bytes 268435456]
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile


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


def mpirun_command(ranks):
    """The mpirun of ./course run --ranks: this machine, shared memory, one thread per rank."""
    cmd = [os.environ.get("DL_MPIRUN", "mpirun"), "-np", str(ranks), "--oversubscribe",
           "--bind-to", "none", "--mca", "btl", "self,vader", "-x", "OMP_NUM_THREADS=1"]
    cmd += os.environ.get("DL_MPIRUN_ARGS", "").split()
    return cmd


def mpi_env():
    env = dict(os.environ, OMP_NUM_THREADS="1")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # Open MPI refuses root unless told
        env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    return env


def run_json(cmd, timeout=900):
    """Runs cmd; returns (the JSON object of its last line, its output); raises RuntimeError."""
    # stdout and stderr apart: mpirun's own messages on stderr would otherwise cut into the
    # JSON line.
    p = subprocess.run(cmd, env=mpi_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=timeout)
    lines = [l for l in p.stdout.splitlines() if l.startswith("{")]
    try:
        result = json.loads(lines[-1]) if p.returncode == 0 and lines else None
    except json.JSONDecodeError:
        result = None
    if result is None:
        tail = "\n".join((p.stdout + p.stderr).splitlines()[-5:])
        raise RuntimeError(f"`{' '.join(cmd)}` exited with {p.returncode} without a JSON "
                           f"result line:\n{tail}")
    return result, p.stdout


def gpu_count():
    """How many GPUs nvidia-smi lists (0 without a driver), and the first one's name."""
    smi = shutil.which("nvidia-smi")
    if not smi:
        return 0, "no NVIDIA driver (nvidia-smi not found)"
    p = subprocess.run([smi, "--query-gpu=name", "--format=csv,noheader"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    names = [l.strip() for l in p.stdout.splitlines() if l.strip()] if p.returncode == 0 else []
    return len(names), (names[0] if names else "nvidia-smi lists no GPU")


def run(build, trials=2, max_bytes=256 << 20):
    """Runs the data-parallel benchmarks; returns the results as a dict."""
    exe = os.path.join(build, "bin", "bench_dist")
    res = {"schema": 1,
           "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
           "cores": os.cpu_count(),
           "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None}
    if not os.path.exists(exe):
        why = "bench_dist was not built (the build found no MPI: apt install libopenmpi-dev)"
        return dict(res, status="skipped", message=why)
    if not shutil.which(mpirun_command(1)[0]):
        return dict(res, status="skipped", message="mpirun not found (apt install openmpi-bin)")
    # 1 -> 2 ranks on the CPU: alternate, so that a busy neighbour slows both alike.
    best = {1: None, 2: None}
    for _ in range(trials):
        for ranks in (1, 2):
            j, _ = run_json(mpirun_command(ranks) + [exe, "train"])
            if best[ranks] is None or j["best_epoch_seconds"] < best[ranks]["best_epoch_seconds"]:
                best[ranks] = j
    t1, t2 = best[1]["best_epoch_seconds"], best[2]["best_epoch_seconds"]
    res["scaling"] = {"model": "784-256-128-10 MLP, Adam", "samples": best[1]["samples"],
                      "batch": best[1]["batch"], "threads_per_rank": 1, "trials": trials,
                      "seconds_1_rank": t1, "seconds_2_ranks": t2, "speedup": t1 / t2,
                      "efficiency": t1 / (2 * t2)}
    j, _ = run_json(mpirun_command(2) + [exe, "allreduce", "--max-bytes", str(max_bytes)])
    res["allreduce_mpi"] = j
    n, name = gpu_count()
    if n >= 2:
        j, _ = run_json(mpirun_command(2) + [exe, "allreduce", "--device", "cuda",
                                             "--max-bytes", str(max_bytes)])
        res["allreduce_nccl"] = dict(j, status="ok")
    else:
        why = (f"needs 2 GPUs (this machine has {n}: {name})" if n == 1 else
               f"needs a GPU ({name})")
        res["allreduce_nccl"] = {"status": "skipped", "message": why}
    res["status"] = "ok"
    return res


def fmt_size(b):
    for unit, f in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if b >= f:
            return f"{b / f:g} {unit}"
    return f"{b} B"


def print_tables(res):
    print("\n== Data parallelism ==")
    if res.get("status") != "ok":
        print(f"skipped: {res.get('message')}")
        return
    if res.get("load_average") and res["load_average"] > (res.get("cores") or 1):
        print(f"(load average {res['load_average']} on {res['cores']} cores: the machine is busy, "
              f"every time below is slower and noisier than on an idle one)")
    s = res["scaling"]
    print(f"Scaling, {s['model']}, {s['samples']} samples, global batch {s['batch']}, "
          f"1 thread per rank (fastest epoch of {s['trials']} runs each):")
    print(f"  1 rank  {s['seconds_1_rank']:.3f} s/epoch")
    print(f"  2 ranks {s['seconds_2_ranks']:.3f} s/epoch   speedup {s['speedup']:.2f}, "
          f"scaling efficiency {100 * s['efficiency']:.0f} %")
    for key, title in (("allreduce_mpi", "MPI, CPU buffers"), ("allreduce_nccl", "NCCL, GPU")):
        a = res[key]
        if a.get("status") == "skipped":
            print(f"All-reduce bus bandwidth ({title}): {a['message']}")
            continue
        where = f", {a['gpu']}" if a.get("gpu") else ""
        print(f"All-reduce of the flat buffer over {a['ranks']} ranks ({title}{where}):")
        print(f"  {'size':>8} {'time':>11} {'algbw':>11} {'busbw':>11}")
        for r in a["sizes"]:
            print(f"  {fmt_size(r['bytes']):>8} {r['seconds'] * 1e6:>9.1f}us "
                  f"{r['algbw_gb_s']:>7.3f}GB/s {r['busbw_gb_s']:>7.3f}GB/s")


def main():
    ap = argparse.ArgumentParser(description="Data-parallel benchmarks (MPI, NCCL with GPUs).")
    ap.add_argument("--build", default="build", help="build folder (default: build)")
    ap.add_argument("--trials", type=int, default=2, help="runs of each rank count (default 2)")
    ap.add_argument("--max-bytes", type=int, default=256 << 20,
                    help="largest all-reduce buffer (default 268435456 = 256 MB)")
    ap.add_argument("--json", dest="json_out", default=None,
                    help="results file (default: BUILD/benchmarks/dist.json)")
    args = ap.parse_args()
    if args.trials < 1:
        ap.error(f"--trials: expected an integer >= 1, got {args.trials}")
    if args.max_bytes < 1024:
        ap.error(f"--max-bytes: expected at least 1024, got {args.max_bytes}")
    build = os.path.abspath(args.build)
    try:
        res = run(build, args.trials, args.max_bytes)
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        print(f"dist_bench: {e}", file=sys.stderr)
        return 1
    print_tables(res)
    out = args.json_out or os.path.join(build, "benchmarks", "dist.json")
    write_atomic(out, json.dumps(res, indent=2) + "\n")
    print(f"Results: {os.path.relpath(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
