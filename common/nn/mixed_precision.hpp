/// @file mixed_precision.hpp
/// @brief Mixed-precision training (混合精度训练): a model that computes in float16 or bfloat16,
/// float32 master weights (主权重) in a second flat buffer at the same offsets, and dynamic loss
/// scaling.
///
/// The model is an ordinary nn::Model built with Context{device, DType::F16} (or BF16): its
/// layers keep their activations and caches in 16 bits, its ParamStore holds the 16-bit
/// *compute copy* of the weights and their 16-bit gradients, and every GEMM multiplies 16-bit
/// inputs with float32 products and sums (dl::matmul's 16-bit twin: cuBLAS GemmEx on the GPU).
/// The trainer keeps a second ParamStore in float32 with the same parameters declared in the
/// same order, so the two flat buffers have the same layout — the same offsets index both:
///
///     model (fp16):   values | dense1.W | dense2.W | … |   grads | d dense1.W | …
///     master (fp32):  values | dense1.W | dense2.W | … |   grads | d dense1.W | …
///
/// and the optimizer (any of optimizer.hpp) updates the float32 master. One training step:
///
///     X ← fp16(batch)                                   (dl::cast)
///     every dW ← 0
///     Z ← model(X)                                      (fp16 activations, fp32 sums)
///     L, dZ ← loss(fp32(Z), Y)                          (the loss in float32)
///     dZ16 ← fp16(S · dZ)                               (loss scaling: S from the LossScaler)
///     every dW16 += ∂(S·J)/∂W                           (the backward pass in fp16)
///     g ← dW16 / S, found_inf                           (dl::unscale_check → fp32 master grads)
///     if found_inf: skip the update, S ← S / 2          (LossScaler::update)
///     else:         master ← optimizer(master, g);  W16 ← fp16(master)
///
/// Why each piece (Micikevicius et al., "Mixed Precision Training", ICLR 2018):
/// - float32 master weights: an update smaller than half a unit of float16 at the weight's
///   size (w = 1: below 2⁻¹¹) would round away if the weights were only float16;
/// - loss scaling: gradients below 2⁻²⁴ underflow to 0 in float16; S moves them up;
/// - float32 sums in GEMMs and reductions: K products added in float16 lose log2(K) bits.
///
/// The layers whose kernels have 16-bit twins — Dense, the activations, Flatten, Sequential,
/// Residual — run this way; a layer with saved buffers (batch norm) or other kernels is
/// refused with its name, until its kernels get 16-bit twins too.
#pragma once

#include <memory>
#include <vector>

#include "loss_scaler.hpp"
#include "trainer.hpp"

namespace dl::nn {

/// Declares the parameters of `src` (names, shapes, initialisations, flags) into `dst`, in the
/// same order, and allocates `dst` on ctx: the same layout, so the same offsets.
void mirror_params(const ParamStore& src, ParamStore& dst, const Context& ctx);

/// What an epoch of mixed-precision training adds to the Trainer's record.
struct AmpEpochRecord {
    EpochRecord record;
    double scale = 0;         ///< the loss scale at the end of the epoch
    int64_t skipped = 0;      ///< updates skipped in this epoch (an inf/NaN gradient)
};

class MixedPrecisionTrainer {
public:
    /// `model` must be built in float16 or bfloat16; the optimizer of `kind` (learning rate lr)
    /// is built on the float32 master store. Allocates every buffer of the loop.
    MixedPrecisionTrainer(Model& model, Loss& loss, OptimizerKind kind, double lr,
                          const DataSource& train, TrainOptions options,
                          LossScalerOptions scaling = {}, const OptimizerSettings& settings = {},
                          LossScaler::Rule rule = nullptr);

    /// Draws the float32 master weights (ParamStore::initialize) and copies them, rounded, into
    /// the model: the same seed gives the same master weights as a float32 model.
    void initialize(Rng& rng);
    /// Copies the master weights, rounded, into the model's compute copy (after changing them).
    void sync_weights();

    /// One training step on a batch (X float32 on the model's device, Y the targets): returns
    /// true when the update was applied, false when it was skipped.
    bool step(const Tensor& X, const Tensor& Y, uint64_t step_index);

    AmpEpochRecord train_epoch();
    EvalResult evaluate(const DataSource& data);
    const std::vector<AmpEpochRecord>& fit(int epochs, const DataSource* val = nullptr);

    Model& model() { return model_; }
    ParamStore& master() { return master_; }
    Optimizer& optimizer() { return *opt_; }
    LossScaler& scaler() { return scaler_; }
    const std::vector<AmpEpochRecord>& history() const { return history_; }
    void set_epochs_planned(int n) { planned_ = n; }

private:
    void forward_loss(const Tensor& X32, const Tensor& Y, const Pass& pass);

    Model& model_;
    Loss& loss_;
    ParamStore master_;
    std::unique_ptr<Optimizer> opt_;
    const DataSource& train_;
    TrainOptions o_;
    LossScaler scaler_;
    Rng rng_;
    int epoch_ = 0, planned_ = 0;
    Tensor X32_, Y_, X16_, Z32_, dZ16_, acc_, found_inf_, clip_scratch_;
    DeviceArray<int32_t> order_, eval_order_;
    std::vector<int32_t> host_order_;
    std::vector<AmpEpochRecord> history_;
};

}  // namespace dl::nn
