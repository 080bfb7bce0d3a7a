/// @file fold.cpp
/// @brief ReLU folds and the 2-3-2 network (see fold.hpp).
#include "fold.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "io/atomic_file.hpp"
#include "io/svg_plot.hpp"
#include "net.hpp"
#include "shallow.hpp"

namespace ch04 {

using namespace dl;

double fold_angle_degrees(double w0, double w1) {
    // θ = π − arccos(1/√(w0² + w1² + 1))
    const double theta = M_PI - std::acos(1.0 / std::sqrt(w0 * w0 + w1 * w1 + 1.0));
    return theta * 180.0 / M_PI;
}

namespace {

constexpr double kRadius = 1.3, kBox = 2.5;

/// m points uniform in the square [−2.5, 2.5]²: y = 1 inside the disc of radius 1.3.
Points make_disc(int m, Rng& rng) {
    std::vector<double> v(2 * m);
    Points p;
    p.y.resize(m);
    for (int j = 0; j < m; ++j) {
        v[2 * j] = rng.uniform(-kBox, kBox);
        v[2 * j + 1] = rng.uniform(-kBox, kBox);
        p.y[j] = std::hypot(v[2 * j], v[2 * j + 1]) < kRadius ? 1 : 0;
    }
    p.X = Tensor::from_values(Shape::matrix(2, m), v);
    return p;
}

}  // namespace

FoldResults run_folds(uint64_t seed, const std::string& out) {
    std::printf("\n== 4b. ReLU folds (超折面): how ReLU units draw a boundary ==\n");
    FoldResults r;
    r.lecture_angle = fold_angle_degrees(1.5, 3.5);
    std::printf("One unit a = max(0, 1.5·x0 + 3.5·x1 − 2.5) folds the plane along 1.5·x0 + 3.5·x1 "
                "= 2.5; the angle inside the fold is θ = π − arccos(1/√(1.5² + 3.5² + 1)) = "
                "%.6f°.\n", r.lecture_angle);

    // The lecture's network: 2 inputs, 3 ReLU units, a softmax over 2 classes.
    const int m = 400;
    Rng rng(seed + 40);
    const Points data = make_disc(m, rng);
    const int cells = 80;
    Rng init_rng(seed);
    auto net = make_net({2, 3, 2}, Activation::ReLU, nn::Init::He, init_rng,
                        std::max(m, cells * cells));
    // b[1] = 0.5: every fold starts beside the origin with the disc on its active side. With
    // b[1] = 0 all three folds start through the origin, and on some seeds (1 among 1-8) a unit
    // is pushed to where it is 0 for every point, gets no gradient again and is lost (a dead
    // ReLU): the net is left with two folds and 0.82. With 0.5, seeds 1-8 reach 0.95-0.99.
    biases(*net)[0]->value.fill(0.5);
    const double J = train_full_batch(*net, data, 0.5, 4000);  // full batch, α = 0.5
    r.accuracy = accuracy(*net, data);
    const auto W = weights(*net)[0]->value.values(), b = biases(*net)[0]->value.values();
    std::printf("The 2-3-2 network (3 ReLU units, a 2-unit softmax) on %d points, class 1 inside a "
                "disc of radius %.1f: cost %.4f, training accuracy %.3f. Its folds:\n", m, kRadius,
                J, r.accuracy);
    for (int i = 0; i < 3; ++i) {  // W[1] is 3 x 2, column-major: row i = (W[i], W[i + 3])
        const double w0 = W[i], w1 = W[i + 3];
        r.fold_angles.push_back(fold_angle_degrees(w0, w1));
        std::printf("  unit %d: fold along %+.3f·x0 %+.3f·x1 %+.3f = 0, angle %.2f°\n", i + 1, w0,
                    w1, b[i], r.fold_angles.back());
    }
    std::printf("The output adds the three folded sheets and compares the two classes' sums: the "
                "boundary is a polygon of at most three sides, bent only on the folds.\n");

    // Decision regions on a grid, the folds as lines, the points.
    std::vector<double> grid(2 * cells * cells);
    for (int iy = 0; iy < cells; ++iy)
        for (int ix = 0; ix < cells; ++ix) {
            const int j = iy * cells + ix;
            grid[2 * j] = -kBox + 2 * kBox * (ix + 0.5) / cells;
            grid[2 * j + 1] = -kBox + 2 * kBox * (iy + 0.5) / cells;
        }
    const auto a = net->forward(Tensor::from_values(Shape::matrix(2, cells * cells), grid),
                                {false}).values();
    std::vector<int> cls(cells * cells);
    for (int j = 0; j < cells * cells; ++j) cls[j] = a[2 * j + 1] > a[2 * j] ? 1 : 0;
    char title[96];
    std::snprintf(title, sizeof title, "2-3-2 ReLU network: three folds, accuracy %.1f %%",
                  100 * r.accuracy);
    SvgPlot p(title, "x0", "x1", 480, 440);
    p.set_x_range(-kBox, kBox).set_y_range(-kBox, kBox);
    p.regions([cls, cells](double x, double y) {
        const int ix = std::clamp(int((x + kBox) / (2 * kBox) * cells), 0, cells - 1);
        const int iy = std::clamp(int((y + kBox) / (2 * kBox) * cells), 0, cells - 1);
        return cls[iy * cells + ix];
    }, cells, cells);
    const auto x = data.X.values();
    std::vector<double> xs, ys;
    for (int j = 0; j < m; ++j) xs.push_back(x[2 * j]), ys.push_back(x[2 * j + 1]);
    p.scatter(xs, ys, data.y, {"outside", "inside the disc"}, 2.0);
    for (int i = 0; i < 3; ++i)
        p.implicit_line(W[i], W[i + 3], b[i], "fold " + std::to_string(i + 1));
    p.save(join_path(out, "relu_folds.svg"));
    return r;
}

Json to_json(const FoldResults& r) {
    Json j = Json::object();
    j["lecture_fold_angle_degrees"] = r.lecture_angle;
    j["accuracy_2_3_2"] = r.accuracy;
    j["fold_angles_degrees"] = r.fold_angles;
    return j;
}

}  // namespace ch04
