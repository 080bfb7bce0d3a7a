/// @file dot_product.cpp
/// @brief The 1,000,000-element dot product three ways (see dot_product.hpp).
#include "dot_product.hpp"

#include "core/rng.hpp"
#include "kernels/dot.hpp"
#include "timing.hpp"

namespace ch03 {

//! [dot_loop]
float dot_loop(const float* a, const float* b, int64_t n) {
    float c = 0.0f;
    for (int64_t i = 0; i < n; ++i) c += a[i] * b[i];  // strictly in order: no SIMD lanes
    return c;
}
//! [dot_loop]

DotTimes time_dot(int64_t n, uint64_t seed, bool use_gpu) {
    dl::Rng rng(seed);
    dl::Tensor a(dl::Shape::column(n)), b(dl::Shape::column(n));
    rng.fill_uniform(a, 0.0, 1.0);
    rng.fill_uniform(b, 0.0, 1.0);
    DotTimes t;
    t.n = n;
    const float* pa = a.data<float>();
    const float* pb = b.data<float>();
    for (int64_t i = 0; i < n; ++i) t.exact += double(pa[i]) * double(pb[i]);

    volatile float sink = 0;
    t.loop_ms = best_ms([&] { sink = dot_loop(pa, pb, n); });
    t.loop_value = dot_loop(pa, pb, n);
    //! [dot_vectorized]
    dl::Tensor c(dl::Shape::matrix(1, 1));
    t.vectorized_ms = best_ms([&] { dl::dot(a, b, c); });  // Eigen: SIMD and partial sums
    //! [dot_vectorized]
    t.vectorized_value = c.at(0, 0);
    if (use_gpu) {
        const dl::Tensor ag = a.to(dl::Device::CUDA), bg = b.to(dl::Device::CUDA);
        dl::Tensor cg(dl::Shape::matrix(1, 1), dl::DType::F32, dl::Device::CUDA);
        dl::dot(ag, bg, cg);  // warm-up: the first launch loads the kernel
        t.gpu_ms = best_ms([&] { dl::dot(ag, bg, cg); }, 3, 50, dl::Device::CUDA);
        t.gpu_value = cg.at(0, 0);
    }
    (void)sink;
    return t;
}

}  // namespace ch03
