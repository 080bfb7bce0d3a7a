/// @file saturation.cpp
/// @brief The saturating and non-saturating generator losses (see saturation.hpp).
#include "saturation.hpp"

#include <cmath>

#include "exercises/ch08.hpp"
#include "io/svg_plot.hpp"

namespace ch08 {

using dl::MatrixD;
using dl::exercises::GeneratorLoss;

SaturationCurves saturation_curves() {
    SaturationCurves c;
    const int n = 199;
    MatrixD a(1, 1), d;
    for (int i = 0; i < n; ++i) {
        const double p = 0.001 + (0.998 * i) / (n - 1);  // D(G(z))
        a(0, 0) = std::log(p / (1 - p));                 // its logit
        c.p.push_back(p);
        // One sample (m = 1): J_G is the per-sample loss and d its gradient ∂J_G/∂a.
        c.j_minimax.push_back(dl::exercises::generator_loss(a, d, GeneratorLoss::Minimax));
        c.g_minimax.push_back(std::abs(d(0, 0)));
        c.j_ns.push_back(dl::exercises::generator_loss(a, d, GeneratorLoss::NonSaturating));
        c.g_ns.push_back(std::abs(d(0, 0)));
    }
    return c;
}

void save_saturation_figure(const SaturationCurves& c, const std::vector<double>& norm_minimax,
                            const std::vector<double>& norm_ns, const std::string& path) {
    dl::SvgPlot loss("The generator's loss", "D(G(z))", "J_G per sample");
    loss.line(c.p, c.j_minimax, "minimax log(1 − D)");
    loss.line(c.p, c.j_ns, "non-saturating −log D", true);
    dl::SvgPlot grad("Its gradient with respect to D's logit", "D(G(z))", "|∂J_G/∂a|");
    grad.line(c.p, c.g_minimax, "minimax: D(G(z))");
    grad.line(c.p, c.g_ns, "non-saturating: 1 − D(G(z))", true);
    grad.note("early in training D(G(z)) ≈ 0: the minimax gradient vanishes");
    std::vector<dl::SvgPlot> panels{loss, grad};
    if (!norm_minimax.empty() && !norm_ns.empty()) {
        dl::SvgPlot measured("Measured on the ring: ‖∂J_G/∂θ_G‖", "step", "gradient norm");
        std::vector<double> steps;
        for (std::size_t i = 0; i < norm_minimax.size(); ++i) steps.push_back(double(i + 1));
        measured.line(steps, norm_minimax, "minimax");
        std::vector<double> steps2;
        for (std::size_t i = 0; i < norm_ns.size(); ++i) steps2.push_back(double(i + 1));
        measured.line(steps2, norm_ns, "non-saturating", true);
        measured.log_y();
        panels.push_back(measured);
    }
    dl::save_svg_grid(panels, int(panels.size()),
                      "Minimax vs non-saturating generator loss (Goodfellow et al. 2014)", path);
}

}  // namespace ch08
