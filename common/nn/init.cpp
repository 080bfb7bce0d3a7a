/// @file init.cpp
/// @brief Weight initialisation schemes (see init.hpp).
#include "init.hpp"

#include <cmath>

namespace dl::nn {

const char* init_name(Init i) {
    switch (i) {
        case Init::Zeros: return "zeros";
        case Init::Small: return "small";
        case Init::Xavier: return "xavier";
        case Init::He: return "he";
    }
    return "?";
}

Init parse_init(const std::string& name) {
    for (Init i : {Init::Zeros, Init::Small, Init::Xavier, Init::He})
        if (name == init_name(i)) return i;
    throw UsageError(cat("unknown initialisation '", name, "': expected zeros, small, xavier or he"));
}

double init_stddev(Init init, int64_t n_prev) {
    DL_CHECK(n_prev > 0, "init_stddev: fan-in must be > 0, got ", n_prev);
    switch (init) {
        case Init::Zeros: return 0.0;
        case Init::Small: return 0.01;
        case Init::Xavier: return std::sqrt(1.0 / double(n_prev));  // Var(W) = 1/n[l−1]
        case Init::He: return std::sqrt(2.0 / double(n_prev));      // Var(W) = 2/n[l−1]
    }
    return 0.0;
}

void init_weights(Tensor& W, Init init, Rng& rng) {
    if (init == Init::Zeros) {
        W.fill(0.0);
        return;
    }
    rng.fill_normal(W, 0.0, init_stddev(init, W.cols()));
}

}  // namespace dl::nn
