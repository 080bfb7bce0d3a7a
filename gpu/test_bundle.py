#!/usr/bin/env python3
"""CTest's check of the GPU check bundle (test gpu_bundle.pack_and_dry_run), on any machine.

Packs the bundle from the build (gpu/pack_bundle.py, with small stand-ins for Fashion-MNIST),
unpacks the tarball into a fresh folder and runs its `run-gpu-checks OUTDIR --dry-run`, which
must pass: every file intact, every program's libraries found, the CTest file listing every
CUDA test, each program starting. Then the checks must be able to fail: a second run into the
same OUTDIR is refused (exit 2), and a bundle with one changed file fails its dry run (exit 1).

usage: test_bundle.py BUILD WORKDIR
"""
import os
import shutil
import subprocess
import sys
import tarfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    build, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if os.path.isdir(work):
        shutil.rmtree(work)
    os.makedirs(work)
    tarball = os.path.join(work, "bundle.tar.gz")
    # Four small stand-ins for Fashion-MNIST's files: the packing path is the same as with the
    # real 30 MB (which the dry run does not read), and the test stays fast.
    fake = os.path.join(work, "fashion-stand-in")
    os.makedirs(fake)
    for name in ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                 "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        with open(os.path.join(fake, name), "wb") as f:
            f.write(name.encode())
    args = [sys.executable, os.path.join(HERE, "pack_bundle.py"), "--build", build,
            "--out", tarball, "--fashion-dir", fake]
    t0 = time.time()
    subprocess.run(args, check=True)
    t1 = time.time()
    with tarfile.open(tarball) as tar:
        try:
            tar.extractall(os.path.join(work, "unpacked"), filter="data")
        except TypeError:  # Python before 3.11.4 has no extraction filters
            tar.extractall(os.path.join(work, "unpacked"))
    root = os.path.join(work, "unpacked", "dl-course-gpu-check")
    script = os.path.join(root, "run-gpu-checks")

    def dry(outdir):
        p = subprocess.run([script, os.path.join(work, outdir), "--dry-run"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True)
        print(p.stdout)
        return p.returncode, p.stdout

    rc, out = dry("out")
    t2 = time.time()
    assert rc == 0 and "PASSED" in out, "the dry run of the fresh bundle failed (exit %d)" % rc
    assert "(data packed)" in out, "Fashion-MNIST's files are not in the bundle"
    rc, out = dry("out")
    assert rc == 2 and "already holds files" in out, "a second run into OUTDIR was not refused"
    with open(os.path.join(root, "datasets", os.listdir(os.path.join(root, "datasets"))[0]), "ab") as f:
        f.write(b"\n")
    rc, out = dry("out-changed")
    assert rc == 1 and "(changed)" in out, "a changed bundle file passed the dry run"
    print("pack %.1f s (%.1f MB), unpack and dry run %.1f s" % (
        t1 - t0, os.path.getsize(tarball) / 1e6, t2 - t1))
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
