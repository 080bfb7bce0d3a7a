/// @file ch06.hpp
/// @brief Chapter 6 exercises: the output-size formula, zero padding, a convolution and max
/// pooling written as loops, the gradient of a filter, and a residual block.
///
/// Each function is written twice: your version in exercises/ch06/<name>.cpp (a stub until you
/// fill it in) and the reference in solutions/ch06/<name>.cpp. The chapter program ch06_cnn
/// runs on the reference; ch06_cnn_mine runs the same program on yours — its photo is filtered
/// by your convolution, the lecture's pooling example goes through your max pooling — and the
/// graded tests in exercises/graded/ch06/ check yours with hand-computed values.
///
/// Conventions: a single-channel image (or feature map) is a matrix X with H rows and W
/// columns, X(h, w) the pixel in row h (top to bottom) and column w (left to right); a filter
/// (卷积核) K is f x f. These exercises are about the loops the lecture draws, so they use
/// plain Eigen matrices (dl::Matrix, float) and loops over their entries — the course's layers
/// compute the same numbers fast (nn::Conv2d, nn::MaxPool2d). As in the lecture and every
/// framework, the filter is *not* flipped (cross-correlation, "互相关 v.s. 卷积").
#pragma once

#include <cstdint>

#include "core/eigen_view.hpp"

namespace dl::exercises {

/// Exercise ch06.output_size — the lecture's output size of a convolution (or pooling):
///
///     ⌊(n + 2p − f) / s⌋ + 1
///
/// for an n x n input, an f x f filter, padding p and stride s ("如果商不是整数，向下取整":
/// round down when the division is not exact). Throw dl::Error (DL_CHECK) when f < 1, s < 1,
/// p < 0 or the filter does not fit (n + 2p < f).
///
/// Examples: n = 6, f = 3, p = 0, s = 1: 4.   n = 7, f = 3, p = 1, s = 2: 4.
///           n = 8, f = 3, p = 0, s = 2: (8 − 3)/2 = 2.5 → 2, plus 1: 3.
int64_t output_size(int64_t n, int64_t f, int64_t p, int64_t s);

/// Exercise ch06.zero_pad — padding (填充) with zeros: a border of p zeros all around X.
///
///     Y is (H + 2p) x (W + 2p),  Y(h + p, w + p) = X(h, w),  0 elsewhere
///
/// p = 0 returns a copy. Throw dl::Error when p < 0.
/// Example: X = [1 2], p = 1:  Y = [0 0 0 0; 0 1 2 0; 0 0 0 0].
Matrix zero_pad(const Matrix& X, int64_t p);

/// Exercise ch06.conv2d_single — one channel, one filter, as loops:
///
///     Y(i, j) = Σ_a Σ_b  K(a, b) · Xp(i·s + a, j·s + b)      (Xp = X padded by p zeros)
///
/// for i = 0 … OH − 1, j = 0 … OW − 1, with OH and OW from output_size (X may be rectangular:
/// use its rows for OH and its columns for OW). K is f x f (square).
/// Example (the lecture's vertical edge detector): X 6 x 6 with columns (10 10 10 0 0 0) in
/// every row, K = [1 0 −1; 1 0 −1; 1 0 −1], s = 1, p = 0: every row of Y is (0 30 30 0).
/// Hint: zero_pad, then four nested loops (two over the output, two over the filter).
Matrix conv2d_single(const Matrix& X, const Matrix& K, int64_t stride, int64_t pad);

/// Exercise ch06.max_pool, part 1 — max pooling (最大值池化) with f x f windows and stride s
/// (no padding): Y(i, j) is the largest X(i·s + a, j·s + b) over a, b = 0 … f − 1.
///
/// The lecture's example, f = s = 2:  X = [1 3 2 4; 1 3 2 4; 5 7 6 8; 5 7 6 8]  →  Y = [3 4; 7 8].
Matrix max_pool_forward(const Matrix& X, int64_t f, int64_t s);

/// Exercise ch06.max_pool, part 2 — its backward pass: each window passes its gradient dY(i, j)
/// to the input that was its maximum; every other input of the window gets nothing. On a tie,
/// the first maximum in reading order (row by row, left to right) gets it. Where windows
/// overlap (s < f), an input collects the gradients of all windows it was the maximum of.
///
/// dX has X's shape. Example: X as above, dY = [1 2; 3 4]:
///     dX = [0 1 0 2; 0 0 0 0; 0 3 0 4; 0 0 0 0]
Matrix max_pool_backward(const Matrix& X, const Matrix& dY, int64_t f, int64_t s);

/// Exercise ch06.conv_weight_gradient — the gradient of the filter of conv2d_single: with
/// dY = ∂J/∂Y (OH x OW),
///
///     dK(a, b) = Σ_i Σ_j  dY(i, j) · Xp(i·s + a, j·s + b)
///
/// (every place the weight K(a, b) was used, times the gradient of what it produced). dK is
/// f x f. Example: X = [1 2 3; 4 5 6; 7 8 9], f = 2, s = 1, p = 0, dY = [1 0; 0 1]:
/// dK = [1 + 5, 2 + 6; 4 + 8, 5 + 9] = [6 8; 12 14].
Matrix conv_weight_gradient(const Matrix& X, const Matrix& dY, int64_t f, int64_t stride,
                            int64_t pad);

/// Exercise ch06.residual_block_forward — the residual block (残差块) as lecture 004 writes it,
/// with dense layers and samples as columns:
///
///     Z1 = W1·A + b1,   A1 = ReLU(Z1)
///     Z2 = W2·A1 + b2,  A2 = ReLU(Z2 + A)            (the shortcut adds a[l] before the ReLU)
///
/// A is n x m, W1 k x n, b1 k x 1, W2 n x k, b2 n x 1; returns A2 (n x m).
/// Example: A = (1, −2)ᵀ (one sample), W1 = [1 0; 0 1], b1 = 0, W2 = [0 1; 1 0], b2 = (0, 1):
/// Z1 = (1, −2), A1 = (1, 0), Z2 = (0, 2), A2 = ReLU((0 + 1, 2 − 2)) = (1, 0).
/// With W2 = 0 and b2 = 0 the block is ReLU(A): why a residual block "learns the identity
/// easily" (lecture 004).
Matrix residual_block_forward(const Matrix& A, const Matrix& W1, const Matrix& b1,
                              const Matrix& W2, const Matrix& b2);

}  // namespace dl::exercises
