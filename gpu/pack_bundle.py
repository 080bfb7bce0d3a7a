#!/usr/bin/env python3
"""Packs the GPU check bundle from a CUDA build of the course (`./course gpu-bundle` runs it).

The bundle runs on any x86-64 machine with an NVIDIA driver for CUDA 13, the CUDA 13 toolkit
(for cuBLAS), CMake and Python, and none of the course's Debian packages: it carries the
programs already built (stripped), the shared libraries they load that such a machine may lack,
and the data they read. Unpacked, `./run-gpu-checks OUTDIR` runs the check (gpu/run-gpu-checks).

What goes in is found, never listed by hand, so new chapters, tests and kernels join on their
own:
  - every CTest test labelled `cuda` (`ctest -L cuda --show-only=json-v1` in the build), with
    its command and properties, paths made relative to the bundle (tests.json);
  - every program those tests run, every chapter program (bin/chNN_*, not the _mine
    variants) and every GPU benchmark (bin/bench_cuda*);
  - every file of the source tree a test command names (the CTest helper scripts);
  - the shipped data sets (datasets/) and, unless --no-fashion, Fashion-MNIST's four files;
  - the shared libraries `ldd` lists for those programs, except the C library's own (libc,
    libm, libdl, libpthread, librt, the dynamic loader), which every Linux has and which must
    match the kernel's, and the NVIDIA driver's, which must match the GPU's. Libraries that a
    program opens itself (cuBLAS: common/cuda/cublas_handle.cu; the driver) are not in `ldd`:
    cuBLAS comes from the machine's CUDA 13 toolkit.
Each packed library comes with its Debian copyright file (licenses/).

Why built programs and not sources to build there: GPU time is short and a bare machine may
have no compiler the CUDA toolkit accepts. Measured when this was chosen, on a 2-core build
machine: packing takes 5-9 s and the bundle is 5.0 MB (35.9 MB with Fashion-MNIST); the sources
with Eigen's headers and GoogleTest's sources would be about 2.6 MB, but building the bundle's
programs from them (sm_90 only, no compiler cache) took 4.5 CPU-minutes (10 minutes of wall time
on the busy 2-core machine), all of it on the GPU machine's clock, and libpng and zlib would
still have to be packed. The price of built programs is a floor on the C library: glibc 2.34
(Debian 12, Ubuntu 22.04, RHEL 9 and newer).
"""

import argparse
import datetime
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = "dl-course-gpu-check"  # the folder the tarball unpacks to

# Libraries a bare machine must provide itself: glibc's (they must match the running system)
# and the NVIDIA driver's (it must match the GPU and the kernel module).
SYSTEM_LIBS = re.compile(r"^(linux-vdso|linux-gate|ld-linux|libc\.so|libm\.so|libdl\.so|"
                         r"libpthread\.so|librt\.so|libresolv\.so|libutil\.so|libcuda\.so|"
                         r"libnvidia-)")
# Libraries a bare machine usually has, in a version new enough or not: packed in lib/fallback/,
# which run-gpu-checks puts on the library path only when the programs do not start without it
# (the packed libstdc++ needs a newer glibc than the programs themselves).
FALLBACK_LIBS = re.compile(r"^(libstdc\+\+\.so|libgcc_s\.so)")
FASHION_FILES = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                 "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]

WRAPPER = """#!/bin/sh
# GPU check bundle: runs libexec/{name} with the bundle's shared libraries (lib/) first, then
# those run-gpu-checks found (DL_GPU_CHECK_LIBS: cuBLAS), then the caller's.
here=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
LD_LIBRARY_PATH="$here/lib${{DL_GPU_CHECK_LIBS:+:$DL_GPU_CHECK_LIBS}}${{LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}}"
export LD_LIBRARY_PATH
exec "$here/libexec/{name}" "$@"
"""


def die(msg, code=1):
    sys.stderr.write("gpu-bundle: %s\n" % msg)
    sys.exit(code)


def run(args, **kw):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


