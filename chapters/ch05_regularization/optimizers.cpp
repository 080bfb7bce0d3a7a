/// @file optimizers.cpp
/// @brief Section 9a: the optimizers (优化器) on two functions of two variables — an
/// ill-conditioned quadratic bowl and Rosenbrock's valley — and learning-rate decay (学习率衰减)
/// on noisy gradients.
#include <Eigen/Dense>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>

#include "core/rng.hpp"
#include "exercises/ch05.hpp"
#include "io/svg_plot.hpp"
#include "kernels/optimizer_math.hpp"
#include "nn/lr_schedule.hpp"
#include "sections.hpp"

namespace ch05 {

using namespace dl;

namespace {

using Vec = Eigen::Vector2d;

struct Function {
    const char* name;
    std::function<double(const Vec&)> f;
    std::function<Vec(const Vec&)> grad;
    Vec start, minimum;
};

/// f = ½(x² + 50·y²): a bowl whose curvature across is 50 times that along (condition
/// number 50).
Function quadratic() {
    return {"quadratic ½(x² + 50y²)",
            [](const Vec& p) { return 0.5 * (p(0) * p(0) + 50 * p(1) * p(1)); },
            [](const Vec& p) { return Vec(p(0), 50 * p(1)); },
            Vec(-9.0, 1.5), Vec(0, 0)};
}

/// Rosenbrock's f = (1 − x)² + 100·(y − x²)²: a curved, flat-bottomed valley to (1, 1).
Function rosenbrock() {
    return {"Rosenbrock (1 − x)² + 100(y − x²)²",
            [](const Vec& p) {
                return (1 - p(0)) * (1 - p(0)) + 100 * (p(1) - p(0) * p(0)) * (p(1) - p(0) * p(0));
            },
            [](const Vec& p) {
                return Vec(-2 * (1 - p(0)) - 400 * p(0) * (p(1) - p(0) * p(0)),
                           200 * (p(1) - p(0) * p(0)));
            },
            Vec(-1.5, 2.0), Vec(1, 1)};
}

/// One optimizer on a function: its update of p from the gradient g at step t (from 1).
struct Method {
    std::string name;
    double lr;
    std::function<void(Vec& p, const Vec& g, int t)> step;
};

//! [methods_2d]
std::vector<Method> methods(double gd_lr, double mom_lr, double ada_lr, double rms_lr,
                            double adam_lr) {
    // Each method's state (shared by the copies of its function object).
    auto Vm = std::make_shared<MatrixD>(MatrixD::Zero(2, 1));
    auto V = std::make_shared<MatrixD>(MatrixD::Zero(2, 1));
    auto S = std::make_shared<MatrixD>(MatrixD::Zero(2, 1));
    auto G = std::make_shared<Vec>(Vec::Zero());
    auto R = std::make_shared<Vec>(Vec::Zero());
    return {
        {"gradient descent", gd_lr, [gd_lr](Vec& p, const Vec& g, int) { p -= gd_lr * g; }},
        {"momentum β = 0.9", mom_lr,
         [Vm, mom_lr](Vec& p, const Vec& g, int) {  // your exercises::momentum_update
             MatrixD W = p, dW = g;
             exercises::momentum_update(W, dW, *Vm, mom_lr, 0.9);
             p = W;
         }},
        {"Adagrad", ada_lr,
         [G, ada_lr](Vec& p, const Vec& g, int) {  // the library's per-element formula
             for (int i = 0; i < 2; ++i) math::adagrad_step(p(i), (*G)(i), g(i), ada_lr, 1e-8);
         }},
        {"RMSprop β = 0.9", rms_lr,
         [R, rms_lr](Vec& p, const Vec& g, int) {
             for (int i = 0; i < 2; ++i) math::rmsprop_step(p(i), (*R)(i), g(i), rms_lr, 0.9, 1e-8);
         }},
        {"Adam", adam_lr,
         [V, S, adam_lr](Vec& p, const Vec& g, int t) {  // your exercises::adam_update
             MatrixD W = p, dW = g;
             exercises::adam_update(W, dW, *V, *S, t, adam_lr, 0.9, 0.999, 1e-8);
             p = W;
         }},
    };
}
//! [methods_2d]

Trajectory run_method(const Function& fn, Method m, int steps, double tol) {
    Trajectory tr;
    tr.name = cat(m.name, " (α = ", m.lr, ")");
    Vec p = fn.start;
    for (int t = 1; t <= steps; ++t) {
        tr.x.push_back(p(0));
        tr.y.push_back(p(1));
        tr.f.push_back(fn.f(p));
        m.step(p, fn.grad(p), t);
        if (!p.allFinite()) break;
        if (tr.steps_to_tolerance == 0 && (p - fn.minimum).norm() < tol) tr.steps_to_tolerance = t;
    }
    tr.x.push_back(p(0));
    tr.y.push_back(p(1));
    tr.f.push_back(fn.f(p));
    return tr;
}

/// Every k-th point (the first and the last kept), so long paths stay light in the SVG.
std::vector<double> thin(const std::vector<double>& v, std::size_t max_points) {
    if (v.size() <= max_points) return v;
    std::vector<double> out;
    const double step = double(v.size() - 1) / double(max_points - 1);
    for (std::size_t i = 0; i < max_points; ++i) out.push_back(v[std::size_t(i * step + 0.5)]);
    return out;
}

SvgPlot plot_paths(const Function& fn, const std::vector<Trajectory>& paths, double x0, double x1,
                   double y0, double y1, double unit) {
    SvgPlot p(fn.name, "x", "y", 640, 440);
    p.set_x_range(x0, x1).set_y_range(y0, y1);
    const double f_min = fn.f(fn.minimum);
    p.regions(  // contour bands: f − f* between unit·2^k and unit·2^(k+1), two shades
        [&fn, unit, f_min](double x, double y) {
            const double e = std::max(fn.f(Vec(x, y)) - f_min, 1e-300) / unit;
            return (int(std::floor(std::log2(e))) & 1) ? 7 : 0;
        },
        72, 72);
    for (const auto& t : paths) p.line(thin(t.x, 600), thin(t.y, 600), t.name);
    p.scatter({fn.minimum(0)}, {fn.minimum(1)}, {5}, {}, 5);
    return p;
}

}  // namespace

OptimizersReport run_optimizers(const Env& env) {
    std::printf("\n== 9. Optimizers: momentum, Adagrad, RMSprop, Adam, learning-rate decay ==\n");
    OptimizersReport r;
    const double tol = 1e-2;
    {
        const Function fn = quadratic();
        const int steps = 400;
        // Gradient descent at 0.038 (≈ 1.9/λ_max: the steep direction flips sign every step);
        // momentum may take a larger α, since its average cancels the flips.
        for (const Method& m : methods(0.038, 0.1, 2.0, 0.03, 0.5))
            r.quadratic.push_back(run_method(fn, m, steps, tol));
        std::printf("On the %s from (%g, %g), steps to within %g of the minimum (of %d):\n",
                    fn.name, fn.start(0), fn.start(1), tol, steps);
        for (const auto& t : r.quadratic)
            std::printf("  %-32s %s\n", t.name.c_str(),
                        t.steps_to_tolerance ? std::to_string(t.steps_to_tolerance).c_str() : "not reached");
        plot_paths(fn, r.quadratic, -10, 3, -2, 2, 0.05).save(figure(env, "optimizers_quadratic.svg"));
    }
    {
        const Function fn = rosenbrock();
        const int steps = 20000;
        for (const Method& m : methods(0.002, 0.01, 1.0, 0.003, 0.05))
            r.rosenbrock.push_back(run_method(fn, m, steps, tol));
        std::printf("On %s from (%g, %g), steps to within %g of (1, 1) (of %d) and where each "
                    "ended:\n", fn.name, fn.start(0), fn.start(1), tol, steps);
        for (const auto& t : r.rosenbrock)
            std::printf("  %-32s %-12s at (%.4f, %.4f)\n", t.name.c_str(),
                        t.steps_to_tolerance ? std::to_string(t.steps_to_tolerance).c_str() : "not reached",
                        t.x.back(), t.y.back());
        plot_paths(fn, r.rosenbrock, -2, 2, -1, 3, 0.5).save(figure(env, "optimizers_rosenbrock.svg"));
    }
    std::printf("Momentum averages away the oscillation across the valley; RMSprop and Adam divide "
                "each coordinate by its own recent gradient size, so the steep and the flat "
                "directions advance alike; Adagrad's steps shrink as its sums grow. With a constant "
                "α RMSprop keeps stepping about α·g/√s ≈ α and hovers around the minimum: that is "
                "what learning-rate decay is for.\n");

    // Learning-rate decay: gradient descent on the quadratic with noisy gradients (as from
    // mini-batches). A constant α keeps the iterate bouncing around the minimum; decaying α
    // lets it settle.
    {
        const Function fn = quadratic();
        const int steps = 400;
        struct Sched {
            std::string name;
            std::function<double(int)> alpha;  // t = 0, 1, …
        };
        const double a0 = 0.03;
        const nn::LrSchedule inv = nn::LrSchedule::inverse_time(a0, 0.02);
        const nn::LrSchedule ex = nn::LrSchedule::exponential(a0, 0.99);
        const nn::LrSchedule st = nn::LrSchedule::step(a0, 0.5, 100);
        const std::vector<Sched> scheds = {
            {"constant α = 0.03", [a0](int) { return a0; }},
            {"1/(1 + 0.02·t) (your learning_rate_decay)",
             [a0](int t) { return exercises::learning_rate_decay(a0, 0.02, t); }},
            {"exponential 0.99^t", [ex](int t) { return ex.at(t); }},
            {"step: halve every 100", [st](int t) { return st.at(t); }},
        };
        std::printf("Noisy gradients (∇f + N(0, 4²) per coordinate), α₀ = %g, %d steps; mean "
                    "distance to the minimum over the last 100 steps:\n", a0, steps);
        SvgPlot dist("Distance to the minimum, noisy gradients", "step", "‖p − p*‖ (log scale)");
        dist.log_y();
        SvgPlot lr("Learning rate", "step t", "α");
        for (const Sched& s : scheds) {
            Rng rng(env.seed + 90);
            Vec p = fn.start;
            std::vector<double> ts, ds, as;
            double tail = 0;
            for (int t = 0; t < steps; ++t) {
                const Vec g = fn.grad(p) + Vec(rng.normal(0, 4), rng.normal(0, 4));
                p -= s.alpha(t) * g;
                ts.push_back(t);
                ds.push_back((p - fn.minimum).norm());
                as.push_back(s.alpha(t));
                if (t >= steps - 100) tail += ds.back() / 100;
            }
            std::printf("  %-44s %.4f\n", s.name.c_str(), tail);
            r.decay_final.push_back({s.name, tail});
            dist.line(ts, ds, s.name);
            lr.line(ts, as, s.name);
        }
        // The library's schedule and the exercise agree.
        double worst = 0;
        for (int t = 0; t < steps; ++t)
            worst = std::max(worst, std::abs(inv.at(t) - exercises::learning_rate_decay(a0, 0.02, t)));
        std::printf("(nn::LrSchedule::inverse_time and your learning_rate_decay differ by at most "
                    "%.1e.)\n", worst);
        save_svg_grid({dist, lr}, 2, "Learning-rate decay", figure(env, "lr_decay.svg"));
    }
    return r;
}

Json to_json(const OptimizersReport& r) {
    Json j = Json::object();
    Json q = Json::object(), ros = Json::object(), dec = Json::object();
    for (const auto& t : r.quadratic) q[t.name] = t.steps_to_tolerance;
    for (const auto& t : r.rosenbrock) ros[t.name] = t.steps_to_tolerance;
    for (const auto& [n, v] : r.decay_final) dec[n] = v;
    j["quadratic_steps_to_0.01"] = q;
    j["rosenbrock_steps_to_0.01"] = ros;
    j["noisy_final_distance"] = dec;
    return j;
}

}  // namespace ch05
