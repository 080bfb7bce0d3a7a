/// @file digits.cpp
/// @brief Loader for the 8x8 digits (see digits.hpp).
#include "digits.hpp"

#include "csv.hpp"

namespace dl {

Dataset load_digits(const std::string& path) {
    constexpr int n = 64;
    CsvTable t = read_numeric_csv(path, n + 1, 0);
    Dataset d;
    d.name = "digits";
    d.classes = 10;
    for (int c = 0; c < 10; ++c) d.class_names.push_back(std::to_string(c));
    for (int r = 0; r < 8; ++r)
        for (int c = 0; c < 8; ++c) d.feature_names.push_back(cat("pixel ", r, ",", c));
    const auto m = static_cast<int64_t>(t.rows.size());
    d.X = Tensor(Shape::matrix(n, m));
    float* x = d.X.data<float>();
    d.y.resize(static_cast<std::size_t>(m));
    for (int64_t j = 0; j < m; ++j) {
        const auto& row = t.rows[static_cast<std::size_t>(j)];
        const int line = t.line_numbers[static_cast<std::size_t>(j)];
        for (int i = 0; i < n; ++i) {
            const double v = row[static_cast<std::size_t>(i)];
            DL_CHECK(v >= 0 && v <= 16, path, ":", line, ": column ", i + 1, ": pixel ", v,
                     " outside 0..16");
            x[j * n + i] = static_cast<float>(v);
        }
        d.y[static_cast<std::size_t>(j)] = parse_class_label(row[n], 10, path, line, n + 1);
    }
    return d;
}

}  // namespace dl
