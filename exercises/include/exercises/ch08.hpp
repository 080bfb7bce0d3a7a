/// @file ch08.hpp
/// @brief Chapter 8 exercises: the losses of the adversarial game and their gradients, the ring
/// of Gaussians and how a generator is judged on it, and the size of a transposed convolution.
///
/// Each function is written twice: your version in exercises/ch08/<name>.cpp (a stub until you
/// fill it in) and the reference in solutions/ch08/<name>.cpp. The chapter program ch08_gan
/// runs on the reference; ch08_gan_mine runs the same program — every GAN it trains included —
/// on yours, and the graded tests in exercises/graded/ch08/ check yours with hand-computed
/// values and finite differences.
///
/// Conventions. The discriminator D ends in one *logit* a per sample (no sigmoid in the
/// network); D(x) = σ(a) is its probability that x is real. A batch of logits is a row
/// (1 x m). The losses are costs — means over the batch — and their gradients are ∂J/∂a, with
/// the 1/m in them, which is what a model's backward pass takes (nn::Model::backward). Use the
/// stable forms: log σ(a) = −softplus(−a) and log(1 − σ(a)) = −softplus(a), where
/// softplus(t) = log(1 + eᵗ) = max(t, 0) + log1p(e^{−|t|}); never log of a rounded σ.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "core/eigen_view.hpp"
#include "core/rng.hpp"

