/// @file breast_cancer.cpp
/// @brief Loader for Breast Cancer Wisconsin (see breast_cancer.hpp).
#include "breast_cancer.hpp"

#include <cmath>

#include "csv.hpp"

namespace dl {

namespace {
/// The features: ten measurements of the cell nuclei, each as a mean, a standard error and the
/// worst (largest) value over the nuclei of one image.
std::vector<std::string> feature_names() {
    const char* base[] = {"radius",    "texture",   "perimeter",      "area",     "smoothness",
                          "compactness", "concavity", "concave points", "symmetry",
                          "fractal dimension"};
    std::vector<std::string> names;
    for (const char* b : base) names.push_back(std::string("mean ") + b);
    for (const char* b : base) names.push_back(std::string(b) + " error");
    for (const char* b : base) names.push_back(std::string("worst ") + b);
    return names;
}
}  // namespace

Dataset load_breast_cancer(const std::string& path) {
    const std::vector<std::string> lines = read_text_lines(path);
    const auto header = split_csv_line(lines[0]);
    DL_CHECK(header.size() == 4, path, ":1: column ", std::min<std::size_t>(header.size() + 1, 5),
             ": expected the header 'samples,features,name0,name1' (4 columns), got ",
             header.size(), " columns");
    const double m_decl = parse_csv_number(header[0], path, 1, 1);
    const double n_decl = parse_csv_number(header[1], path, 1, 2);
    DL_CHECK(n_decl == 30, path, ":1: column 2: expected 30 features, the header says ", n_decl);
    const int n = 30;
    CsvTable t = read_numeric_csv(path, n + 1, 1);
    DL_CHECK(static_cast<double>(t.rows.size()) == m_decl, path, ":1: column 1: the header says ",
             m_decl, " samples, the file has ", t.rows.size());

    Dataset d;
    d.name = "breast_cancer";
    d.classes = 2;
    d.class_names = {header[2], header[3]};
    d.feature_names = feature_names();
    fill_features_and_labels(t, n, path, d);
    return d;
}

}  // namespace dl
