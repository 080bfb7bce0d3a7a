/// @file tolerances.hpp
/// @brief How far a float32 kernel's result may lie from its reference, and the comparison.
///
/// Used by the CPU-vs-CUDA parity tests (through test_util.hpp) and by bench_cuda's validation;
/// free of GoogleTest so both can include it.
///
/// **The comparison** (agree): element i agrees when
///   - the reference is +inf or −inf and the result is that same infinity (exactly: a finite
///     or opposite infinite result is wrong, however large its relative error looks), or
///   - both are finite and |got − want| ≤ bound_i.
/// NaN never agrees: outputs are filled with NaN before a kernel runs, so an element it never
/// wrote stays NaN. Tests that expect a NaN check for it explicitly.
///
/// **The bounds** (namespace bound) are what rounding alone can do to one float32
/// implementation of each operation, from the standard error analysis (N. J. Higham, Accuracy
/// and Stability of Numerical Algorithms, 2nd ed., SIAM 2002, ch. 2-4):
///   - u = 2⁻²⁴, the unit roundoff of float32: a correctly rounded +, −, ×, ÷ or √ is off by at
///     most u relative. The CUDA twins use IEEE division and square root (nvcc's defaults) and
///     may fuse a·b + c into one FMA (one rounding instead of two); the bounds allow either.
///   - a library function (exp, tanh, log, log1p) is off by at most kLibUlps units in the last
///     place, and one ulp is at most 2u relative. CUDA's Math API documents at most 2 ulp for
///     expf and tanhf and 1 for logf and log1pf; glibc's float functions stay within 1-2 ulp.
///     kLibUlps = 4 leaves room for a vectorised CPU twin.
///   - a sum of n terms in any order (serial, tree, split in chunks) is off by at most
///     γ_{n−1}·Σ|terms|, with γ_n = n·u / (1 − n·u) (Higham, eq. 4.4): a product over K terms
///     by γ_K·Σ|a·b|.
///   - every bound adds kTinyAbs = 2⁻¹²⁶ (FLT_MIN), since one device may flush a subnormal
///     result to zero and the other not.
/// Each bound is for one implementation against the exact value. A result compared with a
/// double-precision reference uses it once; two float32 twins compared with each other may
/// each be off by it in opposite directions, so parity uses kTwins = 2 times the bound.
///
/// Why not one relative tolerance: where the result is small by cancellation, rounding of the
/// (larger) intermediate values dominates. tanh'(z) = 1 − tanh²z at z = 5 is 1.8e-4, but an
/// ulp of tanh z (6e-8) moves it by 1.2e-7: 7e-4 relative. Such errors are absolute, of the
/// size of the terms, and the bounds say so.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "core/tensor.hpp"
#include "kernels/activation.hpp"
#include "kernels/matmul.hpp"

namespace dl::test {

inline constexpr double kU32 = 0x1p-24;       ///< unit roundoff of float32
inline constexpr double kTinyAbs = 0x1p-126;  ///< FLT_MIN: subnormals may be flushed
inline constexpr double kLibUlps = 4;         ///< ulps allowed for exp, tanh, log, log1p
inline constexpr double kTwins = 2;           ///< two float32 twins: each may err by the bound

/// γ_n = n·u / (1 − n·u): the relative error bound of n roundings in a row.
inline double gamma(double n, double u = kU32) {
    n = std::max(n, 0.0);
    return n * u / (1.0 - n * u);
}

/// The verdict of agree(): whether every element agrees, and the worst element.
struct Agreement {
    bool ok = true;
    std::size_t count = 0;     ///< elements compared
    std::size_t failures = 0;  ///< elements that do not agree
    std::size_t worst = 0;     ///< index of the element with the largest |got − want| / bound
    double got = 0, want = 0, allowed = 0;
    double ratio = 0;  ///< |got − want| / bound at `worst` (≤ 1 when ok; +inf for NaN/inf)
    std::string why;   ///< what is wrong at `worst`, when not ok

