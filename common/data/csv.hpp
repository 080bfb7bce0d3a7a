/// @file csv.hpp
/// @brief A small, strict reader for the numeric CSV files the course ships.
///
/// The course's data files are plain numbers separated by commas, one sample per line,
/// sometimes after a header line. The reader is strict on purpose: a missing column, a cell
/// that is not a number or an empty file stop the program with a dl::Error naming the file,
/// the line and the column (1-based, as an editor shows them), e.g.
///
///     datasets/breast_cancer.csv:17: column 5: expected a number, got 'abc'
///
/// gzip files (recognised from their content; the shipped digits are `digits.csv.gz`) are
/// decompressed on the fly; a truncated or damaged one is an error, never a shorter table.
/// Every value must fit the float32 the data sets hold (1e39 is refused at its cell).
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "dataset.hpp"

namespace dl {

/// The lines of a text file, gzip-decompressed when it is gzip (the trailing newline and
/// carriage returns stripped). Throws dl::Error naming the file when it cannot be read, is not
/// a regular file, is a truncated or damaged gzip file, holds more than 1 GiB of text, or is
/// empty.
std::vector<std::string> read_text_lines(const std::string& path);

/// Splits one CSV line at commas (no quoting: the course's files have none); cells trimmed.
std::vector<std::string> split_csv_line(const std::string& line);

/// Parses a cell as a finite number; throws dl::Error "<file>:<line>: column <col>: expected a
/// number, got '<cell>'".
double parse_csv_number(const std::string& cell, const std::string& file, int line, int col);

/// A table of numbers: rows[i] holds the cells of one data line.
struct CsvTable {
    std::vector<std::string> header;           ///< the header line's cells (empty if none)
    std::vector<std::vector<double>> rows;     ///< the data lines, parsed
    std::vector<int> line_numbers;             ///< the file line (1-based) of each row
};

/// Reads a numeric CSV file with `columns` cells on every data line. `header_lines` lines
/// (0 or 1) are kept as text in `header`. Blank lines at the end are ignored. Throws dl::Error
/// naming file, line and column for a missing or extra column or a non-numeric cell, and for a
/// file with no data lines.
CsvTable read_numeric_csv(const std::string& path, int columns, int header_lines);

/// The label in `value` as an int in [0, classes); throws dl::Error "<file>:<line>: column
/// <col>: label <value> is not ..." naming the allowed labels otherwise.
int parse_class_label(double value, int classes, const std::string& file, int line, int col);

/// Fills d.X (n x m, float32) from the first n columns of t's m rows and d.y from column n + 1,
/// a class label in [0, d.classes). A feature outside [lo, hi] or beyond float32's range is
/// reported with the file, line and column.
void fill_features_and_labels(const CsvTable& t, int n, const std::string& path, Dataset& d,
                              double lo = -std::numeric_limits<double>::infinity(),
                              double hi = std::numeric_limits<double>::infinity());

}  // namespace dl
