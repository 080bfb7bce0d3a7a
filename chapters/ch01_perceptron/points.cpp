/// @file points.cpp
/// @brief Generated (or loaded) 2-D points and their figure.
#include "points.hpp"

#include <cmath>
#include <sstream>
#include <vector>

#include "io/atomic_file.hpp"
#include "io/svg_plot.hpp"

namespace ch01 {

Points make_separable_points(int m, double margin, dl::Rng& rng) {
    DL_CHECK(m > 0, "make_separable_points: expected m > 0, got ", m);
    DL_CHECK(margin >= 0 && margin < 0.5, "make_separable_points: margin must be in [0, 0.5), got ",
             margin);
    Points pts;
    // A random direction (a, b) of unit length and an offset c that keeps the line near the
    // middle of the square, so both classes get plenty of points.
    const double phi = rng.uniform(0.0, 2.0 * M_PI);
    pts.a = std::cos(phi);
    pts.b = std::sin(phi);
    pts.c = rng.uniform(-0.3, 0.3);
    pts.X.resize(2, m);
    pts.Y.resize(m);
    for (int j = 0; j < m; ++j) {
        double x1, x2, d;
        do {
            x1 = rng.uniform(-1.0, 1.0);
            x2 = rng.uniform(-1.0, 1.0);
            d = pts.a * x1 + pts.b * x2 + pts.c;  // signed distance to the line (|(a, b)| = 1)
        } while (std::abs(d) < margin);
        pts.X(0, j) = static_cast<float>(x1);
        pts.X(1, j) = static_cast<float>(x2);
        pts.Y(j) = d >= 0 ? 1.0f : 0.0f;
    }
    return pts;
}

Points load_points_csv(const std::string& path) {
    const std::string text = dl::read_file(path);
    std::istringstream in(text);
    std::vector<float> x1s, x2s, ys;
    std::string line;
    int lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        std::istringstream ls(line);
        std::string f[3], extra;
        if (!std::getline(ls, f[0], ',') || !std::getline(ls, f[1], ',') ||
            !std::getline(ls, f[2], ',') || std::getline(ls, extra, ',')) {
            if (lineno == 1) continue;  // a header
            dl::fail("--data: ", path, ":", lineno, ": expected 'x1,x2,label', got '", line, "'");
        }
        float v[3];
        bool ok = true;
        for (int i = 0; i < 3 && ok; ++i) {
            char* end = nullptr;
            v[i] = std::strtof(f[i].c_str(), &end);
            while (end && (*end == ' ' || *end == '\t')) ++end;
            ok = end != f[i].c_str() && *end == '\0' && std::isfinite(v[i]);
        }
        if (!ok) {
            if (lineno == 1) continue;  // a header
            dl::fail("--data: ", path, ":", lineno, ": expected three numbers 'x1,x2,label', got '",
                     line, "'");
        }
        DL_CHECK(v[2] == 0.0f || v[2] == 1.0f, "--data: ", path, ":", lineno,
                 ": the label must be 0 or 1, got '", f[2], "'");
        x1s.push_back(v[0]);
        x2s.push_back(v[1]);
        ys.push_back(v[2]);
    }
    DL_CHECK(!ys.empty(), "--data: ", path, ": no points found (expected lines 'x1,x2,label')");
    Points pts;
    const auto m = static_cast<Eigen::Index>(ys.size());
    pts.X.resize(2, m);
    pts.Y.resize(m);
    for (Eigen::Index j = 0; j < m; ++j) {
        pts.X(0, j) = x1s[j];
        pts.X(1, j) = x2s[j];
        pts.Y(j) = ys[j];
    }
    return pts;
}

void plot_points(const Points& pts, const dl::exercises::Perceptron& p, const std::string& path) {
    std::vector<double> xs, ys;
    std::vector<int> classes;
    for (Eigen::Index j = 0; j < pts.X.cols(); ++j) {
        xs.push_back(pts.X(0, j));
        ys.push_back(pts.X(1, j));
        classes.push_back(static_cast<int>(pts.Y(j)));
    }
    dl::SvgPlot plot("Perceptron on 2-D points: the learned line w1*x1 + w2*x2 = theta", "x1",
                     "x2");
    double lo = -1.1, hi = 1.1;
    for (double v : xs) lo = std::min(lo, v - 0.1), hi = std::max(hi, v + 0.1);
    for (double v : ys) lo = std::min(lo, v - 0.1), hi = std::max(hi, v + 0.1);
    plot.set_x_range(lo, hi).set_y_range(lo, hi);
    plot.regions([&](double x1, double x2) {
        return dl::exercises::mp_neuron(p.w, p.theta, Eigen::Vector2f(float(x1), float(x2))) > 0
                   ? 1
                   : 0;
    }, 60, 60);
    plot.scatter(xs, ys, classes, {"y = 0", "y = 1"});
    if (pts.a != 0 || pts.b != 0) {
        // The generating line a·x1 + b·x2 + c = 0, dashed, across the plot (clipped there).
        std::vector<double> lx, ly;
        if (std::abs(pts.b) >= std::abs(pts.a)) {
            lx = {lo, hi};
            ly = {-(pts.a * lo + pts.c) / pts.b, -(pts.a * hi + pts.c) / pts.b};
        } else {
            ly = {lo, hi};
            lx = {-(pts.b * lo + pts.c) / pts.a, -(pts.b * hi + pts.c) / pts.a};
        }
        plot.line(lx, ly, "generating line", true);
    }
    plot.implicit_line(p.w(0), p.w(1), -p.theta, "learned line");
    plot.save(path);
}

}  // namespace ch01
