/// @file fuzz_csv.cpp
/// @brief Fuzz target: the CSV loaders (common/data/csv, breast_cancer, digits) on any bytes,
/// and the stratified split of what loads (the split once crashed on an empty test set).
#include "data/breast_cancer.hpp"
#include "data/csv.hpp"
#include "data/digits.hpp"
#include "fuzz_input.hpp"

namespace {
void load_and_split(const std::string& path) {
    for (auto loader : {&dl::load_breast_cancer, &dl::load_digits}) {
        try {
            const dl::Dataset d = loader(path);
            dl::Rng rng(1);
            dl::stratified_split(d, 0.2, rng);
        } catch (const dl::Error&) {
        }
    }
    try {
        dl::read_numeric_csv(path, 3, 1);
    } catch (const dl::Error&) {
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    load_and_split(dl::fuzz::as_file("input.csv", data, size));
    return 0;
}
