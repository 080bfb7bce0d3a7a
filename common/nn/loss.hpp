/// @file loss.hpp
/// @brief The losses (损失函数) a model is trained on, and the gradient each hands the model.
///
/// A loss compares the model's output Z (the logits) with the targets Y, both K x m, and gives
///
///     A  = what the model predicts, as the lecture reads it (probabilities, or Z itself)
///     L  = the per-sample losses, 1 x m;   the cost is J = (1/m)·Σ_j L(j)
///     dZ = ∂J/∂Z, K x m — with the 1/m, so the model's backward pass is the plain chain rule
///
/// | loss                  | A            | L(j)                                  | dZ             |
/// |-----------------------|--------------|---------------------------------------|----------------|
/// | SoftmaxCrossEntropy   | softmax(Z)   | −Σ_k Y(k,j)·log A(k,j)                | (A − Y)/m      |
/// | BinaryCrossEntropy    | σ(Z)         | Σ_k softplus(Z) − Y⊙Z  (−[y log a + (1−y) log(1−a)]) | (A − Y)/m |
/// | MeanSquaredError      | Z            | Σ_k (Z(k,j) − Y(k,j))²                | 2(Z − Y)/m     |
///
/// The cross-entropies are computed from the logits (log-sum-exp, softplus), never as log of a
/// rounded probability, so logits of ±1000 give finite losses (kernels/softmax.hpp, bce.hpp).
/// Pairing softmax with cross-entropy (and σ with binary cross-entropy) is what makes the
/// gradient the lecture's simple A − Y: the exponentials cancel against the logarithm.
///
/// Every buffer is allocated once by reserve() for the largest batch.
#pragma once

#include <memory>
#include <string>

#include "layer.hpp"

namespace dl::nn {

class Loss {
public:
    virtual ~Loss() = default;
    /// "softmax_cross_entropy", "binary_cross_entropy", "mse".
    virtual const char* name() const = 0;
    /// Whether "accuracy" means something for this loss (the share of argmax hits, or of
    /// probabilities on the right side of ½ for one output); not for regression.
    virtual bool has_accuracy() const { return true; }

    /// Allocates A, L and dZ for outputs up to shape `out` (out.cols() is the largest batch).
    void reserve(const Shape& out, const Context& ctx);
    /// Computes A, L and dZ for the model's output Z against the targets Y (Z's shape).
    void forward(const Tensor& Z, const Tensor& Y);

    /// The results of the last forward(), at its batch size.
    const Tensor& A() const { return A_view_; }
    const Tensor& L() const { return L_view_; }
    const Tensor& dZ() const { return dZ_view_; }
    /// J = (1/m)·Σ_j L(j) of the last forward(), read on the host (tests, gradient checks).
    double cost() const;

protected:
    /// Fills A, L (1 x m) and dZ = ∂J/∂Z for Z, Y (all views at the current batch).
    virtual void compute(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L, Tensor& dZ) = 0;
    Tensor tmp_;  // K x m scratch for the losses that sum over rows

private:
    Tensor A_, L_, dZ_;
    Tensor A_view_, L_view_, dZ_view_;
};

/// Softmax over the K rows of each column with cross-entropy against one-hot (or any
/// probability) targets: multi-class classification.
class SoftmaxCrossEntropy : public Loss {
public:
    const char* name() const override { return "softmax_cross_entropy"; }

protected:
    void compute(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L, Tensor& dZ) override;
};

/// σ of each logit with binary cross-entropy against targets in [0, 1]: two classes (one
/// output), or K independent yes/no outputs (a GAN's discriminator, multi-label).
class BinaryCrossEntropy : public Loss {
public:
    const char* name() const override { return "binary_cross_entropy"; }

protected:
    void compute(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L, Tensor& dZ) override;
};

/// Squared error summed over the outputs of a sample: regression (the adding problem).
class MeanSquaredError : public Loss {
public:
    const char* name() const override { return "mse"; }
    bool has_accuracy() const override { return false; }

protected:
    void compute(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L, Tensor& dZ) override;
};

/// A loss by name ("softmax_cross_entropy", "binary_cross_entropy", "mse"); throws
/// dl::UsageError naming the value otherwise.
std::unique_ptr<Loss> make_loss(const std::string& name);

}  // namespace dl::nn
