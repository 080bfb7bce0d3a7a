/// @file batchnorm.hpp
/// @brief Batch normalisation (批量归一化) per channel, forward and backward, on a tensor seen
/// as (inner, channels, outer).
///
/// One kernel serves both batch norms of the course, because both normalise each *channel*
/// over every other element of the batch:
///
/// | layer        | tensor            | inner | channels | outer |
/// |--------------|-------------------|-------|----------|-------|
/// | BatchNorm    | Z: [n x m]        | 1     | n        | m     |
/// | BatchNorm2d  | [W x H x C x N]   | H·W   | C        | N     |
///
/// Element (i, c, o) sits at i + inner·(c + channels·o): the memory order of both layouts, so no
/// number moves. Channel c has N = inner·outer elements x_k, and (training)
///
///     μ_c  = (1/N) Σ_k x_k                        σ²_c = (1/N) Σ_k (x_k − μ_c)²
///     x̂_k  = (x_k − μ_c) / √(σ²_c + ε)            y_k  = γ_c·x̂_k + β_c
///
/// and the running averages that evaluation uses are updated with the lecture's exponentially
/// weighted average, β_avg = 1 − momentum (0.9 for the usual momentum 0.1):
///
///     running_mean ← (1 − momentum)·running_mean + momentum·μ_c
///     running_var  ← (1 − momentum)·running_var  + momentum·σ²_c·N/(N − 1)
///
/// (the unbiased variance, as Ioffe & Szegedy 2015 and PyTorch use for inference; σ²_c itself
/// when N = 1). In evaluation μ and σ² are the running averages, so y is a fixed affine map of x.
///
/// Backward, with dy = ∂J/∂y (γ and β *add* their gradients, dx is assigned):
///
///     dβ_c += Σ_k dy_k                 dγ_c += Σ_k dy_k·x̂_k
///     training:    dx_k = γ_c/√(σ²_c+ε) · (dy_k − (1/N)·Σ dy − x̂_k·(1/N)·Σ dy·x̂)
///     evaluation:  dx_k = γ_c/√(σ²_c+ε) · dy_k
///
/// The training formula has the two extra terms because μ and σ² depend on every x_k of the
/// channel: the batch's statistics are part of the function being differentiated.
///
/// Twins: batchnorm_cpu.cpp (per channel, runs of `inner` contiguous elements, sums in double
/// across runs), batchnorm_cuda.cu (one block per channel for the sums, one thread per element
/// for the rest). Tests: tests/nn/test_batchnorm.cpp.
///
/// Shapes: X, Y, dY, dX have inner·channels·outer elements; γ, β, mean, inv_std, running_mean,
/// running_var have `channels` elements; sums has 2·channels. Y may be X and dX may be dY.
#pragma once

#include "dispatch.hpp"

