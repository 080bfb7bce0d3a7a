#!/usr/bin/env bash
# `./course grade` in a student copy (no solutions/): a file that does not compile fails only its
# own exercise, the other exercises are scored check by check, an exercise that calls a broken
# one says so, and the printed commands work.
#
#   grade_student_copy.sh BUILD    grades in BUILD/grade (a CPU-only grading build of its own)
#
# The crafted student folder, made from the stubs and the solutions:
#   ch01: mp_neuron does not compile; perceptron_update and xor_two_layer are right but call it;
#         perceptron_train_epoch a stub.
#   ch02: sigmoid in the e^z/(1+e^z) form (NaN at z = 1000: 3 of 4 points); logistic_cost does
#         not compile (std::max(z, 0) on a double); logistic_gradients right; softmax right but
#         writing through a null pointer for 3 rows, which crashes one of its two checks (the
#         other check still runs: 1 of 3 points).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$1
mine=$build/student
rm -rf "$mine" && mkdir -p "$build"
cp -r "$root/exercises" "$mine"   # the stubs (and the rest of exercises/, as in a copy)
cp "$root/solutions/ch01/perceptron_update.cpp" "$root/solutions/ch01/xor_two_layer.cpp" \
   "$mine/ch01/"
cp "$root/solutions/ch02/logistic_gradients.cpp" "$root/solutions/ch02/softmax.cpp" "$mine/ch02/"
python3 - "$mine" <<'PY'
import re, sys
mine = sys.argv[1]
def fill(path, body):
    s = open(path).read()
    s = re.sub(r"(// TODO\(student\): begin\n).*?(\n\s*// TODO\(student\): end)",
               lambda m: m.group(1) + body + m.group(2), s, flags=re.S)
    open(path, "w").write(s)
fill(f"{mine}/ch01/mp_neuron.cpp", "    return math::step(w.dot(x) - theta)  // a missing semicolon")
fill(f"{mine}/ch02/sigmoid.cpp",
     "    return Z.unaryExpr([](double z) { return std::exp(z) / (1.0 + std::exp(z)); });")
fill(f"{mine}/ch02/logistic_cost.cpp", """    double J = 0;
    for (Eigen::Index j = 0; j < Z.cols(); ++j)
        J += std::max(Z(0, j), 0) + std::log1p(std::exp(-std::abs(Z(0, j)))) - Y(0, j) * Z(0, j);
    return J / Z.cols();""")
softmax = f"{mine}/ch02/softmax.cpp"
s = open(softmax).read()
assert "    return A;" in s
s = s.replace("    return A;", "    if (Z.rows() == 3) *static_cast<volatile double*>(nullptr) = 0.0;\n"
                                "    return A;")
open(softmax, "w").write(s)
PY

grade() {  # grade N: the student's path, in a copy without solutions/
    DL_BUILD_DIR=$build DL_CUDA=OFF DL_SOLUTIONS_DIR=$build/no-solutions \
        "$root/course" grade "$1" --exercises "$mine" 2>&1
}
fail() { echo "FAIL: $*"; exit 1; }
expect() { grep -qE -- "$1" <<<"$out" || fail "no line matching '$1'"; }

out=$(grade 2)
echo "$out"
expect "^ch02\.sigmoid +3/4 +2/3 +1 of 3 checks failed$"
expect "^ch02\.logistic_cost +0/5 +0/4 +does not compile$"
expect "^ch02\.logistic_gradients +5/5 +3/3 +passed$"
expect "^ch02\.softmax +1/3 +1/2 +check SoftmaxHandComputed crashed$"
expect "AddressSanitizer: a segmentation fault: a read or write at an invalid address at softmax\.cpp:[0-9]+"
expect "^Points 9/17$"
expect "^1 passed, 2 partial, 1 failed$"
expect "logistic_cost\.cpp:[0-9]+:[0-9]+: error: .*max"
expect "hint: NaN at z = 1000"
log=$(sed -n 's/^ *compiler output: //p' <<<"$out")
[ -f "$build/${log#build/}" ] || [ -f "$log" ] || fail "the compiler log '$log' does not exist"
rerun=$(sed -n '/^ch02.sigmoid:/,/^$/s/^ *all of its output: //p' <<<"$out")
[ -n "$rerun" ] || fail "no command to show the sigmoid test's output"
shown=$(cd "$PWD" && eval "$rerun" 2>&1 || true)
grep -q "1 tests failed out of 1" <<<"$shown" || fail "\`$rerun\` does not run the one test:"$'\n'"$shown"
grep -q "hint: NaN at z = 1000" <<<"$shown" || fail "\`$rerun\` does not show the failure"
python3 - "$build/grade/autograding.json" <<'PY' || fail "autograding.json"
import json, sys
r = json.load(open(sys.argv[1]))
scores = {t["name"].split(":")[0]: (t["score"], t["max_score"]) for t in r["tests"]}
assert scores == {"ch02.sigmoid": (3, 4), "ch02.logistic_cost": (0, 5),
                  "ch02.logistic_gradients": (5, 5), "ch02.softmax": (1, 3)}, scores
PY

out=$(grade 1)
echo "$out"
expect "^ch01\.mp_neuron +0/5 +0/5 +does not compile$"
expect "^ch01\.perceptron_update +1/6 +1/6 "
expect "note: this exercise calls ch01\.mp_neuron, which is not done yet or does not compile"
expect "^ch01\.xor_two_layer +0/3 "
expect "^ch01\.perceptron_train_epoch +0/6 +0/5 +not implemented yet$"
echo "ok: one file that does not compile costs only its own exercise"