    std::string str() const {
        std::ostringstream os;
        os.precision(9);
        if (ok) {
            os << count << " elements agree; the closest call is element " << worst << ": got "
               << got << ", want " << want << ", |diff| = " << std::abs(got - want)
               << " of the " << allowed << " allowed";
        } else {
            os << failures << " of " << count << " elements disagree; worst: element " << worst
               << ": got " << got << ", want " << want << " (" << why << ")";
        }
        return os.str();
    }
};

/// Compares got with want elementwise (the rule above), with sides · bound[i] allowed.
inline Agreement agree(const std::vector<double>& got, const std::vector<double>& want,
                       const std::vector<double>& bound, double sides = 1.0) {
    Agreement a;
    if (got.size() != want.size() || bound.size() != want.size()) {
        a.ok = false;
        a.failures = 1;
        a.ratio = std::numeric_limits<double>::infinity();
        a.why = "sizes differ: got " + std::to_string(got.size()) + ", want " +
                std::to_string(want.size()) + ", bounds " + std::to_string(bound.size());
        return a;
    }
    a.count = want.size();
    double worst = -1.0;
    for (std::size_t i = 0; i < want.size(); ++i) {
        const double g = got[i], w = want[i], allowed = sides * bound[i];
        double ratio;
        std::string why;
        if (std::isnan(g) || std::isnan(w)) {
            ratio = std::numeric_limits<double>::infinity();
            why = std::isnan(w) ? "the reference is NaN" : "NaN (never written, or computed wrong)";
        } else if (std::isinf(w) || std::isinf(g)) {
            ratio = g == w ? 0.0 : std::numeric_limits<double>::infinity();
            if (g != w) why = "infinities must match exactly";
        } else {
            const double diff = std::abs(g - w);
            ratio = allowed > 0 ? diff / allowed : (diff == 0 ? 0.0 : std::numeric_limits<double>::infinity());
            if (ratio > 1.0) {
                std::ostringstream os;
                os.precision(3);
                os << "|diff| = " << diff << " exceeds the bound " << allowed << " by "
                   << ratio << "x";
                why = os.str();
            }
        }
        const bool bad = !(ratio <= 1.0);
        if (bad) ++a.failures;
        if (ratio > worst) {
            worst = ratio;
            a.worst = i, a.got = g, a.want = w, a.allowed = allowed, a.ratio = ratio, a.why = why;
        }
    }
    a.ok = a.failures == 0;
    if (a.ok) a.why.clear();
    return a;
}

inline Agreement agree(const Tensor& got, const Tensor& want, const std::vector<double>& bound,
                       double sides = 1.0) {
    if (got.shape() != want.shape()) {
        Agreement a;
        a.ok = false;
        a.failures = 1;
        a.why = "shapes differ: got " + got.shape().str() + ", want " + want.shape().str();
        return a;
    }
    return agree(got.values(), want.values(), bound, sides);
}

/// Largest |got − want| / max(|want|, floor) over all elements: +inf where either is NaN, or
/// where the reference is infinite and the result is not the same infinity (inf/inf would be
/// NaN and slip through a max()).
inline double max_rel_error(const std::vector<double>& g, const std::vector<double>& w,
                            double floor = 1.0) {
    if (g.size() != w.size()) return std::numeric_limits<double>::infinity();
    double worst = 0.0;
    for (std::size_t i = 0; i < g.size(); ++i) {
        if (std::isnan(g[i]) || std::isnan(w[i])) return std::numeric_limits<double>::infinity();
        if (std::isinf(g[i]) || std::isinf(w[i])) {
            if (g[i] != w[i]) return std::numeric_limits<double>::infinity();
            continue;
        }
        worst = std::max(worst, std::abs(g[i] - w[i]) / std::max(std::abs(w[i]), floor));
    }
    return worst;
}

/// Error bounds of one float32 implementation of each kernel, element by element, computed in
/// double from the kernel's inputs (see the file comment for u, kLibUlps, γ_n and kTinyAbs).
namespace bound {

/// 2u relative per ulp: the relative error of a library function.
inline double lib_rel() { return 2.0 * kLibUlps * kU32; }

/// r roundings in a row of results of size |x|: γ_r·|x| + tiny.
inline std::vector<double> roundings(const std::vector<double>& x, double r) {
    std::vector<double> b(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) b[i] = gamma(r) * std::abs(x[i]) + kTinyAbs;
    return b;
}

/// σ(z) in double, without overflow.
inline double sigmoid(double z) {
    return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
}

/// Relative error of σ(z) in float32: e^{∓z} (lib_rel), 1 + e (its relative error stays ≤
/// u + lib_rel), then one division: ≤ 2·lib_rel + 3u, rounded up.
inline double sigmoid_rel() { return 2.0 * lib_rel() + 3.0 * kU32; }

/// A = g(Z). Identity, step, sign and ReLU are exact; leaky ReLU rounds α (to float) and α·z;
/// σ per sigmoid_rel; tanh is one library call.
inline std::vector<double> activation_forward(Activation g, const Tensor& Z, double alpha) {
    const auto z = Z.values();
    std::vector<double> b(z.size());
    for (std::size_t i = 0; i < z.size(); ++i) {
        double e = 0;
        switch (g) {
            case Activation::LeakyReLU: e = z[i] > 0 ? 0 : gamma(2) * std::abs(alpha * z[i]); break;
            case Activation::Sigmoid: e = sigmoid_rel() * sigmoid(z[i]); break;
            case Activation::Tanh: e = lib_rel() * std::abs(std::tanh(z[i])); break;
            default: e = 0;
        }
        b[i] = e + kTinyAbs;
    }
    return b;
}

/// dZ = dA ⊙ g'(Z), the errors absolute in the size of the intermediate values:
///   tanh: t = tanh z off by lib_rel·|t|; t·t then off by (2·lib_rel + u)·t²; 1 − t² adds
///         u·|g'|: |δg'| ≤ (2·lib_rel + u)·t² + u·g', and the product with dA one more u.
///   sigmoid: s off by e = sigmoid_rel·s; 1 − s off by e + u(1 − s); s·(1 − s) adds u·g':
///         |δg'| ≤ e + 2u·g' ≤ s·(sigmoid_rel + 2u), and the product with dA one more u.
///   leaky ReLU: α (rounded to float) times dA: 2u. The others are exact (g' is 0 or 1).
inline std::vector<double> activation_backward(Activation g, const Tensor& Z, const Tensor& dA,
                                               double alpha) {
    const auto z = Z.values(), da = dA.values();
    std::vector<double> b(z.size());
    for (std::size_t i = 0; i < z.size(); ++i) {
        const double a = std::abs(da[i]);
        double e = 0;
        switch (g) {
            case Activation::LeakyReLU: e = z[i] > 0 ? 0 : gamma(2) * std::abs(alpha) * a; break;
            case Activation::Sigmoid: {
                const double s = sigmoid(z[i]);
                e = a * s * (sigmoid_rel() + 3 * kU32);
                break;
            }
            case Activation::Tanh: {
                const double t = std::tanh(z[i]), gp = 1 - t * t;
                e = a * ((2 * lib_rel() + kU32) * t * t + 2 * kU32 * gp);
                break;
            }
            default: e = 0;
        }
        b[i] = e + kTinyAbs;
    }
    return b;
}

/// Z(:, j) + b: one rounding.
inline std::vector<double> add_bias(const Tensor& Z_after) { return roundings(Z_after.values(), 1); }

/// w − lr·dw: lr rounded to float, the product, the difference (fewer with an FMA); the
/// difference's rounding also scales the product's error: γ_3·|lr·dw| + u·|w − lr·dw|.
inline std::vector<double> sgd(const Tensor& W, const Tensor& dW, double lr) {
    const auto w = W.values(), dw = dW.values();
    std::vector<double> b(w.size());
    for (std::size_t i = 0; i < w.size(); ++i)
        b[i] = gamma(3) * std::abs(lr * dw[i]) + kU32 * std::abs(w[i] - lr * dw[i]) + kTinyAbs;
    return b;
}

/// C = α·op(A)·op(B) + β·C0: K products and K − 1 additions in any order, then α·, β·C0 and one
/// addition: γ_{K+2}·(|α|·Σ_k |op(A)(i,k)|·|op(B)(k,j)| + |β|·|C0(i,j)|).
inline std::vector<double> matmul(const Tensor& A, const Tensor& B, const Tensor& C0, Trans ta,
                                  Trans tb, double alpha, double beta) {
    const auto a = A.values(), bv = B.values(), c0 = C0.values();
    const int64_t M = C0.rows(), N = C0.cols();
    const int64_t K = ta == Trans::N ? A.cols() : A.rows();
    const int64_t lda = A.rows(), ldb = B.rows();
    std::vector<double> out(static_cast<std::size_t>(M * N));
    const double g = gamma(double(K) + 2);
    for (int64_t j = 0; j < N; ++j)
        for (int64_t i = 0; i < M; ++i) {
            double s = 0;
            for (int64_t k = 0; k < K; ++k) {
                const double x = ta == Trans::N ? a[k * lda + i] : a[i * lda + k];
                const double y = tb == Trans::N ? bv[j * ldb + k] : bv[k * ldb + j];
                s += std::abs(x * y);
            }
            out[j * M + i] = g * (std::abs(alpha) * s + std::abs(beta * c0[j * M + i])) + kTinyAbs;
        }
    return out;
}

/// out(i) = scale·Σ_j X(i, j) (rows) or out(j) = scale·Σ_i X(i, j) (columns): the sum of m
/// terms in any order (γ_{m−1}), scale rounded to float and multiplied (2u):
/// γ_{m+1}·|scale|·Σ|X|.
inline std::vector<double> row_sums(const Tensor& X, double scale) {
    const auto x = X.values();
    const int64_t n = X.rows(), m = X.cols();
    std::vector<double> b(static_cast<std::size_t>(n), 0.0);
    for (int64_t j = 0; j < m; ++j)
        for (int64_t i = 0; i < n; ++i) b[i] += std::abs(x[j * n + i]);
    for (double& v : b) v = gamma(double(m) + 1) * std::abs(scale) * v + kTinyAbs;
    return b;
}
inline std::vector<double> col_sums(const Tensor& X, double scale) {
    const auto x = X.values();
    const int64_t n = X.rows(), m = X.cols();
    std::vector<double> b(static_cast<std::size_t>(m), 0.0);
    for (int64_t j = 0; j < m; ++j) {
        for (int64_t i = 0; i < n; ++i) b[j] += std::abs(x[j * n + i]);
        b[j] = gamma(double(n) + 1) * std::abs(scale) * b[j] + kTinyAbs;
    }
    return b;
}

/// Σ_i a_i·b_i (b empty: Σ_i a_i) by an implementation in which no term passes through more
/// than `depth` additions (a serial loop: n − 1; a tree: about log2 n): γ_{depth+1}·Σ|a_i b_i|
/// (the +1 is the product's rounding).
inline std::vector<double> dot(const Tensor& a, const Tensor* b, double depth) {
    const auto x = a.values();
    const std::vector<double> y = b ? b->values() : std::vector<double>();
    double s = 0;
    for (std::size_t i = 0; i < x.size(); ++i) s += std::abs(b ? x[i] * y[i] : x[i]);
    return {gamma(depth + 1) * s + kTinyAbs};
}

/// Softmax per column and the fused loss, with d_k = z_k − max and s = Σ_k e^{d_k} (≥ 1):
///   d_k is off by u·|d_k|, so e^{d_k} by (|d_k|·u + lib_rel) relative; since |d|·e^{d} ≤ 1/e,
///   s is off by at most (γ_{K−1} + K·u + lib_rel)·s. log s adds lib_rel·log s + that relative
///   error as an absolute one; log a_k = d_k − log s one more u·|log a_k|, and
///   a_k = e^{log a_k} (or e^{d_k}/s) is off relative by the absolute error of log a_k, plus
///   lib_rel:
///     rel(a_k) ≤ u·(|d_k| + |log a_k|) + γ_{K−1} + K·u + lib_rel·(2 + log s) + 2u.
///   L = −Σ_k y_k·log a_k: Σ_k |y_k|·abs(log a_k) + γ_{K+1}·Σ_k |y_k·log a_k|.
///   dZ = A − Y: the error of a_k plus u·|a_k − y_k|.
struct SoftmaxBounds {
    std::vector<double> A, L, dZ;
};
inline SoftmaxBounds softmax(const Tensor& Z, const Tensor* Y) {
    const auto z = Z.values();
    const std::vector<double> y = Y ? Y->values() : std::vector<double>();
    const int64_t K = Z.rows(), m = Z.cols();
    SoftmaxBounds r;
    r.A.resize(z.size());
    r.dZ.resize(z.size());
    r.L.resize(static_cast<std::size_t>(m));
    const double sum_rel = gamma(double(K) - 1) + double(K) * kU32 + lib_rel();
    for (int64_t j = 0; j < m; ++j) {
        const double* zc = z.data() + j * K;
        double mx = zc[0];
        for (int64_t k = 1; k < K; ++k) mx = std::max(mx, zc[k]);
        double s = 0;
        for (int64_t k = 0; k < K; ++k) s += std::exp(zc[k] - mx);
        const double log_s = std::log(s);
        double lb = 0;
        for (int64_t k = 0; k < K; ++k) {
            const std::size_t e = std::size_t(j * K + k);
            const double d = zc[k] - mx, log_a = d - log_s, a = std::exp(log_a);
            const double abs_log_a = kU32 * (std::abs(d) + std::abs(log_a)) + sum_rel +
                                     lib_rel() * (1 + log_s) + kU32;
            const double rel_a = abs_log_a + lib_rel() + kU32;
            r.A[e] = rel_a * a + kTinyAbs;
            if (Y) {
                const double yk = y[e];
                lb += std::abs(yk) * (abs_log_a + gamma(double(K) + 1) * std::abs(log_a));
                r.dZ[e] = r.A[e] + kU32 * std::abs(a - yk);
            }
        }
        r.L[std::size_t(j)] = lb + kTinyAbs;
    }
    return r;
}

/// Binary cross-entropy from logits, per element, with a = σ(z) and sp = softplus(z) =
/// max(z, 0) + log1p(e^{−|z|}): A off by sigmoid_rel·a; log1p(e) with e ≤ 1 off by at most
/// lib_rel·(e/(1 + e) + log1p e) ≤ 1.2·lib_rel, the sum by u·sp; L = sp − y·z adds u·|y·z| and
/// u·|L|; dZ = a − y adds u·|dZ| to A's error.
struct BceBounds {
    std::vector<double> A, L, dZ;
};
inline BceBounds bce(const Tensor& Z, const Tensor& Y) {
    const auto z = Z.values(), y = Y.values();
    BceBounds r;
    for (std::size_t i = 0; i < z.size(); ++i) {
        const double a = sigmoid(z[i]);
        const double sp = std::max(z[i], 0.0) + std::log1p(std::exp(-std::abs(z[i])));
        const double l = sp - y[i] * z[i];
        const double ea = sigmoid_rel() * a + kTinyAbs;
        r.A.push_back(ea);
        r.L.push_back(1.2 * lib_rel() + kU32 * (sp + std::abs(y[i] * z[i]) + std::abs(l)) + kTinyAbs);
        r.dZ.push_back(ea + kU32 * std::abs(a - y[i]));
    }
    return r;
}

/// The exponentially weighted average v' = β·v + (1 − β)·x (momentum's V, Adam's V; Adam's S
/// with x = dw², one more product): β rounded to float (u), β·v (u); 1 − β computed in float
/// from the rounded β, off by u·β/(1 − β) relative (1,000 u for β = 0.999), times x (u); the
/// sum (u). Returns the absolute bound.
inline double ewa(double beta, double v, double x, double extra_products = 0) {
    const double vn = beta * v + (1 - beta) * x;
    return kU32 * (2 * std::abs(beta * v) +
                   (beta / (1 - beta) + 2 + extra_products) * std::abs((1 - beta) * x) +
                   std::abs(vn)) +
           kTinyAbs;
}

/// Momentum after one step: V' per ewa, W' = w − lr·V': lr·δV' + 2u·|lr·V'| + u·|W'|.
struct UpdateBounds {
    std::vector<double> W, V, S;
};
inline UpdateBounds momentum(const Tensor& W, const Tensor& dW, const Tensor& V, double lr,
                             double beta) {
    const auto w = W.values(), dw = dW.values(), v = V.values();
    UpdateBounds r;
    for (std::size_t i = 0; i < w.size(); ++i) {
        const double vn = beta * v[i] + (1 - beta) * dw[i], dv = ewa(beta, v[i], dw[i]);
        const double wn = w[i] - lr * vn;
        r.V.push_back(dv);
        r.W.push_back(lr * dv + kU32 * (2 * std::abs(lr * vn) + std::abs(wn)) + kTinyAbs);
    }
    return r;
}

/// Adam after one step t (c1 = 1/(1 − β₁ᵗ), c2 = 1/(1 − β₂ᵗ)), propagating absolute errors:
/// V', S' per ewa; v̂ = V'·c1 and ŝ = S'·c2 (c rounded, the product: 2u each); √ŝ off by
/// δŝ/(2√ŝ) + u√ŝ; D = √ŝ + ε off by that + u·D; r = v̂/D off by δv̂/D + |v̂|·δD/D² + u|r|;
/// W' = w − lr·r off by lr·δr + 2u·|lr·r| + u·|W'|.
inline UpdateBounds adam(const Tensor& W, const Tensor& dW, const Tensor& V, const Tensor& S,
                         double lr, double beta1, double beta2, double eps, int64_t t) {
    const auto w = W.values(), dw = dW.values(), v = V.values(), s = S.values();
    const double c1 = 1.0 / (1.0 - std::pow(beta1, double(t)));
    const double c2 = 1.0 / (1.0 - std::pow(beta2, double(t)));
    UpdateBounds r;
    for (std::size_t i = 0; i < w.size(); ++i) {
        const double vn = beta1 * v[i] + (1 - beta1) * dw[i];
        const double sn = beta2 * s[i] + (1 - beta2) * dw[i] * dw[i];
        const double dv = ewa(beta1, v[i], dw[i]), ds = ewa(beta2, s[i], dw[i] * dw[i], 1);
        const double vh = vn * c1, sh = sn * c2;
        const double dvh = c1 * dv + 2 * kU32 * std::abs(vh);
        const double dsh = c2 * ds + 2 * kU32 * sh;
        const double rt = std::sqrt(sh);
        const double drt = (rt > 0 ? dsh / (2 * rt) : std::sqrt(dsh)) + kU32 * rt;
        const double D = rt + eps, dD = drt + kU32 * D;
        const double q = vh / D, dq = dvh / D + std::abs(vh) * dD / (D * D) + kU32 * std::abs(q);
        const double wn = w[i] - lr * q;
        r.V.push_back(dv);
        r.S.push_back(ds);
        r.W.push_back(lr * dq + kU32 * (2 * std::abs(lr * q) + std::abs(wn)) + kTinyAbs);
    }
    return r;
}

}  // namespace bound

}  // namespace dl::test
