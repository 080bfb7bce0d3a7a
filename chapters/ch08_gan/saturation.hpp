/// @file saturation.hpp
/// @brief Why G is not trained on the game's own loss: the minimax and the non-saturating
/// generator losses, and the gradient each gives when D is confident.
///
/// At the start of training G's samples are poor, D tells them apart easily, and
/// D(G(z)) = σ(a) ≈ 0. There the two losses of exercises::generator_loss behave very
/// differently:
///
///     minimax          J_G = log(1 − σ(a))     ∂J_G/∂a = −σ(a)       → 0 as σ(a) → 0
///     non-saturating   J_G = −log σ(a)         ∂J_G/∂a = σ(a) − 1    → −1 as σ(a) → 0
///
/// (per sample). The minimax loss *saturates*: the worse G's samples, the less it learns.
/// Both losses have the same fixed point (D(G(z)) = 1/2 at the game's equilibrium), so the
/// non-saturating one changes how G gets there, not where "there" is.
///
/// curves() computes both gradients from the exercise (so `--mine` plots the student's);
/// the chapter also builds two identical ring GANs, trains their D alone until it rejects G's
/// samples (D(G(z)) ≈ 0.07), and then plays each with one generator loss, recording
/// ‖∂J_G/∂θ_G‖: at the first G step the minimax gradient reaching G's weights is several times
/// smaller (the program prints the measured norms); the gap closes as D loses its confidence.
#pragma once

#include <string>
#include <vector>

#include "io/json.hpp"

namespace ch08 {

struct SaturationCurves {
    std::vector<double> p;                     ///< D(G(z)) from 0.001 to 0.999
    std::vector<double> j_minimax, j_ns;       ///< J_G per sample
    std::vector<double> g_minimax, g_ns;       ///< |∂J_G/∂a| per sample
};

/// Both losses and their gradients on a grid of D(G(z)), from exercises::generator_loss.
SaturationCurves saturation_curves();

/// The figure: losses and |gradient| against D(G(z)), and, when given, the measured
/// ‖∂J_G/∂θ_G‖ per step of the two ring runs.
void save_saturation_figure(const SaturationCurves& c, const std::vector<double>& norm_minimax,
                            const std::vector<double>& norm_ns, const std::string& path);

}  // namespace ch08