def cmake_cache(build):
    cache = {}
    path = os.path.join(build, "CMakeCache.txt")
    if not os.path.isfile(path):
        die("'%s' is not a configured build folder (no CMakeCache.txt)" % build, 2)
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"^([A-Za-z_0-9]+):[A-Z]+=(.*)$", line.rstrip("\n"))
            if m:
                cache[m.group(1)] = m.group(2)
    return cache


def cuda_tests(build):
    """The CTest tests labelled cuda, as ctest describes them."""
    p = run(["ctest", "-L", "cuda", "--show-only=json-v1"], cwd=build)
    if p.returncode != 0:
        die("ctest --show-only failed in %s: %s" % (build, p.stderr.strip()))
    tests = json.loads(p.stdout).get("tests", [])
    if not tests:
        die("no CTest test is labelled cuda in %s: is it a CUDA build (nvcc found)?" % build)
    return tests


def elf_libs(path):
    """{soname: resolved path} of the shared libraries `ldd` lists for path."""
    p = run(["ldd", path])
    libs = {}
    for line in p.stdout.splitlines():
        m = re.match(r"\s*(\S+)\s+=>\s+(\S+)\s+\(", line)
        if m:
            if m.group(2) == "not":
                die("%s: %s is not found by ldd on this machine" % (path, m.group(1)))
            libs[m.group(1)] = m.group(2)
    return libs


def glibc_needed(paths):
    """The newest GLIBC_x.y symbol version any of the ELF files needs."""
    best = (0,)
    for path in paths:
        out = run(["readelf", "--version-info", "--wide", path]).stdout
        for v in re.findall(r"Name: GLIBC_([0-9.]+)", out):
            best = max(best, tuple(int(x) for x in v.split(".")))
    return ".".join(str(x) for x in best)


