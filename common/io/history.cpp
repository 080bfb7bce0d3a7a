/// @file history.cpp
/// @brief dl::History (see history.hpp).
#include "history.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include "../core/error.hpp"
#include "atomic_file.hpp"

namespace dl {

History::History(std::string path, double save_every)
    : path_(std::move(path)), save_every_(save_every), last_save_(std::chrono::steady_clock::now()) {}

void History::add(Json row) {
    DL_CHECK(row.is_object(), "History::add: a row must be a JSON object, got ", json_line(row));
    rows_.push_back(std::move(row));
    const auto now = std::chrono::steady_clock::now();
    if (std::chrono::duration<double>(now - last_save_).count() >= save_every_) save();
}

void History::save() {
    std::string text;
    for (const auto& r : rows_) text += json_line(r) + "\n";
    write_file_atomic(path_, text);
    last_save_ = std::chrono::steady_clock::now();
}

std::vector<double> History::column(const std::string& key) const {
    std::vector<double> out;
    bool seen = false;
    for (const auto& r : rows_) {
        const auto it = r.find(key);
        if (it != r.end() && it->is_number()) {
            out.push_back(it->get<double>());
            seen = true;
        } else {
            seen = seen || it != r.end();
            out.push_back(std::numeric_limits<double>::quiet_NaN());
        }
    }
    DL_CHECK(seen || rows_.empty(), "History ", path_, ": no row has the key '", key, "'");
    return out;
}

std::vector<Json> History::read(const std::string& path) {
    std::istringstream in(read_file(path));
    std::vector<Json> rows;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        Json j = Json::parse(line, nullptr, false);
        DL_CHECK(!j.is_discarded() && j.is_object(), path, ":", n,
                 ": expected one JSON object per line, got '", line.substr(0, 60), "'");
        rows.push_back(std::move(j));
    }
    return rows;
}

}  // namespace dl
