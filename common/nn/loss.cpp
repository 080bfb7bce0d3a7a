/// @file loss.cpp
/// @brief The losses (see loss.hpp), each a composition of the course's kernel twins.
#include "loss.hpp"

#include "../kernels/axpby.hpp"
#include "../kernels/bce.hpp"
#include "../kernels/broadcast.hpp"
#include "../kernels/reduce.hpp"
#include "../kernels/softmax.hpp"

namespace dl::nn {

void Loss::reserve(const Shape& out, const Context& ctx) {
    A_ = Tensor(out, ctx.dtype, ctx.device);
    dZ_ = Tensor(out, ctx.dtype, ctx.device);
    tmp_ = Tensor(out, ctx.dtype, ctx.device);
    L_ = Tensor(Shape::row(out.cols()), ctx.dtype, ctx.device);
}

void Loss::forward(const Tensor& Z, const Tensor& Y) {
    DL_CHECK(!A_.empty() || Z.empty(), name(), ": reserve() first");
    DL_CHECK(Y.shape() == Z.shape(), name(), ": the targets Y must have the output's shape ",
             Z.shape().str(), ", got ", Y.shape().str());
    A_view_ = A_.first(Z.shape());
    dZ_view_ = dZ_.first(Z.shape());
    L_view_ = L_.first(Shape::row(Z.cols()));
    compute(Z, Y, A_view_, L_view_, dZ_view_);
}

double Loss::cost() const {
    const auto v = L_view_.values();
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0.0 : s / double(v.size());
}

//! [softmax_xent]
void SoftmaxCrossEntropy::compute(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L,
                                  Tensor& dZ) {
    softmax_cross_entropy(Z, Y, A, L, dZ);  // A = softmax(Z), L(j), dZ = A − Y
    scale(dZ, 1.0 / double(Z.cols()));      // ∂J/∂Z = (A − Y)/m
}
//! [softmax_xent]

void BinaryCrossEntropy::compute(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L,
                                 Tensor& dZ) {
    if (Z.rows() == 1) {
        Tensor L1 = L.reshape(Z.shape());
        bce_with_logits(Z, Y, A, L1, dZ);  // A = σ(Z), L = softplus(Z) − Y⊙Z, dZ = A − Y
    } else {
        Tensor per_output = tmp_.first(Z.shape());
        bce_with_logits(Z, Y, A, per_output, dZ);
        col_sums(per_output, L);  // L(j) = Σ_k over the outputs of sample j
    }
    scale(dZ, 1.0 / double(Z.cols()));
}

void MeanSquaredError::compute(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L,
                               Tensor& dZ) {
    axpby(1.0, Z, 0.0, A);                                    // A = Z (the prediction)
    broadcast_binary(BinaryOp::Subtract, Z, Y, dZ);           // D = Z − Y
    Tensor sq = tmp_.first(Z.shape());
    broadcast_binary(BinaryOp::Multiply, dZ, dZ, sq);         // D ⊙ D
    col_sums(sq, L);                                          // L(j) = Σ_k D(k, j)²
    scale(dZ, 2.0 / double(Z.cols()));                        // ∂J/∂Z = 2·D/m
}

std::unique_ptr<Loss> make_loss(const std::string& name) {
    if (name == "softmax_cross_entropy") return std::make_unique<SoftmaxCrossEntropy>();
    if (name == "binary_cross_entropy") return std::make_unique<BinaryCrossEntropy>();
    if (name == "mse") return std::make_unique<MeanSquaredError>();
    throw UsageError(cat("unknown loss '", name,
                         "': expected softmax_cross_entropy, binary_cross_entropy or mse"));
}

}  // namespace dl::nn