namespace dl::exercises {

/// Exercise ch08.discriminator_loss — the discriminator's (判别器) side of the game. D wants
/// σ(a) → 1 on real samples and → 0 on generated ones; its cost is the binary cross-entropy
/// of both halves, each averaged over its own batch:
///
///     J_D = −(1/m_r) Σ_j log σ(a_real(j)) − (1/m_f) Σ_j log(1 − σ(a_fake(j)))
///         =  (1/m_r) Σ_j softplus(−a_real(j)) + (1/m_f) Σ_j softplus(a_fake(j))
///
/// and its gradients, which the two backward passes through D receive:
///
///     d_real(j) = ∂J_D/∂a_real(j) = (σ(a_real(j)) − 1) / m_r
///     d_fake(j) = ∂J_D/∂a_fake(j) =  σ(a_fake(j)) / m_f
///
/// Shapes: a_real 1 x m_r, a_fake 1 x m_f (m_r and m_f may differ); d_real and d_fake are
/// resized by you to the shapes of a_real and a_fake. Returns J_D. Throw dl::Error (DL_CHECK)
/// when a batch is empty or not a single row.
///
/// Example: a_real = (0), a_fake = (0): J_D = 2·log 2 = 1.3862944, d_real = (−0.5),
/// d_fake = (0.5). A perfect D (a_real = 1000, a_fake = −1000) has J_D = 0 and zero gradients.
double discriminator_loss(const MatrixD& a_real, const MatrixD& a_fake, MatrixD& d_real,
                          MatrixD& d_fake);

/// The two generator (生成器) losses of Goodfellow et al. (2014).
enum class GeneratorLoss {
    Minimax,        ///< the game's own: G minimises (1/m) Σ log(1 − σ(a))
    NonSaturating,  ///< the one trained with: G minimises −(1/m) Σ log σ(a)
};

/// Exercise ch08.generator_loss — the generator's cost on the logits a = D(G(z)) (1 x m) of
/// its own samples, and its gradient ∂J_G/∂a, which D's backward pass carries to G:
///
///     Minimax:        J_G =  (1/m) Σ_j log(1 − σ(a_j)) = −(1/m) Σ_j softplus(a_j)
///                     d(j) = −σ(a_j) / m
///     NonSaturating:  J_G = −(1/m) Σ_j log σ(a_j)      =  (1/m) Σ_j softplus(−a_j)
///                     d(j) = (σ(a_j) − 1) / m
///
/// Both push a up (G wants D to say "real"), and both have the same fixed point. They differ
/// where training starts: D easily tells the first samples apart, σ(a) ≈ 0, and there the
/// minimax gradient −σ(a)/m vanishes while the non-saturating one is −1/m — the figure
/// generator_loss_gradients.svg of the chapter.
///
/// d is resized by you to a's shape. Returns J_G. Throw dl::Error when a is empty or not a row.
///
/// Example: a = (0, ln 3): σ = (1/2, 3/4). Minimax: J_G = −(log 2 + log 4)/2 = −1.0397208,
/// d = (−0.25, −0.375). Non-saturating: J_G = (log 2 + log(4/3))/2 = 0.4904146,
/// d = (−0.25, −0.125).
double generator_loss(const MatrixD& a_fake, MatrixD& d_fake, GeneratorLoss kind);

/// Samples from the ring of Gaussians: X (2 x n, one point per column) and the mode each was
/// drawn from.
struct RingSamples {
    MatrixD X;
    std::vector<int> mode;
};

/// Exercise ch08.sample_ring — the 2-D mixture GANs are tested on (VEEGAN, PacGAN): `modes`
/// Gaussians of standard deviation σ (the same in x and y) whose centres sit evenly on a
/// circle of radius r,
///
///     μ_k = r·(cos(2πk/K), sin(2πk/K)),   k = 0 … K−1        (K = modes)
///
/// — 2πk/K, not K points spaced from 0 to 2π *including* 2π, which would put two modes on
/// top of each other. Each sample picks its mode uniformly, then adds N(0, σ²) noise:
///
///     k_j = rng.below(K);   X(:, j) = μ_{k_j} + σ·(rng.normal(), rng.normal())
///
/// in this order (mode, then x noise, then y noise) for j = 0, 1, …, so that the same seed
/// gives the same points as the reference. Throw dl::Error unless n ≥ 1, modes ≥ 1, r > 0 and
/// σ ≥ 0.
///
/// Example: with σ = 0 every point is a centre; modes = 4, r = 2 gives the centres (2, 0),
/// (0, 2), (−2, 0), (0, −2) (up to rounding of cos and sin).
RingSamples sample_ring(int64_t n, int modes, double radius, double sigma, Rng& rng);

/// How well samples cover the ring.
struct RingQuality {
    int modes_covered = 0;        ///< modes nearest to at least one high-quality sample
    double high_quality = 0.0;    ///< share of samples within 3σ of their nearest centre
    std::vector<int64_t> counts;  ///< high-quality samples per mode (K numbers)
};

/// Exercise ch08.ring_quality — the evaluation of the VEEGAN and PacGAN papers. For each
/// sample x (a column of X, 2 x n), find its nearest centre μ_k (the centres of sample_ring;
/// on a tie the lower k). The sample is *high quality* when ‖x − μ_k‖ ≤ 3σ, and then counts
/// for mode k. A mode is *covered* when at least one high-quality sample counts for it.
///
/// A generator that collapses onto a few modes keeps a high share of high-quality samples but
/// covers few modes; one that smears its mass between the modes covers them all with few
/// high-quality samples. The target is both: every mode covered, most samples sharp.
///
/// Example: modes = 4, r = 2, σ = 0.1, X = [(2, 0), (2.2, 0), (0, 1.9), (1, 1)]: (2, 0) and
/// (0, 1.9) are high quality (distances 0 and 0.1 ≤ 0.3), (2.2, 0) is 0.2 from (2, 0) — also high
/// quality — and (1, 1) is √2 from both of its nearest centres: not. So counts = (2, 1, 0, 0),
/// modes_covered = 2, high_quality = 3/4.
RingQuality ring_quality(const MatrixD& X, int modes, double radius, double sigma);

/// Exercise ch08.conv_transpose_output_size — the size of a transposed convolution's output
/// over n input pixels, with k x k filters, padding p, stride s and output padding op (the
/// argument order of chapter 6's conv_output_size(n, k, p, s)):
///
///     (n − 1)·s − 2p + k + op
///
/// (the convolution's ⌊(n + 2p − k)/s⌋ + 1 = n_in solved for n: every input pixel stamps its
/// filter s pixels from its neighbour's, the first stamp starts p pixels before the edge).
/// Throw dl::Error unless n ≥ 1, k ≥ 1, s ≥ 1, p ≥ 0, 0 ≤ op < s and the result is ≥ 1.
///
/// Examples: DCGAN's 4x4 filters, s = 2, p = 1 double the size: 7 → 14, 14 → 28. With k = 3,
/// s = 2, p = 1: 7 → 13, and op = 1 gives 14.
int64_t conv_transpose_output_size(int64_t n, int64_t k, int64_t pad, int64_t stride,
                                   int64_t out_pad);

}  // namespace dl::exercises
