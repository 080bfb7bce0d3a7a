/// @file advertising.cpp
/// @brief The one-variable advertising example (see advertising.hpp).
#include "advertising.hpp"

#include "core/rng.hpp"
#include "exercises/ch02.hpp"
#include "io/svg_plot.hpp"

namespace ch02 {

AdvertisingResult advertising_example(int m, uint64_t seed, double lr, int iterations,
                                      const std::string& svg_path) {
    dl::Rng rng(seed ^ 0xad5ULL);
    dl::MatrixD X(1, m), Y(1, m);
    std::vector<double> xs, ys;
    std::vector<int> cls;
    for (int j = 0; j < m; ++j) {
        const double x = rng.uniform(0.0, 10.0);
        const double p = 1.0 / (1.0 + std::exp(-1.5 * (x - 5.0)));
        const int y = rng.bernoulli(p) ? 1 : 0;
        X(0, j) = x;
        Y(0, j) = y;
        xs.push_back(x);
        ys.push_back(y);
        cls.push_back(y);
    }
    AdvertisingResult r;
    r.m = m;
    r.model = train_logistic(X, Y, lr, iterations);
    const auto pred = r.model.predict(X);
    int right = 0;
    for (int j = 0; j < m; ++j) right += pred[static_cast<std::size_t>(j)] == static_cast<int>(Y(0, j));
    r.accuracy = static_cast<double>(right) / m;

    // The fitted curve ŷ = σ(w·x + b) over the range of x.
    dl::MatrixD grid(1, 201);
    std::vector<double> gx;
    for (int i = 0; i <= 200; ++i) {
        grid(0, i) = i * 0.05;
        gx.push_back(i * 0.05);
    }
    const dl::MatrixD a = r.model.predict_proba(grid);
    std::vector<double> gy(a.data(), a.data() + a.size());
    dl::SvgPlot plot("Bought or not, by advertising spend", "advertising spend x (thousands)",
                     "y (1 = bought), fitted P(y = 1)");
    plot.set_x_range(0, 10).set_y_range(-0.05, 1.05);
    plot.scatter(xs, ys, cls, {"did not buy", "bought"});
    plot.line(gx, gy, "fitted sigmoid σ(w·x + b)");
    plot.note(dl::cat("w = ", r.model.w(0), ", b = ", r.model.b, ", decision at x = ",
                      -r.model.b / r.model.w(0)));
    plot.save(svg_path);
    return r;
}

}  // namespace ch02