namespace dl {

/// How a tensor is seen for per-channel statistics: (inner, channels, outer).
struct ChannelView {
    int64_t inner = 1, channels = 0, outer = 0;
    /// Elements per channel, N = inner·outer.
    int64_t per_channel() const { return inner * outer; }
    int64_t numel() const { return inner * channels * outer; }
};

/// Settings of a batch-norm pass.
struct BatchNormSettings {
    bool training = true;   ///< batch statistics (true) or the running averages (false)
    double eps = 1e-5;      ///< ε under the square root
    double momentum = 0.1;  ///< weight of the new batch in the running averages (1 − β_avg)
};

namespace cpu {
void batchnorm_forward(const Tensor& X, const Tensor& gamma, const Tensor& beta,
                       const ChannelView& v, const BatchNormSettings& s, Tensor& Y, Tensor& mean,
                       Tensor& inv_std, Tensor& running_mean, Tensor& running_var);
void batchnorm_backward(const Tensor& dY, const Tensor& X, const Tensor& gamma,
                        const Tensor& mean, const Tensor& inv_std, const ChannelView& v,
                        bool training, Tensor* dX, Tensor& dgamma, Tensor& dbeta, Tensor& sums);
}  // namespace cpu
namespace cuda {
void batchnorm_forward(const Tensor& X, const Tensor& gamma, const Tensor& beta,
                       const ChannelView& v, const BatchNormSettings& s, Tensor& Y, Tensor& mean,
                       Tensor& inv_std, Tensor& running_mean, Tensor& running_var);
void batchnorm_backward(const Tensor& dY, const Tensor& X, const Tensor& gamma,
                        const Tensor& mean, const Tensor& inv_std, const ChannelView& v,
                        bool training, Tensor* dX, Tensor& dgamma, Tensor& dbeta, Tensor& sums);
}  // namespace cuda

namespace detail {
inline void check_bn_channels(const char* op, const ChannelView& v,
                              std::initializer_list<std::pair<const char*, const Tensor*>> ts) {
    for (const auto& [name, t] : ts)
        DL_CHECK(t->numel() == v.channels, op, ": ", name, " must have one element per channel (",
                 v.channels, "), got ", t->shape().str());
}
inline void check_bn_view(const char* op, const ChannelView& v, const Tensor& X) {
    DL_CHECK(v.inner >= 1 && v.channels >= 1 && v.outer >= 1, op,
             ": the view (inner ", v.inner, ", channels ", v.channels, ", outer ", v.outer,
             ") needs every part >= 1");
    DL_CHECK(X.numel() == v.numel(), op, ": a tensor of ", X.numel(), " elements ",
             X.shape().str(), " is not (inner ", v.inner, " x channels ", v.channels,
             " x outer ", v.outer, ")");
}
}  // namespace detail

/// Forward pass: Y = γ·x̂ + β per channel. Training: mean, inv_std ← the batch's μ and
/// 1/√(σ² + ε) (kept for the backward pass), running averages updated. Evaluation: mean,
/// inv_std ← the running averages' (running tensors unchanged).
inline void batchnorm_forward(const Tensor& X, const Tensor& gamma, const Tensor& beta,
                              const ChannelView& v, const BatchNormSettings& s, Tensor& Y,
                              Tensor& mean, Tensor& inv_std, Tensor& running_mean,
                              Tensor& running_var) {
    const char* op = "batchnorm_forward";
    check_same_device(op, {&X, &gamma, &beta, &Y, &mean, &inv_std, &running_mean, &running_var});
    check_same_dtype(op, {&X, &gamma, &beta, &Y, &mean, &inv_std, &running_mean, &running_var});
    check_float_dtype(op, X);
    detail::check_bn_view(op, v, X);
    DL_CHECK(Y.numel() == X.numel(), op, ": Y ", Y.shape().str(), " must have X's ", X.numel(),
             " elements");
    detail::check_bn_channels(op, v, {{"gamma", &gamma}, {"beta", &beta}, {"mean", &mean},
                                      {"inv_std", &inv_std}, {"running_mean", &running_mean},
                                      {"running_var", &running_var}});
    DL_CHECK(s.eps > 0 && s.momentum >= 0 && s.momentum <= 1, op, ": expected eps > 0 and "
             "momentum in [0, 1], got eps ", s.eps, ", momentum ", s.momentum);
    DL_DISPATCH(X.device(), batchnorm_forward, X, gamma, beta, v, s, Y, mean, inv_std,
                running_mean, running_var);
}

/// Backward pass for the last forward (its mean and inv_std, and whether it trained):
/// dγ += Σ dy·x̂, dβ += Σ dy, and dX as above unless dX is null. `sums` (2·channels elements)
/// receives Σ dy (first `channels`) and Σ dy·x̂ (the next `channels`).
inline void batchnorm_backward(const Tensor& dY, const Tensor& X, const Tensor& gamma,
                               const Tensor& mean, const Tensor& inv_std, const ChannelView& v,
                               bool training, Tensor* dX, Tensor& dgamma, Tensor& dbeta,
                               Tensor& sums) {
    const char* op = "batchnorm_backward";
    check_same_device(op, {&dY, &X, &gamma, &mean, &inv_std, &dgamma, &dbeta, &sums});
    check_same_dtype(op, {&dY, &X, &gamma, &mean, &inv_std, &dgamma, &dbeta, &sums});
    check_float_dtype(op, X);
    detail::check_bn_view(op, v, X);
    DL_CHECK(dY.numel() == X.numel(), op, ": dY ", dY.shape().str(), " must have X's ",
             X.numel(), " elements");
    if (dX) {
        check_same_device(op, {&X, dX});
        check_same_dtype(op, {&X, dX});
        DL_CHECK(dX->numel() == X.numel(), op, ": dX ", dX->shape().str(), " must have X's ",
                 X.numel(), " elements");
    }
    detail::check_bn_channels(op, v, {{"gamma", &gamma}, {"mean", &mean}, {"inv_std", &inv_std},
                                      {"dgamma", &dgamma}, {"dbeta", &dbeta}});
    DL_CHECK(sums.numel() == 2 * v.channels, op, ": sums must have 2·channels = ",
             2 * v.channels, " elements, got ", sums.shape().str());
    DL_DISPATCH(X.device(), batchnorm_backward, dY, X, gamma, mean, inv_std, v, training, dX,
                dgamma, dbeta, sums);
}

}  // namespace dl
