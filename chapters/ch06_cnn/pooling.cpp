/// @file pooling.cpp
/// @brief Pooling, backpropagation through convolutions, gradient checks (see pooling.hpp).
#include "pooling.hpp"

#include <cmath>
#include <cstdio>
#include <memory>

#include "exercises/ch06.hpp"
#include "kernels/conv2d.hpp"
#include "nn/batchnorm.hpp"
#include "nn/conv2d.hpp"
#include "nn/gradcheck.hpp"
#include "nn/models.hpp"
#include "nn/pool.hpp"

namespace ch06 {

using namespace dl;

namespace {

std::vector<std::vector<double>> rows_of(const Matrix& m) {
    std::vector<std::vector<double>> out;
    for (int64_t i = 0; i < m.rows(); ++i) {
        out.emplace_back();
        for (int64_t j = 0; j < m.cols(); ++j) out.back().push_back(m(i, j));
    }
    return out;
}

void print_matrix(const char* title, const Matrix& m) {
    std::printf("  %s\n", title);
    for (int64_t i = 0; i < m.rows(); ++i) {
        std::printf("     ");
        for (int64_t j = 0; j < m.cols(); ++j) std::printf(" %4g", double(m(i, j)));
        std::printf("\n");
    }
}

/// The H x W matrix as a one-image tensor [W x H x 1 x 1].
Tensor as_image(const Matrix& m) {
    const Matrix t = m.transpose();  // column-major W x H: row h of m is contiguous
    Tensor x(Shape::images(1, 1, m.rows(), m.cols()));
    std::copy(t.data(), t.data() + t.size(), x.data<float>());
    return x;
}
Matrix as_matrix(const Tensor& t) {
    return mat<float>(t.reshape(Shape::matrix(t.shape()[0], t.shape()[1]))).transpose();
}

}  // namespace

PoolingReport run_pooling(uint64_t seed) {
    PoolingReport r;
    std::printf("\n== 3. Pooling, and backpropagation through convolutions ==\n");
    //! [lecture_pooling]
    Matrix X(4, 4);  // lecture 001's example
    X << 1, 3, 2, 4,
         1, 3, 2, 4,
         5, 7, 6, 8,
         5, 7, 6, 8;
    const Matrix max_out = exercises::max_pool_forward(X, 2, 2);  // your loops: [3 4; 7 8]
    //! [lecture_pooling]
    nn::AvgPool2d avg(2);
    Tensor ya(avg.out_shape(as_image(X).shape()));
    avg.forward(as_image(X), ya, {});
    const Matrix avg_out = as_matrix(ya);
    // The library's max pooling must say the same.
    nn::MaxPool2d mp(2);
    Tensor ym(mp.out_shape(as_image(X).shape()));
    mp.forward(as_image(X), ym, {});
    print_matrix("input (lecture 001, 原始数据)", X);
    print_matrix("max pooling 2x2, stride 2 (最大值池化)", max_out);
    print_matrix("average pooling 2x2, stride 2 (均值池化)", avg_out);
    Matrix want_max(2, 2), want_avg(2, 2);
    want_max << 3, 4, 7, 8;
    want_avg << 2, 3, 6, 7;
    r.max_out = rows_of(max_out);
    r.avg_out = rows_of(avg_out);
    r.matches_lecture = max_out == want_max && avg_out == want_avg && as_matrix(ym) == want_max;
    std::printf("  %s the lecture's 3 4 / 7 8 and 2 3 / 6 7.\n",
                r.matches_lecture ? "Both match" : "MISMATCH with");

    Matrix dY(2, 2);
    dY << 1, 2, 3, 4;
    const Matrix dX = exercises::max_pool_backward(X, dY, 2, 2);
    r.max_grad = rows_of(dX);
    print_matrix("backward, dY = [1 2; 3 4]: each window's gradient to its (first) maximum", dX);
    std::printf("  Average pooling would give each input dY/4 of its window. Pooling has no "
                "parameters: nothing to learn, only f and s to choose.\n");

    // The gradient of a filter is itself a correlation of the input with dY.
    std::printf("\nBackpropagation through a convolution: dK(a, b) = Σ_ij dY(i, j)·Xp(i·s + a, "
                "j·s + b).\n");
    Rng rng(seed);
    ConvGeometry g;
    g.C = 1, g.H = 9, g.W = 8, g.F = 1, g.k = 3, g.stride = 2, g.pad = 1;
    Tensor x(g.input(1)), dy(g.output(1)), k(g.weight()), dk = Tensor::zeros(g.weight());
    rng.fill_normal(x);
    rng.fill_normal(dy);
    rng.fill_normal(k);
    conv2d_direct_backward(dy, x, k, g, nullptr, dk, nullptr);
    const Matrix mine = exercises::conv_weight_gradient(as_matrix(x), as_matrix(dy), 3, 2, 1);
    r.weight_grad_max_diff = double((mine - as_matrix(dk)).cwiseAbs().maxCoeff());
    std::printf("  9x8 image, 3x3 filter, stride 2, padding 1: your dK and the layer's differ by "
                "%.1e.\n", r.weight_grad_max_diff);

    // The residual block's shortcut: with W2 = 0 and b2 = 0 the block is ReLU(a[l]).
    Matrix A(3, 2), W1(2, 3), b1(2, 1);
    A << 1, 0.5, 2, 0, 0.25, 3;
    W1 << 1, -1, 0, 2, 0, 1;
    b1 << 0.5, -1;
    const Matrix A2 = exercises::residual_block_forward(A, W1, b1, Matrix::Zero(3, 2),
                                                        Matrix::Zero(3, 1));
    r.residual_identity = A2 == A;
    std::printf("\nThe residual block a[l+2] = g(z[l+2] + a[l]) with W[l+2] = 0, b[l+2] = 0 gives "
                "back a[l] (here: %s):\n  learning the identity is easy, so an added block cannot "
                "make the network worse (lecture 004: ResNets 为什么有用).\n",
                r.residual_identity ? "yes" : "NO");

    // Every layer of the chapter against two-sided differences, float64.
    std::printf("\nGradient checks (float64, two-sided differences; right when ≤ 1e-7):\n");
    struct Check {
        const char* what;
        std::unique_ptr<nn::Layer> layer;
        Shape in;
        bool training;
    };
    std::vector<Check> checks;
    checks.push_back({"Conv2d 3x3, stride 2, padding 1 (im2col)",
                      std::make_unique<nn::Conv2d>(3, 3, 2, 1), Shape::images(2, 2, 7, 5), false});
    checks.push_back({"Conv2d 3x3 same (direct loops)",
                      std::make_unique<nn::Conv2d>(2, 3, 1, 1, true, nn::ConvAlgo::Direct),
                      Shape::images(2, 2, 5, 6), false});
    checks.push_back({"MaxPool2d 3x3, stride 2, padding 1", std::make_unique<nn::MaxPool2d>(3, 2, 1),
                      Shape::images(2, 2, 7, 5), false});
    checks.push_back({"AvgPool2d 2x2", std::make_unique<nn::AvgPool2d>(2), Shape::images(2, 3, 4, 6),
                      false});
    checks.push_back({"GlobalAvgPool", std::make_unique<nn::GlobalAvgPool>(),
                      Shape::images(3, 4, 3, 5), false});
    checks.push_back({"BatchNorm2d (training)", std::make_unique<nn::BatchNorm2d>(),
                      Shape::images(3, 4, 3, 5), true});
    checks.push_back({"residual block, projection shortcut", nn::residual_block(2, 4, 2),
                      Shape::images(3, 2, 5, 6), true});
    for (auto& c : checks) {
        const nn::GradCheckResult res = nn::gradcheck_layer(*c.layer, c.in, seed + 7, nn::Pass{c.training});
        r.gradchecks.emplace_back(c.what, res.max_rel_error);
        r.gradcheck_max_rel_error = std::max(r.gradcheck_max_rel_error, res.max_rel_error);
        std::printf("  %-42s %9.1e %s\n", c.what, res.max_rel_error,
                    res.max_rel_error <= 1e-7 ? "right" : "WRONG");
    }
    return r;
}

Json to_json(const PoolingReport& r) {
    Json j = Json::object();
    auto matrix = [](const std::vector<std::vector<double>>& m) {
        Json a = Json::array();
        for (const auto& row : m) a.push_back(row);
        return a;
    };
    j["max_pool"] = matrix(r.max_out);
    j["avg_pool"] = matrix(r.avg_out);
    j["max_pool_backward"] = matrix(r.max_grad);
    j["matches_lecture"] = r.matches_lecture;
    j["weight_gradient_max_abs_diff"] = r.weight_grad_max_diff;
    j["residual_identity"] = r.residual_identity;
    return j;
}

}  // namespace ch06
