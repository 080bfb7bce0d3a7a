/// @file gate_figure.cpp
/// @brief Four small plots: the truth tables of AND, OR, NAND, XOR with the learned lines.
#include "gate_figure.hpp"

#include "io/svg_plot.hpp"
#include "points.hpp"

namespace ch01 {

void plot_learned_gates(const std::vector<Gate>& gates, const std::vector<TrainResult>& results,
                        const std::string& path) {
    DL_CHECK(gates.size() == results.size(), "plot_learned_gates: ", gates.size(), " gates but ",
             results.size(), " results");
    const dl::Matrix X = truth_table_inputs();
    std::vector<dl::SvgPlot> plots;
    for (std::size_t g = 0; g < gates.size(); ++g) {
        const TrainResult& r = results[g];
        const std::string title =
            gates[g].name + (r.converged ? ": learned in " + std::to_string(r.epochs) + " epochs"
                                         : ": not learned in " + std::to_string(r.epochs) +
                                               " epochs");
        dl::SvgPlot p(title, "x1", "x2", 360, 320);
        p.set_x_range(-0.5, 1.5).set_y_range(-0.5, 1.5);
        const auto& w = r.p.w;
        const float theta = r.p.theta;
        p.regions([&w, theta](double x1, double x2) {
            return w(0) * x1 + w(1) * x2 - theta >= 0 ? 1 : 0;
        }, 32, 32);
        std::vector<double> xs, ys;
        std::vector<int> cls;
        for (Eigen::Index j = 0; j < X.cols(); ++j) {
            xs.push_back(X(0, j));
            ys.push_back(X(1, j));
            cls.push_back(static_cast<int>(gates[g].Y(j)));
        }
        p.scatter(xs, ys, cls, {"y = 0", "y = 1"}, 7.0);
        if (w(0) != 0 || w(1) != 0) p.implicit_line(w(0), w(1), -theta, "w1*x1 + w2*x2 = theta");
        plots.push_back(std::move(p));
    }
    dl::save_svg_grid(plots, 2, "Perceptron rule on the truth tables", path);
}

}  // namespace ch01
