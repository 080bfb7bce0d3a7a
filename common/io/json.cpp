#include "json.hpp"

#include <cmath>
#include <cstdio>

namespace dl {

Json& Json::operator[](const std::string& key) {
    if (kind_ == Kind::Null) kind_ = Kind::Object;
    for (auto& kv : o_)
        if (kv.first == key) return kv.second;
    o_.emplace_back(key, Json());
    return o_.back().second;
}

void Json::push_back(Json v) {
    if (kind_ == Kind::Null) kind_ = Kind::Array;
    a_.push_back(std::move(v));
}

std::string Json::dump() const {
    std::string out;
    dump_to(out);
    return out;
}

namespace {
void escape(const std::string& s, std::string& out) {
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    out += '"';
}
}  // namespace

void Json::dump_to(std::string& out) const {
    switch (kind_) {
        case Kind::Null: out += "null"; break;
        case Kind::Bool: out += b_ ? "true" : "false"; break;
        case Kind::Number: {
            if (!std::isfinite(n_)) {
                out += "null";
            } else if (n_ == std::floor(n_) && std::fabs(n_) < 1e15) {
                out += std::to_string(static_cast<long long>(n_));
            } else {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.10g", n_);
                out += buf;
            }
            break;
        }
        case Kind::String: escape(s_, out); break;
        case Kind::Array:
            out += '[';
            for (std::size_t i = 0; i < a_.size(); ++i) {
                if (i) out += ',';
                a_[i].dump_to(out);
            }
            out += ']';
            break;
        case Kind::Object:
            out += '{';
            for (std::size_t i = 0; i < o_.size(); ++i) {
                if (i) out += ',';
                escape(o_[i].first, out);
                out += ':';
                o_[i].second.dump_to(out);
            }
            out += '}';
            break;
    }
}

}  // namespace dl
