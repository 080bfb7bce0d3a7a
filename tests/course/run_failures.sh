#!/usr/bin/env bash
# `./course run` names the chapters that failed (and exits 1), or says all ran.
# Runs the real script on fake chapter programs: a build folder whose bin/ holds, for every
# chapter of the repository, a small script that prints a Result line, or fails for the first
# chapter. DL_NO_BUILD=1 makes `./course run` use them as they are.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"
chapters=()
for d in "$root"/chapters/ch[0-9][0-9]_*/; do
    [ -f "$d/CMakeLists.txt" ] && chapters+=("$(basename "$d")")
done
[ ${#chapters[@]} -ge 2 ] || { echo "need two chapters, found ${#chapters[@]}"; exit 1; }
fake() {  # fake NAME EXIT
    printf '#!/bin/sh\necho "%s: some output"\n[ %d -eq 0 ] && echo "Result: fine"\nexit %d\n' \
        "$1" "$2" "$2" >"$tmp/bin/$1"
    chmod +x "$tmp/bin/$1"
}
for c in "${chapters[@]}"; do fake "$c" 0; done
fake "${chapters[0]}" 1
fake "${chapters[-1]}" 3

rc=0
out=$(DL_BUILD_DIR="$tmp" DL_NO_BUILD=1 "$root/course" run 2>&1) || rc=$?
echo "$out"
[ $rc -eq 1 ] || { echo "FAIL: exit $rc, expected 1"; exit 1; }
want="2 of ${#chapters[@]} chapters failed: ${chapters[0]} ${chapters[-1]} "
grep -qF "$want" <<<"$out" || { echo "FAIL: no line '$want'"; exit 1; }
grep -q "FAILED (exit 3)" <<<"$out" || { echo "FAIL: the exit status is not shown"; exit 1; }
if grep -q "all .* chapters ran" <<<"$out"; then echo "FAIL: says all ran"; exit 1; fi

fake "${chapters[0]}" 0
fake "${chapters[-1]}" 0
out=$(DL_BUILD_DIR="$tmp" DL_NO_BUILD=1 "$root/course" run 2>&1)
echo "$out"
grep -q "all ${#chapters[@]} chapters ran in" <<<"$out" || { echo "FAIL: no 'all ran' line"; exit 1; }
echo "ok: ./course run names the failed chapters"
