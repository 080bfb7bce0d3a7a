/// @file dataset.cpp
/// @brief One-hot labels, column selection, stratified splits, standardisation.
#include "dataset.hpp"

#include <cmath>
#include <filesystem>
#include <system_error>

#include "../core/eigen_view.hpp"

namespace dl {

Tensor one_hot(const std::vector<int>& y, int classes) {
    DL_CHECK(classes > 0, "one_hot: classes must be > 0, got ", classes);
    Tensor Y = Tensor::zeros(Shape::matrix(classes, static_cast<int64_t>(y.size())));
    float* p = Y.data<float>();
    for (std::size_t j = 0; j < y.size(); ++j) {
        DL_CHECK(y[j] >= 0 && y[j] < classes, "one_hot: label ", y[j], " of sample ", j,
                 " outside [0, ", classes, ")");
        p[j * static_cast<std::size_t>(classes) + static_cast<std::size_t>(y[j])] = 1.0f;
    }
    return Y;
}

Tensor label_row(const std::vector<int>& y) {
    Tensor Y(Shape::row(static_cast<int64_t>(y.size())));
    float* p = Y.data<float>();
    for (std::size_t j = 0; j < y.size(); ++j) p[j] = static_cast<float>(y[j]);
    return Y;
}

Dataset select(const Dataset& d, const std::vector<int64_t>& idx) {
    Dataset out;
    out.name = d.name;
    out.classes = d.classes;
    out.class_names = d.class_names;
    out.feature_names = d.feature_names;
    const int64_t n = d.X.rows(), m = d.X.cols();
    out.X = Tensor(Shape::matrix(n, static_cast<int64_t>(idx.size())));
    auto src = mat<float>(d.X);
    auto dst = mat<float>(out.X);
    out.y.resize(idx.size());
    for (std::size_t k = 0; k < idx.size(); ++k) {
        const int64_t j = idx[k];
        DL_CHECK(j >= 0 && j < m, "select: index ", j, " outside [0, ", m, ") of data set '",
                 d.name, "'");
        dst.col(static_cast<Eigen::Index>(k)) = src.col(j);
        out.y[k] = d.y[static_cast<std::size_t>(j)];
    }
    return out;
}

std::vector<int64_t> class_counts(const Dataset& d) {
    std::vector<int64_t> counts(static_cast<std::size_t>(std::max(d.classes, 0)), 0);
    for (int label : d.y)
        if (label >= 0 && label < d.classes) ++counts[static_cast<std::size_t>(label)];
    return counts;
}

std::pair<Dataset, Dataset> stratified_split(const Dataset& d, double test_fraction, Rng& rng) {
    DL_CHECK(test_fraction > 0.0 && test_fraction < 1.0,
             "stratified_split: test_fraction must be in (0, 1), got ", test_fraction);
    DL_CHECK(static_cast<int64_t>(d.y.size()) == d.X.cols(), "stratified_split: ", d.y.size(),
             " labels for ", d.X.cols(), " samples");
    std::vector<std::vector<int64_t>> by_class(static_cast<std::size_t>(d.classes));
    for (std::size_t j = 0; j < d.y.size(); ++j) {
        DL_CHECK(d.y[j] >= 0 && d.y[j] < d.classes, "stratified_split: label ", d.y[j],
                 " outside [0, ", d.classes, ")");
        by_class[static_cast<std::size_t>(d.y[j])].push_back(static_cast<int64_t>(j));
    }
    std::vector<int64_t> train, test;
    for (auto& members : by_class) {
        rng.shuffle(members);
        const auto count = static_cast<int64_t>(members.size());
        auto n_test = static_cast<int64_t>(std::llround(test_fraction * static_cast<double>(count)));
        if (count >= 2) n_test = std::min(std::max<int64_t>(n_test, 1), count - 1);
        test.insert(test.end(), members.begin(), members.begin() + n_test);
        train.insert(train.end(), members.begin() + n_test, members.end());
    }
    // Both parts must hold a sample: an empty test set would be evaluated as 0/0, an empty
    // training set trains nothing. A class of at least 2 samples puts one in each part.
    if (train.empty() || test.empty()) {
        const std::vector<int64_t> counts = class_counts(d);
        std::string per_class;
        for (std::size_t k = 0; k < counts.size(); ++k)
            per_class += cat(k ? ", " : "",
                             k < d.class_names.size() ? d.class_names[k] : std::to_string(k),
                             ": ", counts[k]);
        fail(d.name.empty() ? std::string("the data set") : d.name, ": ", d.y.size(),
             d.y.size() == 1 ? " sample" : " samples", " (per class ", per_class, ") cannot be split ",
             std::llround(100 * (1 - test_fraction)), "/", std::llround(100 * test_fraction),
             " into a training and a test set: the ", train.empty() ? "training" : "test",
             " set would be empty; a split needs at least 2 samples of one class");
    }
    // Interleave the classes so a mini-batch of the first columns is not all one class.
    rng.shuffle(train);
    rng.shuffle(test);
    return {select(d, train), select(d, test)};
}

std::string find_dataset_file(const std::string& file) {
    namespace fs = std::filesystem;
    std::vector<fs::path> starts;
    std::error_code ec;
    starts.push_back(fs::current_path(ec));
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) starts.push_back(exe.parent_path());
    std::string tried;
    for (const fs::path& start : starts) {
        fs::path dir = start;
        for (int up = 0; up < 6 && !dir.empty(); ++up) {
            const fs::path candidate = dir / "datasets" / file;
            if (fs::is_regular_file(candidate, ec)) return candidate.string();
            if (up == 0) tried += (tried.empty() ? "" : ", ") + (dir / "datasets").string();
            if (dir == dir.parent_path()) break;
            dir = dir.parent_path();
        }
    }
    fail("data file ", file, " not found in datasets/ (looked in ", tried,
         " and their parent folders); pass its path with --data");
}

Standardizer Standardizer::fit(const Tensor& X) {
    DL_CHECK(X.is_cpu() && X.dtype() == DType::F32, "Standardizer::fit: expected a CPU float32 "
             "matrix, got ", describe(X));
    DL_CHECK(X.cols() > 0, "Standardizer::fit: no samples in ", describe(X));
    const auto x = mat<float>(X).cast<double>();
    const Eigen::VectorXd mu = x.rowwise().mean();
    const Eigen::VectorXd var = (x.colwise() - mu).array().square().rowwise().mean();
    Standardizer s;
    s.mean = Tensor(Shape::column(X.rows()));
    s.stddev = Tensor(Shape::column(X.rows()));
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        const double sd = std::sqrt(var(i));
        s.mean.data<float>()[i] = static_cast<float>(mu(i));
        s.stddev.data<float>()[i] = sd > 1e-12 ? static_cast<float>(sd) : 1.0f;  // σ = 0 → 1
    }
    return s;
}

void Standardizer::apply(Tensor& X) const {
    DL_CHECK(X.is_cpu() && X.dtype() == DType::F32, "Standardizer::apply: expected a CPU "
             "float32 matrix, got ", describe(X));
    DL_CHECK(X.rows() == mean.rows(), "Standardizer::apply: fitted on ", mean.rows(),
             " features, X has ", X.rows());
    auto x = mat<float>(X);
    const auto mu = mat<float>(mean).col(0);
    const auto sd = mat<float>(stddev).col(0);
    x = ((x.colwise() - mu).array().colwise() / sd.array()).matrix();
}

}  // namespace dl
