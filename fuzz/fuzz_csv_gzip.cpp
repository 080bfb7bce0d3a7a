/// @file fuzz_csv_gzip.cpp
/// @brief Fuzz target: the CSV loaders on gzip files, whole, cut, damaged or with a tail
/// (see dl::fuzz::gzip_variant). A cut stream must be an error, never fewer rows.
#include "data/breast_cancer.hpp"
#include "data/csv.hpp"
#include "data/digits.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string path = dl::fuzz::as_file("input.csv.gz", dl::fuzz::gzip_variant(data, size));
    for (auto loader : {&dl::load_digits, &dl::load_breast_cancer}) {
        try {
            loader(path);
        } catch (const dl::Error&) {
        }
    }
    return 0;
}
