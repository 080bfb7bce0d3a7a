/// @file rng.hpp
/// @brief dl::Rng: a seeded, deterministic random number generator.
///
/// The same seed gives the same numbers on every machine and compiler: the generator is
/// xoshiro256** seeded through splitmix64, and the distributions are written out here rather
/// than taken from <random> (whose std::normal_distribution differs between standard
/// libraries). Initial weights are always drawn on the CPU and copied to the GPU, so a run with
/// `--device cuda` starts from exactly the weights of a run with `--device cpu`.
#pragma once

#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "tensor.hpp"

namespace dl {

class Rng {
public:
    explicit Rng(uint64_t seed = 0) { reseed(seed); }

    /// Everything that determines the numbers still to come: saved in checkpoints, so a resumed
    /// run draws exactly what the uninterrupted run would have drawn.
    struct State {
        uint64_t s[4];
        double spare;
        bool has_spare;
    };
    State state() const { return {{s_[0], s_[1], s_[2], s_[3]}, spare_, has_spare_}; }
    void set_state(const State& st) {
        for (int i = 0; i < 4; ++i) s_[i] = st.s[i];
        spare_ = st.spare;
        has_spare_ = st.has_spare;
    }

    void reseed(uint64_t seed) {
        uint64_t z = seed;
        for (auto& s : s_) s = splitmix64(z);
        has_spare_ = false;
    }

    /// 64 random bits.
    uint64_t next_u64() {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    /// Uniform in [0, 1), 53 random bits.
    double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
    /// Uniform in [lo, hi).
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    /// Normal with the given mean and standard deviation (Box-Muller, both values used).
    double normal(double mean = 0.0, double stddev = 1.0) {
        if (has_spare_) {
            has_spare_ = false;
            return mean + stddev * spare_;
        }
        double u1 = 0.0;
        while (u1 <= 0.0) u1 = uniform();
        const double u2 = uniform();
        const double r = std::sqrt(-2.0 * std::log(u1));
        const double theta = 2.0 * M_PI * u2;
        spare_ = r * std::sin(theta);
        has_spare_ = true;
        return mean + stddev * r * std::cos(theta);
    }
    /// Uniform integer in [0, n); n > 0.
    uint64_t below(uint64_t n) {
        DL_CHECK(n > 0, "Rng::below(0)");
        // Rejection sampling removes the modulo bias.
        const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
        uint64_t x;
        do {
            x = next_u64();
        } while (x >= limit);
        return x % n;
    }
    /// True with probability p.
    bool bernoulli(double p) { return uniform() < p; }

    /// Shuffles v in place (Fisher-Yates).
    template <class T>
    void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
    }
    /// 0..n-1 in random order.
    std::vector<int64_t> permutation(int64_t n) {
        std::vector<int64_t> p(static_cast<std::size_t>(n));
        std::iota(p.begin(), p.end(), int64_t{0});
        shuffle(p);
        return p;
    }

    /// Fills a tensor (any device) with N(mean, stddev²) values drawn on the CPU.
    void fill_normal(Tensor& t, double mean = 0.0, double stddev = 1.0) {
        std::vector<double> v(static_cast<std::size_t>(t.numel()));
        for (double& x : v) x = normal(mean, stddev);
        t.copy_from(Tensor::from_values(t.shape(), v, t.dtype()));
    }
    /// Fills a tensor (any device) with U[lo, hi) values drawn on the CPU.
    void fill_uniform(Tensor& t, double lo, double hi) {
        std::vector<double> v(static_cast<std::size_t>(t.numel()));
        for (double& x : v) x = uniform(lo, hi);
        t.copy_from(Tensor::from_values(t.shape(), v, t.dtype()));
    }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static uint64_t splitmix64(uint64_t& z) {
        uint64_t r = (z += 0x9e3779b97f4a7c15ULL);
        r = (r ^ (r >> 30)) * 0xbf58476d1ce4e5b9ULL;
        r = (r ^ (r >> 27)) * 0x94d049bb133111ebULL;
        return r ^ (r >> 31);
    }

    uint64_t s_[4]{};
    double spare_ = 0.0;
    bool has_spare_ = false;
};

}  // namespace dl
