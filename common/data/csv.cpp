/// @file csv.cpp
/// @brief The strict CSV reader (see csv.hpp).
#include "csv.hpp"

#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdlib>

#include "../core/error.hpp"
#include "../io/provenance.hpp"
#include "data_file.hpp"

namespace dl {

namespace {
std::string trim(const std::string& s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
    return s.substr(b, e - b);
}
}  // namespace

std::vector<std::string> read_text_lines(const std::string& path) {
    // The course's CSV files are at most a few MB; 1 GiB of text is a damaged or wrong file.
    const std::string text = DataFile(path).read_all(std::size_t(1) << 30);
    record_input_file(path);  // its SHA-256 goes into the run's config.toml
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
        start = end + 1;
    }
    while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
    DL_CHECK(!lines.empty(), path, ": the file is empty");
    return lines;
}

std::vector<std::string> split_csv_line(const std::string& line) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = line.find(',', start);
        if (comma == std::string::npos) {
            cells.push_back(trim(line.substr(start)));
            break;
        }
        cells.push_back(trim(line.substr(start, comma - start)));
        start = comma + 1;
    }
    return cells;
}

double parse_csv_number(const std::string& cell, const std::string& file, int line, int col) {
    DL_CHECK(!cell.empty(), file, ":", line, ": column ", col, ": expected a number, got an empty cell");
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(cell.c_str(), &end);
    DL_CHECK(end == cell.c_str() + cell.size() && errno != ERANGE && std::isfinite(v), file, ":",
             line, ": column ", col, ": expected a number, got '", cell, "'");
    return v;
}

CsvTable read_numeric_csv(const std::string& path, int columns, int header_lines) {
    const std::vector<std::string> lines = read_text_lines(path);
    CsvTable t;
    DL_CHECK(static_cast<int>(lines.size()) > header_lines, path,
             ": no data lines after the header");
    if (header_lines > 0) t.header = split_csv_line(lines[0]);
    for (std::size_t i = static_cast<std::size_t>(header_lines); i < lines.size(); ++i) {
        const int line_no = static_cast<int>(i) + 1;
        const auto cells = split_csv_line(lines[i]);
        DL_CHECK(static_cast<int>(cells.size()) >= columns, path, ":", line_no, ": column ",
                 cells.size() + 1, ": missing (expected ", columns, " columns, got ",
                 cells.size(), ")");
        DL_CHECK(static_cast<int>(cells.size()) == columns, path, ":", line_no, ": column ",
                 columns + 1, ": unexpected extra column (expected ", columns, " columns, got ",
                 cells.size(), ")");
        std::vector<double> row(static_cast<std::size_t>(columns));
        for (int c = 0; c < columns; ++c)
            row[static_cast<std::size_t>(c)] = parse_csv_number(cells[static_cast<std::size_t>(c)], path, line_no, c + 1);
        t.rows.push_back(std::move(row));
        t.line_numbers.push_back(line_no);
    }
    return t;
}

int parse_class_label(double value, int classes, const std::string& file, int line, int col) {
    const bool ok = std::floor(value) == value && value >= 0 && value < classes;
    if (!ok) {
        if (classes == 2)
            fail(file, ":", line, ": column ", col, ": label ", value,
                 " is not 0 or 1 (binary labels must be in {0,1})");
        fail(file, ":", line, ": column ", col, ": label ", value, " is not a class index 0..",
             classes - 1);
    }
    return static_cast<int>(value);
}

void fill_features_and_labels(const CsvTable& t, int n, const std::string& path, Dataset& d,
                              double lo, double hi) {
    const auto m = static_cast<int64_t>(t.rows.size());
    d.X = Tensor(Shape::matrix(n, m));
    float* x = d.X.data<float>();
    d.y.resize(static_cast<std::size_t>(m));
    for (int64_t j = 0; j < m; ++j) {
        const auto& row = t.rows[static_cast<std::size_t>(j)];
        const int line = t.line_numbers[static_cast<std::size_t>(j)];
        for (int i = 0; i < n; ++i) {
            const double v = row[static_cast<std::size_t>(i)];
            DL_CHECK(v >= lo && v <= hi, path, ":", line, ": column ", i + 1, ": value ", v,
                     " outside ", lo, "..", hi);
            // X is float32: a value beyond its range would become infinite in memory and show
            // up later as a diverging cost, far from the cell that caused it.
            DL_CHECK(std::fabs(v) <= FLT_MAX, path, ":", line, ": column ", i + 1, ": value ", v,
                     " does not fit in float32 (largest magnitude ", FLT_MAX, ")");
            x[j * n + i] = static_cast<float>(v);  // column j is sample j
        }
        d.y[static_cast<std::size_t>(j)] = parse_class_label(row[n], d.classes, path, line, n + 1);
    }
}

}  // namespace dl
