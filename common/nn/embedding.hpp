/// @file embedding.hpp
/// @brief dl::nn::Embedding: symbol ids in, one learned vector per symbol out (词嵌入).
///
/// For a vocabulary of V symbols and D dimensions, E (D x V) holds symbol v's vector in column
/// v. The input is a 1 x N row of ids (time-major for sequences: column t·B + b, as for the
/// recurrent layers), the output the D x N matrix of their vectors:
///
///     forward:   y(:, j) = E(:, id_j)                 = E·onehot(id_j), without the product
///     backward:  dE(:, id_j) += dy(:, j)              a scatter-add (kernels/embedding.hpp)
///
/// Ids are not differentiable: dx, when asked for, is set to 0. Feeding a character as a
/// one-hot column of V numbers to the first LSTM layer would compute the same W_x·onehot with
/// V times the arithmetic; the embedding is that product's fast form, and lets D be chosen
/// apart from V.
///
/// Ids arrive as floating-point numbers (tensors of the course are float32 or float64; every id
/// below 2^24 is exact) and must be whole numbers in [0, V): the CPU kernel names a bad one.
/// E starts as N(0, 1), like PyTorch's nn.Embedding; it is subject to weight decay.
#pragma once

#include "layer.hpp"
#include "param_store.hpp"

namespace dl::nn {

class Embedding : public Layer {
public:
    Embedding(int64_t vocab, int64_t dim);

    const char* kind() const override { return "Embedding"; }
    std::string describe() const override;
    /// 1 x N ids → D x N.
    Shape out_shape(const Shape& in) const override;
    void declare(const Shape& in, ParamStore& params) override;
    void forward(const Tensor& x, Tensor& y, const Pass& pass) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;

    int64_t vocab() const { return V_; }
    int64_t dim() const { return D_; }
    Param& E() { return *E_; }

private:
    int64_t V_, D_;
    Param* E_ = nullptr;
};

}  // namespace dl::nn
