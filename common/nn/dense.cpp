/// @file dense.cpp
/// @brief The dense layer's forward and backward passes (see dense.hpp), on dl::matmul,
/// dl::add_bias and dl::row_sums.
#include "dense.hpp"

#include "../kernels/axpby.hpp"
#include "../kernels/bias.hpp"
#include "../kernels/matmul.hpp"
#include "../kernels/reduce.hpp"

namespace dl::nn {

Dense::Dense(int64_t units, Init init) : units_(units), init_(init) {
    DL_CHECK(units > 0, "Dense: the number of units must be > 0, got ", units);
}

std::string Dense::describe() const {
    return cat("Dense ", units_, " (", init_name(init_), ")", ops_.forward ? " [your code]" : "");
}

Shape Dense::out_shape(const Shape& in) const {
    DL_CHECK(in_ == 0 || in.rows() == in_, "Dense '", name(), "' was built for ", in_,
             " inputs per sample, got ", in.str());
    return Shape::matrix(units_, in.cols());
}

void Dense::declare(const Shape& in, ParamStore& params) {
    in_ = in.rows();
    DL_CHECK(in_ > 0, "Dense '", name(), "': the input ", in.str(), " has no features");
    W_ = &params.add(name() + ".W", Shape::matrix(units_, in_), Fill::random(init_), true);
    b_ = &params.add(name() + ".b", Shape::column(units_), Fill::constant(0.0), false);
}

void Dense::reserve(const Shape& in, const Context& ctx) {
    (void)in;
    db_tmp_ = Tensor(Shape::column(units_), ctx.dtype, ctx.device);
    if (ops_.backward) {
        dW_ops_ = Tensor(W_->shape, ctx.dtype, ctx.device);
        db_ops_ = Tensor(b_->shape, ctx.dtype, ctx.device);
    }
}

void Dense::set_ops(const DenseOps& ops) {
    DL_CHECK(ops.forward && ops.backward, "Dense::set_ops: both functions are needed");
    DL_CHECK(W_ == nullptr, "Dense::set_ops: set the ops before the model is built");
    ops_ = ops;
}

//! [dense_forward]
void Dense::forward(const Tensor& x, Tensor& y, const Pass& pass) {
    (void)pass;
    if (ops_.forward) return ops_.forward(W_->value, b_->value, x, y);
    matmul(W_->value, x, y);  // Z = W·A_prev        (n[l] x m; x seen as its matrix view)
    add_bias(y, b_->value);   // Z(:, j) += b         (broadcast over the m columns)
}
//! [dense_forward]

//! [dense_backward]
void Dense::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)y;
    if (ops_.backward) {
        // The lecture's per-sample functions: their (1/m)·dZ·A_prevᵀ with dZ = ∂J/∂Z is
        // 1/m of the gradient, so m times it is added.
        const double m = static_cast<double>(dy.cols());
        ops_.backward(dy, x, W_->value, dW_ops_, db_ops_, dx);
        axpby(m, dW_ops_, 1.0, W_->grad);
        axpby(m, db_ops_, 1.0, b_->grad);
        return;
    }
    matmul(dy, x, W_->grad, Trans::N, Trans::T, 1.0, 1.0);  // dW += dZ·A_prevᵀ
    row_sums(dy, db_tmp_);                                  // Σ_j dZ(:, j)
    axpby(1.0, db_tmp_, 1.0, b_->grad);                     // db += Σ_j dZ(:, j)
    if (dx) matmul(W_->value, dy, *dx, Trans::T, Trans::N);  // dA_prev = Wᵀ·dZ
}
//! [dense_backward]

}  // namespace dl::nn
