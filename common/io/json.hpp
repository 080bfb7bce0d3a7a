/// @file json.hpp
/// @brief dl::Json: a small JSON value for the programs' `--json` output.
///
///     Json j = Json::object();
///     j["chapter"] = 1;
///     j["gates"]["and"]["converged"] = true;
///     std::cout << j.dump() << "\n";
///
/// Objects keep their keys in insertion order, so the output reads like the program's text.
/// Non-finite numbers are written as null (JSON has no NaN).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace dl {

class Json {
public:
    enum class Kind { Null, Bool, Number, String, Array, Object };

    Json() = default;
    Json(std::nullptr_t) {}
    Json(bool b) : kind_(Kind::Bool), b_(b) {}
    Json(int v) : kind_(Kind::Number), n_(v) {}
    Json(long v) : kind_(Kind::Number), n_(static_cast<double>(v)) {}
    Json(long long v) : kind_(Kind::Number), n_(static_cast<double>(v)) {}
    Json(unsigned v) : kind_(Kind::Number), n_(v) {}
    Json(unsigned long v) : kind_(Kind::Number), n_(static_cast<double>(v)) {}
    Json(unsigned long long v) : kind_(Kind::Number), n_(static_cast<double>(v)) {}
    Json(double v) : kind_(Kind::Number), n_(v) {}
    Json(float v) : kind_(Kind::Number), n_(v) {}
    Json(const char* s) : kind_(Kind::String), s_(s) {}
    Json(std::string s) : kind_(Kind::String), s_(std::move(s)) {}
    template <class T>
    Json(const std::vector<T>& v) : kind_(Kind::Array) {
        for (const auto& x : v) a_.emplace_back(x);
    }

    static Json object() {
        Json j;
        j.kind_ = Kind::Object;
        return j;
    }
    static Json array() {
        Json j;
        j.kind_ = Kind::Array;
        return j;
    }

    /// Object member (created as null when missing; a null value becomes an object).
    Json& operator[](const std::string& key);
    /// Appends to an array (a null value becomes an array).
    void push_back(Json v);

    Kind kind() const { return kind_; }
    /// Compact one-line text.
    std::string dump() const;

private:
    void dump_to(std::string& out) const;
    Kind kind_ = Kind::Null;
    bool b_ = false;
    double n_ = 0;
    std::string s_;
    std::vector<Json> a_;
    std::vector<std::pair<std::string, Json>> o_;
};

}  // namespace dl
