/// @file finite_results.cpp
/// @brief Finding a non-finite result (a JSON null) by its path (see finite_results.hpp).
#include "finite_results.hpp"

#include <cctype>
#include <cstring>

#include "../core/error.hpp"

namespace dl {

namespace {

/// A recursive-descent walk over JSON text that stops at the first null and remembers the
/// path that led to it.
class NullFinder {
public:
    explicit NullFinder(const std::string& text) : s_(text) {}

    /// The path of the first null ("" when the value itself is null), or false when none.
    bool find(std::string& path) {
        found_ = false;
        value(0);
        skip_space();
        if (!found_ && pos_ != s_.size()) bad("text after the value");
        path = path_;
        return found_;
    }

private:
    [[noreturn]] void bad(const char* what) const {
        fail("require_finite_results: the results are not JSON (", what, " at offset ", pos_, ")");
    }
    void skip_space() {
        while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    bool take(const char* word) {
        const std::size_t n = std::strlen(word);
        if (s_.compare(pos_, n, word) != 0) return false;
        pos_ += n;
        return true;
    }
    std::string string() {  // at the opening quote; returns the raw (escaped) contents
        const std::size_t start = ++pos_;
        while (pos_ < s_.size() && s_[pos_] != '"') pos_ += s_[pos_] == '\\' ? 2 : 1;
        if (pos_ >= s_.size()) bad("an unterminated string");
        return s_.substr(start, pos_++ - start);
    }
    void value(int depth) {
        if (depth > 256) bad("nesting deeper than 256");
        skip_space();
        if (pos_ >= s_.size()) bad("a missing value");
        const char c = s_[pos_];
        if (c == '{' || c == '[') {
            ++pos_;
            const std::size_t keep = path_.size();
            skip_space();
            const char close = c == '{' ? '}' : ']';
            if (pos_ < s_.size() && s_[pos_] == close) {
                ++pos_;
                return;
            }
            for (long index = 0;; ++index) {
                path_.resize(keep);
                if (c == '{') {
                    skip_space();
                    if (pos_ >= s_.size() || s_[pos_] != '"') bad("a missing key");
                    path_ += (keep ? "." : "") + string();
                    skip_space();
                    if (!take(":")) bad("a missing ':'");
                } else {
                    path_ += "[" + std::to_string(index) + "]";
                }
                value(depth + 1);
                if (found_) return;
                skip_space();
                if (take(",")) continue;
                if (pos_ < s_.size() && s_[pos_] == close) {
                    ++pos_;
                    path_.resize(keep);
                    return;
                }
                bad("a missing ',' or closing bracket");
            }
        }
        if (c == '"') {
            string();
        } else if (take("null")) {
            found_ = true;
        } else if (!take("true") && !take("false")) {
            const std::size_t start = pos_;
            while (pos_ < s_.size() && std::strchr("+-0123456789.eE", s_[pos_])) ++pos_;
            if (pos_ == start) bad("an unexpected character");
        }
    }

    const std::string& s_;
    std::size_t pos_ = 0;
    std::string path_;
    bool found_ = false;
};

}  // namespace

void require_finite_results(const std::string& results_json, const std::string& hint) {
    std::string path;
    if (!NullFinder(results_json).find(path)) return;
    fail("the result ", path.empty() ? std::string("value") : path,
         " is not a finite number (NaN or infinite): the computation diverged or overflowed",
         hint.empty() ? "" : "; ", hint);
}

}  // namespace dl