def debian_copyright(path):
    """The Debian copyright file of the package that owns path, or None."""
    p = run(["dpkg", "-S", os.path.realpath(path)])
    if p.returncode != 0:
        p = run(["dpkg", "-S", path])
    if p.returncode != 0:
        return None, None
    pkg = p.stdout.split(":")[0].strip()
    doc = "/usr/share/doc/%s/copyright" % pkg
    return pkg, (doc if os.path.isfile(doc) else None)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def git_commit(source):
    p = run(["git", "-C", source, "describe", "--always", "--dirty", "--abbrev=12"])
    return p.stdout.strip() if p.returncode == 0 else "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True, help="the CUDA build folder (built)")
    ap.add_argument("--source", default=os.path.dirname(HERE), help="the source tree")
    ap.add_argument("--out", required=True, help="the tarball to write (.tar.gz)")
    ap.add_argument("--force", action="store_true", help="replace --out if it exists")
    ap.add_argument("--no-fashion", action="store_true",
                    help="leave Fashion-MNIST out (about 30 MB): the run then needs it in "
                         "/usr/share/datasets/fashion-mnist or $DL_FASHION_MNIST_DIR")
    ap.add_argument("--fashion-dir", default=os.environ.get("DL_FASHION_MNIST_DIR") or
                    "/usr/share/datasets/fashion-mnist",
                    help="where Fashion-MNIST's four files are (default: Debian's "
                         "dataset-fashion-mnist)")
    a = ap.parse_args()
    if os.path.exists(a.out) and not a.force:
        die("'%s' already exists: give another --out, or --force to replace it" % a.out, 2)
    if not a.out.endswith(".tar.gz"):
        die("--out: expected a file name ending in .tar.gz, got '%s'" % a.out, 2)
    build = os.path.realpath(a.build)
    source = os.path.realpath(a.source)
    cache = cmake_cache(build)
    if not cache.get("CMAKE_CUDA_COMPILER"):
        die("%s is a build without CUDA: configure it with nvcc on PATH" % build)
    archs = cache.get("CMAKE_CUDA_ARCHITECTURES", "")
    if not re.search(r"(^|;)90", archs):
        die("the build's CUDA architectures are '%s': the bundle needs sm_90 (Hopper) code; "
            "reconfigure with -DCMAKE_CUDA_ARCHITECTURES='75-virtual;90'" % archs)
    cmake_exe = cache.get("CMAKE_COMMAND", "")
    bin_dir = os.path.join(build, "bin")

    def rel(text):
        """A path of this machine as the bundle's placeholder form (see run-gpu-checks)."""
        text = text.replace(bin_dir + "/", "@BUNDLE@/bin/")
        text = text.replace(build, "@WORK@")
        text = text.replace(source, "@BUNDLE@")
        return "@CMAKE@" if cmake_exe and text == cmake_exe else text

    # The tests, the programs they run and the source files they read.
    tests, programs, source_files, work_dirs = [], set(), set(), set()
    for t in cuda_tests(build):
        if "command" not in t:
            die("CTest test %s has no command (a target that was not built?)" % t["name"])
        props = {p["name"]: p["value"] for p in t.get("properties", [])}
        for arg in t["command"] + [str(v) for v in props.values()]:
            for path in re.findall(r"(/[^;\s\"'\\]+)", arg):
                if path.startswith(bin_dir + "/"):
                    programs.add(os.path.basename(path))
                elif path.startswith(build):
                    work_dirs.add(path)
                elif path.startswith(source + "/") and os.path.isfile(path):
                    source_files.add(os.path.relpath(path, source))
        tests.append({"name": t["name"], "command": [rel(c) for c in t["command"]],
                      "properties": {k: (rel(v) if isinstance(v, str) else
                                         [rel(x) if isinstance(x, str) else x for x in v]
                                         if isinstance(v, list) else v)
                                     for k, v in props.items()}})
    test_programs = sorted(p for p in programs if p.startswith("test_"))
    chapters = sorted(n for n in os.listdir(bin_dir)
                      if re.match(r"^ch[0-9][0-9]_[a-z0-9_]+$", n) and not n.endswith("_mine"))
    benchmarks = sorted(n for n in os.listdir(bin_dir) if n.startswith("bench_cuda"))
    if not chapters or not benchmarks:
        die("no chapter program or bench_cuda in %s: build everything first" % bin_dir)
    programs |= set(chapters) | set(benchmarks)
    for p in programs:
        if not os.access(os.path.join(bin_dir, p), os.X_OK):
            die("%s is not built" % os.path.join(bin_dir, p))

    stage_parent = tempfile.mkdtemp(prefix="gpu-bundle-", dir=os.path.dirname(os.path.abspath(a.out)))
    try:
        root = os.path.join(stage_parent, TOP)
        for d in ("bin", "libexec", "lib", "lib/fallback", "licenses"):
            os.makedirs(os.path.join(root, d))
        # Programs, stripped, each behind a wrapper that sets the library path.
        libs = {}
        for p in sorted(programs):
            src = os.path.join(bin_dir, p)
            dst = os.path.join(root, "libexec", p)
            if run(["strip", "--strip-unneeded", "-o", dst, src]).returncode != 0:
                shutil.copy2(src, dst)
            os.chmod(dst, 0o755)
            with open(os.path.join(root, "bin", p), "w") as f:
                f.write(WRAPPER.format(name=p))
            os.chmod(os.path.join(root, "bin", p), 0o755)
            libs.update(elf_libs(src))
        # Shared libraries (real files under their soname) and their licences.
        packed = {}
        for soname, path in sorted(libs.items()):
            if SYSTEM_LIBS.match(soname):
                continue
            sub = "lib/fallback" if FALLBACK_LIBS.match(soname) else "lib"
            shutil.copy2(os.path.realpath(path), os.path.join(root, sub, soname))
            pkg, copyright_file = debian_copyright(path)
            if copyright_file:
                shutil.copy2(copyright_file, os.path.join(root, "licenses", pkg + ".copyright"))
            packed[soname] = {"path": sub + "/" + soname,
                              "package": pkg or "not from a Debian package"}
        if any(s.startswith("libcudart") for s in packed):
            with open(os.path.join(root, "licenses", "cuda-runtime.txt"), "w") as f:
                f.write("libcudart is NVIDIA's CUDA runtime, redistributed as the CUDA Toolkit "
                        "End User License Agreement allows (its Attachment A lists the CUDA "
                        "runtime among the redistributable files).\n")
        # Files of the source tree the tests name (CTest helper scripts), and the shipped data.
        for r in sorted(source_files):
            os.makedirs(os.path.join(root, os.path.dirname(r)), exist_ok=True)
            shutil.copy2(os.path.join(source, r), os.path.join(root, r))
        if os.path.isdir(os.path.join(source, "datasets")):
            shutil.copytree(os.path.join(source, "datasets"), os.path.join(root, "datasets"),
                            ignore=shutil.ignore_patterns("mnist", ".*"))
        fashion = False
        if not a.no_fashion:
            missing = [f for f in FASHION_FILES if not os.path.isfile(os.path.join(a.fashion_dir, f))]
            if missing:
                die("Fashion-MNIST is not in %s (missing %s): `./course data` installs it, or "
                    "pack with --no-fashion" % (a.fashion_dir, ", ".join(missing)))
            dst = os.path.join(root, "data", "fashion-mnist")
            os.makedirs(dst)
            for f in FASHION_FILES:
                shutil.copy2(os.path.join(a.fashion_dir, f), os.path.join(dst, f))
            pkg, copyright_file = debian_copyright(os.path.join(a.fashion_dir, FASHION_FILES[0]))
            if copyright_file:
                shutil.copy2(copyright_file, os.path.join(root, "licenses", pkg + ".copyright"))
            fashion = True
        # The run script and its notes.
        shutil.copy2(os.path.join(HERE, "run-gpu-checks"), os.path.join(root, "run-gpu-checks"))
        os.chmod(os.path.join(root, "run-gpu-checks"), 0o755)
        shutil.copy2(os.path.join(HERE, "bundle-readme.md"), os.path.join(root, "README.md"))
        with open(os.path.join(root, "tests.json"), "w") as f:
            json.dump(tests, f, indent=1)
        # The manifest: what the bundle holds, what it needs, and every file's digest.
        elves = [os.path.join(root, "libexec", p) for p in programs] + \
                [os.path.join(root, v["path"]) for v in packed.values() if "fallback" not in v["path"]]
        fallback = [os.path.join(root, v["path"]) for v in packed.values() if "fallback" in v["path"]]
        files = {}
        for dirpath, _, names in os.walk(root):
            for n in names:
                full = os.path.join(dirpath, n)
                files[os.path.relpath(full, root)] = sha256(full)
        meta = {
            "commit": git_commit(source),
            "made": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "cuda_compiler": cache.get("CMAKE_CUDA_COMPILER_VERSION", ""),
            "cuda_architectures": archs,
            "cublas_soname": "libcublas.so." + cache.get("CMAKE_CUDA_COMPILER_VERSION", "13").split(".")[0],
            "glibc_needed": glibc_needed(elves),
            "glibc_needed_with_fallback": glibc_needed(elves + fallback),
            "chapters": chapters,
            "benchmarks": benchmarks,
            "test_programs": test_programs,
            "tests": len(tests),
            "fashion_mnist": fashion,
            "libraries": packed,
            "work_dirs": sorted(rel(d) for d in work_dirs),
            "files": files,
        }
        with open(os.path.join(root, "bundle.json"), "w") as f:
            json.dump(meta, f, indent=1)
        # The tarball, written under a temporary name, then renamed (never half a file).
        out = os.path.abspath(a.out)
        tmp = out + ".part"
        with tarfile.open(tmp, "w:gz", compresslevel=6) as tar:
            tar.add(root, arcname=TOP)
        os.replace(tmp, out)
        size = sum(os.path.getsize(os.path.join(root, r)) for r in files)
        print("gpu-bundle: %s: %.1f MB (%.1f MB unpacked): %d CUDA tests from %s; chapters %s; "
              "%s; %d libraries (%s); glibc %s or newer; Fashion-MNIST %s" % (
                  out, os.path.getsize(out) / 1e6, size / 1e6, len(tests),
                  ", ".join(test_programs), ", ".join(chapters), ", ".join(benchmarks),
                  len(packed), ", ".join(sorted(v["path"] for v in packed.values())),
                  meta["glibc_needed"],
                  "packed" if fashion else "not packed"))
    finally:
        shutil.rmtree(stage_parent, ignore_errors=True)


if __name__ == "__main__":
    main()
