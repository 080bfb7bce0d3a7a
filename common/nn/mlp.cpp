/// @file mlp.cpp
/// @brief The L-layer network's forward and backward passes (see mlp.hpp).
#include "mlp.hpp"

#include "../kernels/softmax.hpp"

namespace dl::nn {

Mlp::Mlp(std::vector<int64_t> sizes, Activation hidden, Device device, DType dtype,
         int64_t max_batch, float leaky_alpha)
    : sizes_(std::move(sizes)), hidden_(hidden), device_(device), dtype_(dtype),
      alpha_(leaky_alpha) {
    DL_CHECK(sizes_.size() >= 2, "Mlp: needs at least an input and an output size, got ",
             sizes_.size(), " sizes");
    for (int64_t n : sizes_) DL_CHECK(n > 0, "Mlp: layer sizes must be > 0, got ", n);
    DL_CHECK(max_batch > 0, "Mlp: max_batch must be > 0, got ", max_batch);
    const int L = static_cast<int>(sizes_.size()) - 1;
    layers_.resize(L);
    for (int l = 1; l <= L; ++l) {
        Layer& ly = layers_[l - 1];
        const int64_t n = sizes_[l], n_prev = sizes_[l - 1];
        ly.W = Tensor::zeros(Shape::matrix(n, n_prev), dtype, device);  // W[l]: n[l] x n[l−1]
        ly.b = Tensor::zeros(Shape::column(n), dtype, device);          // b[l]: n[l] x 1
        ly.dW = Tensor::zeros(ly.W.shape(), dtype, device);
        ly.db = Tensor::zeros(ly.b.shape(), dtype, device);
    }
    reserve(max_batch);
}

void Mlp::reserve(int64_t m) {
    if (m <= capacity_) return;
    for (int l = 1; l <= num_layers(); ++l) {
        Layer& ly = layers_[l - 1];
        const Shape s = Shape::matrix(sizes_[l], m);
        ly.Z = Tensor(s, dtype_, device_);
        ly.A = Tensor(s, dtype_, device_);
        ly.dZ = Tensor(s, dtype_, device_);
        ly.dA = Tensor(s, dtype_, device_);
    }
    L_ = Tensor(Shape::row(m), dtype_, device_);
    capacity_ = m;
}

Mlp::Layer& Mlp::layer(int l) {
    DL_CHECK(l >= 1 && l <= num_layers(), "Mlp: layer ", l, " outside 1 … ", num_layers());
    return layers_[l - 1];
}
const Mlp::Layer& Mlp::layer(int l) const {
    DL_CHECK(l >= 1 && l <= num_layers(), "Mlp: layer ", l, " outside 1 … ", num_layers());
    return layers_[l - 1];
}

void Mlp::init(Init init, Rng& rng) {
    for (auto& ly : layers_) {
        init_weights(ly.W, init, rng);
        ly.b.fill(0.0);
    }
}

int64_t Mlp::num_parameters() const {
    int64_t n = 0;
    for (const auto& ly : layers_) n += ly.W.numel() + ly.b.numel();
    return n;
}

std::vector<Param> Mlp::params() {
    std::vector<Param> p;
    for (int l = 1; l <= num_layers(); ++l) {
        Layer& ly = layers_[l - 1];
        p.push_back({"W" + std::to_string(l), &ly.W, &ly.dW});
        p.push_back({"b" + std::to_string(l), &ly.b, &ly.db});
    }
    return p;
}

std::string Mlp::describe() const {
    std::string s;
    for (std::size_t i = 0; i < sizes_.size(); ++i) s += (i ? "-" : "") + std::to_string(sizes_[i]);
    return s + " " + activation_name(hidden_);
}

//! [mlp_forward]
void Mlp::run_forward(const Tensor& X) {
    DL_CHECK(X.rows() == sizes_[0], "Mlp ", describe(), ": X must have ", sizes_[0],
             " rows (features), got ", X.shape().str());
    reserve(X.cols());
    m_ = X.cols();
    const int L = num_layers();
    Tensor A_prev = X;  // A[0] = X
    for (int l = 1; l <= L; ++l) {
        Layer& ly = layers_[l - 1];
        Tensor Z = ly.Z.slice_cols(0, m_);
        ops_.forward(ly.W, ly.b, A_prev, Z);  // Z[l] = W[l]·A[l−1] + b[l]
        if (l < L) {
            Tensor A = ly.A.slice_cols(0, m_);
            activation_forward(hidden_, Z, A, alpha_);  // A[l] = g(Z[l])
            A_prev = A;
        }
    }
}
//! [mlp_forward]

Tensor Mlp::forward(const Tensor& X) {
    run_forward(X);
    Layer& out = layers_.back();
    Tensor A = out.A.slice_cols(0, m_);
    softmax(out.Z.slice_cols(0, m_), A);  // A[L] = softmax(Z[L])
    return A;
}

Tensor Mlp::forward_loss(const Tensor& X, const Tensor& Y) {
    run_forward(X);
    const int L = num_layers();
    DL_CHECK(Y.rows() == sizes_[L] && Y.cols() == m_, "Mlp ", describe(), ": Y must be [",
             sizes_[L], " x ", m_, "], got ", Y.shape().str());
    Tensor loss = L_.slice_cols(0, m_);
    // A[L] = softmax(Z[L]), L(j) = −Σ_k Y log A[L], dZ[L] = A[L] − Y.
    Layer& out = layers_.back();
    Tensor A = out.A.slice_cols(0, m_), dZ = out.dZ.slice_cols(0, m_);
    softmax_cross_entropy(out.Z.slice_cols(0, m_), Y, A, loss, dZ);
    return loss;
}

//! [mlp_backward]
Tensor Mlp::forward_backward(const Tensor& X, const Tensor& Y) {
    Tensor loss = forward_loss(X, Y);  // forward, A[L], L and dZ[L] = A[L] − Y
    const int L = num_layers();
    for (int l = L; l >= 1; --l) {
        Layer& ly = layers_[l - 1];
        Tensor dZ = ly.dZ.slice_cols(0, m_);
        if (l < L) {
            // dZ[l] = dA[l] ⊙ g'(Z[l])
            Tensor Z = ly.Z.slice_cols(0, m_), dA = ly.dA.slice_cols(0, m_);
            if (hidden_ == Activation::ReLU)
                ops_.relu_backward(dA, Z, dZ);
            else
                activation_backward(hidden_, Z, dA, dZ, alpha_);
        }
        const Tensor A_prev = l > 1 ? layers_[l - 2].A.slice_cols(0, m_) : X;
        if (l > 1) {
            Tensor dA_prev = layers_[l - 2].dA.slice_cols(0, m_);
            // dW[l] = (1/m)·dZ[l]·A[l−1]ᵀ, db[l] = (1/m)·Σ dZ[l], dA[l−1] = W[l]ᵀ·dZ[l]
            ops_.backward(dZ, A_prev, ly.W, ly.dW, ly.db, &dA_prev);
        } else {
            ops_.backward(dZ, A_prev, ly.W, ly.dW, ly.db, nullptr);  // no gradient for X
        }
    }
    return loss;
}
//! [mlp_backward]

}  // namespace dl::nn
