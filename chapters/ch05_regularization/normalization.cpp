/// @file normalization.cpp
/// @brief Section 5: input normalization (归一化输入) — the cost's contours and the number of
/// gradient-descent steps with raw and with normalized features, on a 2-D linear regression.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/rng.hpp"
#include "io/svg_plot.hpp"
#include "sections.hpp"

namespace ch05 {

using namespace dl;

namespace {

/// y ≈ w·x + b on m points, cost J = (1/2m)·Σ (w·x + b − y)², fitted by gradient descent.
struct Regression {
    Eigen::MatrixXd X;  // 2 x m
    Eigen::RowVectorXd y;

    double cost(const Eigen::Vector2d& w, double b) const {
        return 0.5 * ((w.transpose() * X).array() + b - y.array()).square().mean();
    }
    /// The Hessian of J in (w1, w2, b): (1/m)·Σ [x; 1][x; 1]ᵀ.
    Eigen::Matrix3d hessian() const {
        Eigen::MatrixXd A(3, X.cols());
        A << X, Eigen::RowVectorXd::Ones(X.cols());
        return A * A.transpose() / double(X.cols());
    }
    /// The best bias for a given w: b*(w) = mean(y) − w·mean(x).
    double best_b(const Eigen::Vector2d& w) const { return y.mean() - w.dot(X.rowwise().mean()); }
};

struct Descent {
    std::vector<double> w1, w2;
    int steps = 0;
};

//! [gd_regression]
/// Gradient descent from w = 0, b = 0 with α = 1/λ_max until J − J* < tol·J*.
Descent descend(const Regression& r, double J_star, double lr, int max_steps, double tol) {
    Descent d;
    Eigen::Vector2d w = Eigen::Vector2d::Zero();
    double b = 0;
    const double m = double(r.X.cols());
    for (int t = 0; t < max_steps; ++t) {
        if (t % std::max(1, max_steps / 2000) == 0 || t < 200) {
            d.w1.push_back(w(0));
            d.w2.push_back(w(1));
        }
        const Eigen::RowVectorXd dz = (w.transpose() * r.X).array() + b - r.y.array();  // 1 x m
        const Eigen::Vector2d dw = r.X * dz.transpose() / m;  // ∂J/∂w = (1/m)·X·dzᵀ
        const double db = dz.mean();                          // ∂J/∂b
        w -= lr * dw;
        b -= lr * db;
        if (r.cost(w, b) - J_star < tol * J_star) {
            d.steps = t + 1;
            break;
        }
    }
    d.w1.push_back(w(0));
    d.w2.push_back(w(1));
    return d;
}
//! [gd_regression]

/// Contour bands of the profile cost J(w, b*(w)) over the plot, two alternating shades
/// between levels J* + c·2^k: each band edge is one contour line.
void contour_bands(SvgPlot& p, const Regression& r, double J_star, double c) {
    p.regions(
        [&r, J_star, c](double w1, double w2) {
            const Eigen::Vector2d w(w1, w2);
            const double excess = r.cost(w, r.best_b(w)) - J_star;
            const int k = int(std::floor(std::log2(std::max(excess / c, 1e-300))));
            return (k & 1) ? 7 : 0;  // light grey / light blue
        },
        72, 72);
}

}  // namespace

NormalizationReport run_normalization(const Env& env) {
    std::printf("\n== 5. Normalizing the inputs ==\n");
    NormalizationReport rep;
    const int m = 200;
    Rng rng(env.seed + 50);
    Regression raw;
    raw.X.resize(2, m);
    raw.y.resize(m);
    for (int j = 0; j < m; ++j) {
        raw.X(0, j) = rng.uniform(0.0, 20.0);  // a feature in [0, 20]
        raw.X(1, j) = rng.uniform(0.0, 1.0);   // one in [0, 1]
        raw.y(j) = 0.3 * raw.X(0, j) + 4.0 * raw.X(1, j) - 1.0 + rng.normal(0.0, 0.5);
    }
    //! [normalize]
    const Eigen::Vector2d mu = raw.X.rowwise().mean();                        // μ = (1/m)Σ x
    const Eigen::MatrixXd centred = raw.X.colwise() - mu;                     // x − μ
    const Eigen::Vector2d sigma = (centred.array().square().rowwise().mean()).sqrt();  // σ
    Regression norm{(centred.array().colwise() / sigma.array()).matrix(), raw.y};  // (x − μ)/σ
    //! [normalize]
    std::printf("Features: x1 in [0, 20] (mean %.2f, std %.2f), x2 in [0, 1] (mean %.2f, std "
                "%.2f); after normalizing both have mean 0 and variance 1 (the same μ and σ "
                "must then be applied to the dev and test sets).\n", mu(0), sigma(0), mu(1), sigma(1));

    const int max_steps = env.quick ? 40000 : 200000;
    const double tol = 1e-6;
    std::vector<SvgPlot> plots;
    for (const Regression* r : {&raw, &norm}) {
        const Eigen::Matrix3d H = r->hessian();
        const Eigen::Vector3d ev = Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d>(H).eigenvalues();
        const double kappa = ev.maxCoeff() / ev.minCoeff();
        // J* from the normal equations: [w; b] = H⁻¹ · (1/m)·Σ [x; 1]·y.
        Eigen::MatrixXd A(3, m);
        A << r->X, Eigen::RowVectorXd::Ones(m);
        const Eigen::Vector3d sol = H.ldlt().solve(A * r->y.transpose() / double(m));
        const Eigen::Vector2d w_star = sol.head<2>();
        const double J_star = r->cost(w_star, sol(2));
        const Descent d = descend(*r, J_star, 1.0 / ev.maxCoeff(), max_steps, tol);
        const bool is_raw = r == &raw;
        (is_raw ? rep.raw_condition : rep.normalized_condition) = kappa;
        (is_raw ? rep.raw_steps : rep.normalized_steps) = d.steps;
        std::printf("  %-11s condition number of J's Hessian %8.1f: gradient descent (α = 1/λ_max "
                    "= %.3g) reaches J − J* < %.0e·J* in %s steps\n",
                    is_raw ? "raw" : "normalized", kappa, 1.0 / ev.maxCoeff(), tol,
                    d.steps ? std::to_string(d.steps).c_str() : cat("more than ", max_steps).c_str());
        // The same scale on both axes, so a long thin valley looks long and thin.
        const double half = 1.4 * std::max({std::abs(w_star(0)), std::abs(w_star(1)), 1.0});
        const double c1 = 0.5 * w_star(0), c2 = 0.5 * w_star(1);
        SvgPlot p(is_raw ? "Raw features" : "Normalized features", "w1", "w2", 480, 440);
        p.set_x_range(c1 - half, c1 + half).set_y_range(c2 - half, c2 + half);
        contour_bands(p, *r, J_star, 1e-3);
        p.line(d.w1, d.w2, cat("gradient descent: ", d.steps ? std::to_string(d.steps) : "> " + std::to_string(max_steps), " steps"));
        p.scatter({w_star(0)}, {w_star(1)}, {3}, {}, 5);
        p.note(cat("condition number ", std::lround(kappa)));
        plots.push_back(p);
    }
    save_svg_grid(plots, 2, "Contours of the cost J(w1, w2) (bias at its best) and gradient descent",
                  figure(env, "normalization.svg"));
    std::printf("Normalizing turns long thin valleys into round bowls: one step size suits every "
                "direction, and gradient descent goes straight down.\n");
    return rep;
}

Json to_json(const NormalizationReport& r) {
    Json j = Json::object();
    j["raw_condition_number"] = r.raw_condition;
    j["normalized_condition_number"] = r.normalized_condition;
    j["raw_steps"] = r.raw_steps;
    j["normalized_steps"] = r.normalized_steps;
    return j;
}

}  // namespace ch05
