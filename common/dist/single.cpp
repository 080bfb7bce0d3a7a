/// @file single.cpp
/// @brief The single-process communicator (see single.hpp): checks its arguments like the
/// others, then has nothing to do.
#include "single.hpp"

#include "check.hpp"

namespace dl::dist {

void SingleProcess::all_reduce(Tensor& x, ReduceOp) { check_reducible("all_reduce", x); }

void SingleProcess::broadcast(Tensor& x, int root) {
    check_reducible("broadcast", x);
    check_root(root, 1);
}

}  // namespace dl::dist
