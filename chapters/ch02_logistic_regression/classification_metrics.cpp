/// @file classification_metrics.cpp
/// @brief Confusion matrix and the scores derived from it (see classification_metrics.hpp).
#include "classification_metrics.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "core/error.hpp"

namespace ch02 {

Confusion::Confusion(int classes, const std::vector<int>& truth, const std::vector<int>& predicted)
    : counts(static_cast<std::size_t>(classes), std::vector<long>(static_cast<std::size_t>(classes), 0)) {
    DL_CHECK(truth.size() == predicted.size(), "confusion matrix: ", truth.size(), " labels but ",
             predicted.size(), " predictions");
    DL_CHECK(!truth.empty(), "confusion matrix: the evaluated set is empty (it needs at least one "
             "sample; an accuracy of 0/0 means nothing)");
    for (std::size_t j = 0; j < truth.size(); ++j) {
        DL_CHECK(truth[j] >= 0 && truth[j] < classes && predicted[j] >= 0 && predicted[j] < classes,
                 "confusion matrix: class out of range at sample ", j);
        ++counts[static_cast<std::size_t>(truth[j])][static_cast<std::size_t>(predicted[j])];
    }
}

long Confusion::total() const {
    long t = 0;
    for (const auto& r : counts)
        for (long c : r) t += c;
    return t;
}

double Confusion::accuracy() const {
    long right = 0;
    for (int k = 0; k < classes(); ++k) right += counts[k][k];
    return total() ? static_cast<double>(right) / static_cast<double>(total()) : 0.0;
}

//! [precision_recall]
double Confusion::precision(int p) const {
    long called = 0;  // TP + FP: everything predicted as p
    for (int t = 0; t < classes(); ++t) called += counts[t][p];
    return called ? static_cast<double>(counts[p][p]) / static_cast<double>(called) : 0.0;
}

double Confusion::recall(int p) const {
    long actual = 0;  // TP + FN: everything that truly is p
    for (int q = 0; q < classes(); ++q) actual += counts[p][q];
    return actual ? static_cast<double>(counts[p][p]) / static_cast<double>(actual) : 0.0;
}

double Confusion::f1(int p) const {
    const double P = precision(p), R = recall(p);
    return P + R > 0 ? 2 * P * R / (P + R) : 0.0;
}
//! [precision_recall]

std::string Confusion::table(const std::vector<std::string>& names) const {
    std::size_t w = 6;
    for (const auto& n : names) w = std::max(w, n.size() + 1);
    std::ostringstream os;
    os << "   " << std::setw(static_cast<int>(w)) << "true\\pred";
    for (int p = 0; p < classes(); ++p) os << std::setw(static_cast<int>(w)) << names[p];
    os << "\n";
    for (int t = 0; t < classes(); ++t) {
        os << "   " << std::setw(static_cast<int>(w)) << names[t];
        for (int p = 0; p < classes(); ++p) os << std::setw(static_cast<int>(w)) << counts[t][p];
        os << "\n";
    }
    return os.str();
}

}  // namespace ch02
