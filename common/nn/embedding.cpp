/// @file embedding.cpp
/// @brief The embedding layer (see embedding.hpp) on the lookup and scatter-add kernels.
#include "embedding.hpp"

#include "../kernels/embedding.hpp"

namespace dl::nn {

Embedding::Embedding(int64_t vocab, int64_t dim) : V_(vocab), D_(dim) {
    DL_CHECK(vocab > 0 && dim > 0, "Embedding: the vocabulary and the dimension must be > 0, got ",
             vocab, " and ", dim);
}

std::string Embedding::describe() const { return cat("Embedding ", V_, " → ", D_); }

Shape Embedding::out_shape(const Shape& in) const {
    DL_CHECK(in.rows() == 1, "Embedding '", name(), "' takes one id per column (1 x N), got ",
             in.str());
    return Shape::matrix(D_, in.cols());
}

void Embedding::declare(const Shape& in, ParamStore& params) {
    (void)out_shape(in);
    // N(0, 1): Xavier's √(1/n) with n = 1 (one symbol is on at a time).
    E_ = &params.add(name() + ".E", Shape::matrix(D_, V_), Fill::random(Init::Xavier, 1), true);
}

//! [embedding_layer]
void Embedding::forward(const Tensor& x, Tensor& y, const Pass& pass) {
    (void)pass;
    embedding_forward(E_->value, x, y);  // y(:, j) = E(:, id_j)
}

void Embedding::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)y;
    embedding_backward(x, dy, E_->grad);  // dE(:, id_j) += dy(:, j)
    if (dx) dx->fill(0.0);                // ids have no gradient
}
//! [embedding_layer]

}  // namespace dl::nn
