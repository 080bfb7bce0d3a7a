/// @file sequence_loss.cpp
/// @brief The language model's loss (see sequence_loss.hpp).
#include "sequence_loss.hpp"

#include "../kernels/axpby.hpp"
#include "../kernels/reduce.hpp"
#include "../kernels/sequence_xent.hpp"

namespace dl::nn {

void SequenceCrossEntropy::reserve(int64_t K, int64_t max_positions, const Context& ctx) {
    DL_CHECK(K > 0 && max_positions > 0, "SequenceCrossEntropy: K and N must be > 0, got ", K,
             " and ", max_positions);
    L_ = Tensor(Shape::row(max_positions), ctx.dtype, ctx.device);
    dZ_ = Tensor(Shape::matrix(K, max_positions), ctx.dtype, ctx.device);
    sum_ = Tensor(Shape::matrix(1, 1), ctx.dtype, ctx.device);
}

//! [sequence_xent]
void SequenceCrossEntropy::forward(const Tensor& Z, const Tensor& ids) {
    DL_CHECK(!L_.empty(), "SequenceCrossEntropy: reserve() first");
    DL_CHECK(Z.rows() == dZ_.rows() && Z.cols() <= dZ_.cols(), "SequenceCrossEntropy: reserved for ",
             dZ_.rows(), " x ", dZ_.cols(), " logits, got ", Z.shape().str());
    const int64_t N = Z.cols();
    L_view_ = L_.first(Shape::row(N));
    dZ_view_ = dZ_.first(Shape::matrix(Z.rows(), N));
    softmax_cross_entropy_ids(Z, ids, L_view_, dZ_view_);  // L(j), dZ = softmax − onehot
    scale(dZ_view_, 1.0 / double(N));                       // ∂J/∂Z = (A − Y)/N
}
//! [sequence_xent]

double SequenceCrossEntropy::cost() const {
    if (L_view_.empty()) return 0.0;
    Tensor s = sum_;
    row_sums(L_view_, s, 1.0 / double(L_view_.cols()));  // the mean, on the device
    return s.at(0, 0);
}

}  // namespace dl::nn
