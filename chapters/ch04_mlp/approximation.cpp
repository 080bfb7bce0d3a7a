/// @file approximation.cpp
/// @brief Universal approximation by sigmoid steps (see approximation.hpp).
#include "approximation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/tensor.hpp"
#include "exercises/ch04.hpp"
#include "io/atomic_file.hpp"
#include "io/svg_plot.hpp"
#include "kernels/activation.hpp"

namespace ch04 {

using namespace dl;

namespace {
/// The function to approximate on [0, 1].
double target(double x) { return std::sin(3.0 * M_PI * x) * (1.0 - x) + 0.5 * x; }
}  // namespace

std::vector<ApproxResult> run_approximation(const std::string& out) {
    std::printf("\n== 4. Universal approximation (万能近似定理): sums of sigmoid steps ==\n");
    std::printf("f(x) = sin(3πx)(1 − x) + x/2 on [0, 1]; N hidden units σ(k(x − tᵢ)) with "
                "k = 40·N, output weights = the jumps of f.\n");
    const int m = 400;
    std::vector<double> xs(m), fx(m);
    for (int j = 0; j < m; ++j) xs[j] = (j + 0.5) / m, fx[j] = target(xs[j]);
    const Tensor X = Tensor::from_values(Shape::row(m), xs);

    SvgPlot plot("Sums of sigmoid steps approximating f", "x", "y");
    plot.line(xs, fx, "f(x)");
    std::vector<ApproxResult> results;
    for (int N : {2, 5, 20, 100}) {
        const double k = 40.0 * N;
        std::vector<double> w1(N), b1(N), w2(N);
        for (int i = 1; i <= N; ++i) {
            const double x_prev = double(i - 1) / N, x_i = double(i) / N;
            w1[i - 1] = k;                                 // W[1] = k
            b1[i - 1] = -k * 0.5 * (x_prev + x_i);         // b[1] = −k·tᵢ
            w2[i - 1] = target(x_i) - target(x_prev);      // W[2] = the jump at tᵢ
        }
        const Tensor W1 = Tensor::from_values(Shape::matrix(N, 1), w1);
        const Tensor b1t = Tensor::from_values(Shape::column(N), b1);
        const Tensor W2 = Tensor::from_values(Shape::matrix(1, N), w2);
        const Tensor b2 = Tensor::from_values(Shape::column(1), {target(0.0)});
        Tensor Z1(Shape::matrix(N, m)), A1(Shape::matrix(N, m)), Y(Shape::matrix(1, m));
        exercises::dense_forward(W1, b1t, X, Z1);            // Z[1] = W[1]·x + b[1]
        activation_forward(Activation::Sigmoid, Z1, A1);     // A[1] = σ(Z[1])
        exercises::dense_forward(W2, b2, A1, Y);             // f̂ = W[2]·A[1] + b[2]
        const auto y = Y.values();
        double err = 0;
        for (int j = 0; j < m; ++j) err = std::max(err, std::abs(y[j] - fx[j]));
        results.push_back({N, err});
        std::printf("  %3d units: max |f̂ − f| = %.4f\n", N, err);
        plot.line(xs, y, std::to_string(N) + " units", true);
    }
    plot.save(join_path(out, "universal_approximation.svg"));
    std::printf("Each extra unit adds one step: with enough of them one hidden layer follows any "
                "continuous function on an interval as closely as we like.\n");

    // The same with ReLUs (lecture 000): ReLU(x − xᵢ₋₁) turns the slope on at xᵢ₋₁, so N units
    // draw the broken line through (xᵢ, f(xᵢ)), xᵢ = i/N:
    //   f̂(x) = f(0) + Σ_{i=1…N} (sᵢ − sᵢ₋₁)·ReLU(x − xᵢ₋₁),   sᵢ = N·(f(xᵢ) − f(xᵢ₋₁)), s₀ = 0.
    // (Two ReLUs make a ramp, ReLU(x − a) − ReLU(x − b); two ramps make a bump.)
    std::printf("With ReLUs instead: N units ReLU(x − xᵢ) draw the broken line through N + 1 "
                "points of f (slopes switched on one by one):\n");
    for (int N : {5, 20, 100}) {
        std::vector<double> w1(N, 1.0), b1(N), w2(N);
        double s_prev = 0;
        for (int i = 1; i <= N; ++i) {
            const double x_prev = double(i - 1) / N, x_i = double(i) / N;
            const double s_i = N * (target(x_i) - target(x_prev));
            b1[i - 1] = -x_prev;          // b[1] = −xᵢ₋₁: the kink
            w2[i - 1] = s_i - s_prev;     // W[2] = the change of slope there
            s_prev = s_i;
        }
        const Tensor W1 = Tensor::from_values(Shape::matrix(N, 1), w1);
        const Tensor b1t = Tensor::from_values(Shape::column(N), b1);
        const Tensor W2 = Tensor::from_values(Shape::matrix(1, N), w2);
        const Tensor b2 = Tensor::from_values(Shape::column(1), {target(0.0)});
        Tensor Z1(Shape::matrix(N, m)), A1(Shape::matrix(N, m)), Y(Shape::matrix(1, m));
        exercises::dense_forward(W1, b1t, X, Z1);        // Z[1] = x − xᵢ₋₁
        activation_forward(Activation::ReLU, Z1, A1);    // A[1] = ReLU(Z[1])
        exercises::dense_forward(W2, b2, A1, Y);         // f̂ = W[2]·A[1] + b[2]
        const auto y = Y.values();
        double err = 0;
        for (int j = 0; j < m; ++j) err = std::max(err, std::abs(y[j] - fx[j]));
        results.push_back({-N, err});
        std::printf("  %3d ReLU units: max |f̂ − f| = %.4f\n", N, err);
    }
    std::printf("The broken line's error falls like 1/N², the staircase's like 1/N.\n");
    return results;
}

Json to_json(const std::vector<ApproxResult>& r) {
    Json j = Json::object();
    for (const auto& a : r)  // sigmoid steps under "N", ReLU broken lines under "relu_N"
        j[a.neurons > 0 ? std::to_string(a.neurons) : "relu_" + std::to_string(-a.neurons)] =
            a.max_error;
    return j;
}

}  // namespace ch04
