/// @file softmax_regression.cpp
/// @brief Softmax regression on the kernels (see softmax_regression.hpp).
#include "softmax_regression.hpp"

#include <cmath>

#include "cli/progress.hpp"
#include "core/eigen_view.hpp"
#include "core/rng.hpp"
#include "data/dataset.hpp"
#include "exercises/ch02.hpp"
#include "kernels/bias.hpp"
#include "kernels/matmul.hpp"
#include "kernels/reduce.hpp"
#include "kernels/sgd.hpp"
#include "kernels/softmax.hpp"

namespace ch02 {

using dl::Shape;
using dl::Tensor;

SoftmaxResult train_softmax(const Tensor& X, const std::vector<int>& y, int classes, double lr,
                            int epochs, int batch, uint64_t seed, dl::Device device,
                            bool progress) {
    const int64_t n = X.rows(), m = X.cols(), K = classes;
    DL_CHECK(m > 0, "softmax regression: the training set is empty (it needs at least one sample)");
    DL_CHECK(batch > 0, "softmax regression: the batch size must be > 0, got ", batch);
    dl::Rng rng(seed);
    SoftmaxResult r;
    r.model.W = Tensor::zeros(Shape::matrix(K, n), dl::DType::F32, device);
    r.model.b = Tensor::zeros(Shape::column(K), dl::DType::F32, device);
    Tensor& W = r.model.W;
    Tensor& b = r.model.b;
    Tensor dW(W.shape(), dl::DType::F32, device), db(b.shape(), dl::DType::F32, device);
    dl::Progress bar(epochs, "softmax regression", progress);
    for (int epoch = 0; epoch < epochs; ++epoch) {
        // Shuffle the samples, then walk through them in mini-batches.
        std::vector<int64_t> order = rng.permutation(m);
        dl::Dataset all;
        all.X = X;
        all.y = y;
        all.classes = classes;
        const dl::Dataset shuffled = dl::select(all, order);
        const Tensor Xs = shuffled.X.to(device);
        const Tensor Ys = dl::one_hot(shuffled.y, classes).to(device);
        double cost = 0.0;
        for (int64_t s = 0; s < m; s += batch) {
            const int64_t e = std::min<int64_t>(m, s + batch), mb = e - s;
            const Tensor Xb = Xs.slice_cols(s, e), Yb = Ys.slice_cols(s, e);
            Tensor Z(Shape::matrix(K, mb), dl::DType::F32, device);
            Tensor A(Z.shape(), dl::DType::F32, device), L(Shape::row(mb), dl::DType::F32, device);
            //! [softmax_step]
            dl::matmul(W, Xb, Z);                            // Z = W·X         (K x mb)
            dl::add_bias(Z, b);                              //   + b           (broadcast)
            dl::softmax_cross_entropy(Z, Yb, A, L, Z);       // A, L; dZ = A − Y written into Z
            dl::matmul(Z, Xb, dW, dl::Trans::N, dl::Trans::T, 1.0f / float(mb));  // dW = dZ·Xᵀ/m
            dl::row_means(Z, db);                            // db = (1/m) Σ_j dZ(:, j)
            dl::sgd_update(W, dW, static_cast<float>(lr));   // W ← W − α·dW
            dl::sgd_update(b, db, static_cast<float>(lr));   // b ← b − α·db
            //! [softmax_step]
            for (double v : L.values()) cost += v;
        }
        cost /= static_cast<double>(m);
        DL_CHECK(std::isfinite(cost), "softmax regression diverged in epoch ", epoch + 1,
                 ": lower --lr (now ", lr, ")");
        r.train_cost.push_back(cost);
        bar.update(epoch + 1, dl::cat("J ", cost));
    }
    bar.finish(dl::cat("J ", r.train_cost.empty() ? 0.0 : r.train_cost.back()));
    return r;
}

std::vector<int> predict_softmax(const SoftmaxModel& model, const Tensor& X) {
    const dl::Device device = model.W.device();
    const Tensor Xd = X.to(device);
    Tensor Z(Shape::matrix(model.W.rows(), X.cols()), dl::DType::F32, device);
    dl::matmul(model.W, Xd, Z);
    dl::add_bias(Z, model.b);
    const dl::Matrix z = dl::to_eigen<float>(Z);
    std::vector<int> out(static_cast<std::size_t>(z.cols()));
    for (Eigen::Index j = 0; j < z.cols(); ++j) {
        Eigen::Index k;
        z.col(j).maxCoeff(&k);
        out[static_cast<std::size_t>(j)] = static_cast<int>(k);
    }
    return out;
}

std::vector<double> softmax_probabilities(const SoftmaxModel& model, const Tensor& X, int64_t j) {
    const dl::MatrixD W = dl::to_eigen<double>(model.W);
    const dl::MatrixD b = dl::to_eigen<double>(model.b);
    const dl::MatrixD x = dl::to_eigen<double>(X.slice_cols(j, j + 1));
    const dl::MatrixD a = dl::exercises::softmax(W * x + b);  // the chapter's exercise
    return std::vector<double>(a.data(), a.data() + a.size());
}

}  // namespace ch02
