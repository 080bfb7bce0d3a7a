/// @file fuzz_points.cpp
/// @brief Fuzz target: chapter 1's loader of 2-D points (--data FILE.csv, lines x1,x2,label).
#include "fuzz_input.hpp"
#include "points.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    try {
        ch01::load_points_csv(dl::fuzz::as_file("points.csv", data, size));
    } catch (const dl::Error&) {
    }
    return 0;
}
