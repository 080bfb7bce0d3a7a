/// @file shape.hpp
/// @brief dl::Shape: the dimensions of a tensor, the samples always last.
///
/// The course follows the lecture's layout: samples are columns. A batch of m samples with n
/// features is the n x m matrix X, stored column by column (Eigen's default column-major
/// order). Shapes list their dimensions from the fastest-varying to the slowest, and the last
/// dimension always counts samples:
///
/// | data                  | constructor                 | dimensions     | matrix view      |
/// |-----------------------|-----------------------------|----------------|------------------|
/// | features x samples    | Shape::matrix(n, m)         | [n x m]        | n x m            |
/// | images, CHW per column| Shape::images(N, C, H, W)   | [W x H x C x N]| (C·H·W) x N      |
/// | sequences             | Shape::sequence(D, N, T)    | [D x N x T]    | (D·N) x T        |
///
/// Because the sample index varies slowest, the memory of an n x m column-major matrix is the
/// memory of a PyTorch batch-first (m, n) tensor, and the memory of images is PyTorch's NCHW.
/// A sequence keeps each time step's D x N matrix contiguous, which is what an LSTM reads.
///
/// There is no rank-1 shape: a vector is a column (n x 1) or a row (1 x n). This is how the
/// course avoids numpy's rank-1 pitfall, where a length-n array is neither a row nor a column.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <string>

#include "error.hpp"

namespace dl {

class Shape {
public:
    static constexpr int kMaxRank = 4;

    /// An empty shape (rank 0, no elements); the shape of a default-constructed tensor.
    Shape() = default;

    /// Dimensions from the fastest-varying to the slowest; rank 2 to 4, every dimension >= 0.
    Shape(std::initializer_list<int64_t> dims) {
        DL_CHECK(dims.size() >= 2 && dims.size() <= kMaxRank,
                 "a shape has 2 to ", kMaxRank, " dimensions, got ", dims.size(),
                 dims.size() == 1 ? " (rank-1 arrays are not allowed: use a column n x 1 or a "
                                    "row 1 x n)"
                                  : "");
        for (int64_t d : dims) {
            DL_CHECK(d >= 0, "a shape's dimensions must be >= 0, got ", d);
            d_[rank_++] = d;
        }
    }

    /// n rows (features) by m columns (samples).
    static Shape matrix(int64_t rows, int64_t cols) { return Shape{rows, cols}; }
    /// A column vector n x 1 (a bias b, a row sum).
    static Shape column(int64_t n) { return Shape{n, 1}; }
    /// A row vector 1 x m (a cost per sample, labels).
    static Shape row(int64_t m) { return Shape{1, m}; }
    /// N images of C channels, H rows and W columns, stored CHW inside each column.
    static Shape images(int64_t N, int64_t C, int64_t H, int64_t W) { return Shape{W, H, C, N}; }
    /// T time steps, each a D x N matrix (D features, N sequences in the batch).
    static Shape sequence(int64_t D, int64_t N, int64_t T) { return Shape{D, N, T}; }

    int rank() const { return rank_; }
    int64_t operator[](int i) const {
        DL_CHECK(i >= 0 && i < rank_, "shape index ", i, " out of range for rank ", rank_);
        return d_[i];
    }
    int64_t numel() const {
        if (rank_ == 0) return 0;
        int64_t n = 1;
        for (int i = 0; i < rank_; ++i) n *= d_[i];
        return n;
    }
    /// Samples: the last dimension (0 for an empty shape).
    int64_t cols() const { return rank_ ? d_[rank_ - 1] : 0; }
    /// Features per sample: the product of every dimension but the last.
    int64_t rows() const {
        if (rank_ == 0) return 0;
        int64_t n = 1;
        for (int i = 0; i + 1 < rank_; ++i) n *= d_[i];
        return n;
    }
    /// The same shape with the last dimension (samples) replaced.
    Shape with_cols(int64_t cols) const {
        Shape s = *this;
        DL_CHECK(rank_ > 0 && cols >= 0, "with_cols(", cols, ") on shape ", str());
        s.d_[rank_ - 1] = cols;
        return s;
    }

    bool operator==(const Shape& o) const {
        if (rank_ != o.rank_) return false;
        for (int i = 0; i < rank_; ++i)
            if (d_[i] != o.d_[i]) return false;
        return true;
    }
    bool operator!=(const Shape& o) const { return !(*this == o); }

    /// "[3 x 4]", "[28 x 28 x 1 x 64]", "[]" for an empty shape.
    std::string str() const {
        std::string s = "[";
        for (int i = 0; i < rank_; ++i) {
            if (i) s += " x ";
            s += std::to_string(d_[i]);
        }
        return s + "]";
    }

private:
    std::array<int64_t, kMaxRank> d_{};
    int rank_ = 0;
};

inline std::ostream& operator<<(std::ostream& os, const Shape& s) { return os << s.str(); }

/// Throws dl::Error unless `actual == expected`, naming `what`, both shapes. (`what` is a plain
/// C string so that a check that passes costs no allocation: kernels run it every step.)
inline void check_shape(const Shape& actual, const Shape& expected, const char* what) {
    DL_CHECK(actual == expected, what, ": expected shape ", expected.str(), ", got ",
             actual.str());
}

}  // namespace dl
