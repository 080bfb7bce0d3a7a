/// @file test_util.hpp
/// @brief Helpers for the course's tests: CUDA skips, random tensors, agreement checks.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "core/device.hpp"
#include "core/rng.hpp"
#include "core/tensor.hpp"

/// Skips the current test (exit 77 through test_main.cpp) with the reason CUDA is unusable.
#define DL_REQUIRE_CUDA()                                                     \
    do {                                                                      \
        if (!::dl::cuda_available())                                          \
            GTEST_SKIP() << "CUDA test skipped: " << ::dl::cuda_unavailable_reason(); \
    } while (0)

namespace dl::test {

/// The odd sizes every parity test runs: a single element, shapes that fill no tile or warp
/// evenly, and a row or column alone.
inline std::vector<std::pair<int64_t, int64_t>> odd_sizes() {
    return {{1, 1}, {7, 13}, {129, 67}, {1, 300}, {300, 1}, {33, 65}};
}

/// A CPU float32 tensor with N(0, 1) entries.
inline Tensor randn(const Shape& s, Rng& rng, double stddev = 1.0, DType dtype = DType::F32) {
    Tensor t(s, dtype);
    rng.fill_normal(t, 0.0, stddev);
    return t;
}

/// A tensor on `device` filled with NaN, so an element a kernel never writes fails the check.
inline Tensor poisoned(const Shape& s, Device device, DType dtype = DType::F32) {
    return Tensor::full(s, std::numeric_limits<double>::quiet_NaN(), dtype, device);
}

/// Largest |got − want| / max(|want|, floor) over all elements; NaN anywhere gives +inf.
inline double max_rel_error(const Tensor& got, const Tensor& want, double floor = 1.0) {
    EXPECT_EQ(got.shape(), want.shape());
    const auto g = got.values(), w = want.values();
    double worst = 0.0;
    for (std::size_t i = 0; i < g.size() && i < w.size(); ++i) {
        if (std::isnan(g[i]) || std::isnan(w[i])) return std::numeric_limits<double>::infinity();
        worst = std::max(worst, std::abs(g[i] - w[i]) / std::max(std::abs(w[i]), floor));
    }
    return worst;
}

/// Asserts two tensors agree elementwise: |got − want| <= rtol · max(|want|, floor).
#define DL_EXPECT_CLOSE(got, want, rtol, floor)                                              \
    do {                                                                                     \
        const double dl_err_ = ::dl::test::max_rel_error((got), (want), (floor));            \
        EXPECT_LE(dl_err_, (rtol)) << "max relative error " << dl_err_ << " exceeds " << (rtol); \
    } while (0)

/// The message of the dl::Error that f throws, or "(no error)".
inline std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

/// A fresh temporary folder for crafted files, removed with everything in it at the end.
class TempDir {
public:
    explicit TempDir(const std::string& tag) {
        path_ = std::filesystem::temp_directory_path() /
                ("dl_test_" + tag + "_" + std::to_string(::getpid()));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string dir() const { return path_.string(); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

}  // namespace dl::test

/// Expects `call` to throw a dl::Error whose message contains `part`.
#define DL_EXPECT_ERROR_HAS(call, part)                                               \
    do {                                                                              \
        const std::string dl_msg_ = ::dl::test::error_of([&] { call; });              \
        EXPECT_NE(dl_msg_.find(part), std::string::npos) << "message: " << dl_msg_;   \
    } while (0)
