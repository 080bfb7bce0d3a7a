/// @file test_util.hpp
/// @brief Helpers for the course's tests: CUDA skips, random tensors, agreement checks
/// (the bounds themselves are in tolerances.hpp).
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
#include "tolerances.hpp"

/// Runs the rest of the test only when a GPU can be used (cuda_status() in core/device.hpp):
///   - no GPU (no NVIDIA driver, or a driver that sees no device) or a build without CUDA:
///     the test is skipped (test_main.cpp exits 77) with the reason, unless DL_REQUIRE_GPU=1,
///     which makes it a failure: on a GPU machine a skip means nothing was tested;
///   - a driver too old for this build, or any other CUDA error: the test fails, naming it.
#define DL_REQUIRE_CUDA()                                                                     \
    do {                                                                                      \
        const ::dl::CudaStatus dl_st_ = ::dl::cuda_status();                                  \
        if (dl_st_.state == ::dl::CudaState::Broken)                                          \
            FAIL() << "CUDA cannot be used on this machine: " << dl_st_.reason;               \
        if (dl_st_.state != ::dl::CudaState::Usable) {                                        \
            if (::dl::gpu_required())                                                         \
                FAIL() << "DL_REQUIRE_GPU=1, but this CUDA test cannot run: " << dl_st_.reason; \
            GTEST_SKIP() << "CUDA test skipped: " << dl_st_.reason;                           \
        }                                                                                     \
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

/// Largest |got − want| / max(|want|, floor) over all elements; +inf for a NaN anywhere and
/// for a reference infinity the result does not match exactly (see tolerances.hpp).
inline double max_rel_error(const Tensor& got, const Tensor& want, double floor = 1.0) {
    EXPECT_EQ(got.shape(), want.shape());
    return max_rel_error(got.values(), want.values(), floor);
}

/// Asserts two tensors agree elementwise: |got − want| <= rtol · max(|want|, floor), and a
/// reference infinity is matched exactly.
#define DL_EXPECT_CLOSE(got, want, rtol, floor)                                              \
    do {                                                                                     \
        const double dl_err_ = ::dl::test::max_rel_error((got), (want), (floor));            \
        EXPECT_LE(dl_err_, (rtol)) << "max relative error " << dl_err_ << " exceeds " << (rtol); \
    } while (0)

/// Asserts got agrees with want within `sides` times the per-element bound (tolerances.hpp:
/// 1 against an exact or double-precision reference, kTwins for two float32 twins).
#define DL_EXPECT_AGREE(got, want, bound, sides)                                  \
    do {                                                                          \
        const ::dl::test::Agreement dl_ag_ = ::dl::test::agree((got), (want), (bound), (sides)); \
        EXPECT_TRUE(dl_ag_.ok) << dl_ag_.str();                                   \
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
