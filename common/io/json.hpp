/// @file json.hpp
/// @brief dl::Json: nlohmann::ordered_json, the JSON value of the programs' `--json` output and
/// of the history files.
///
///     Json j = Json::object();
///     j["chapter"] = 1;
///     j["gates"]["and"]["converged"] = true;
///     std::cout << dl::json_line(j) << "\n";
///
/// Objects keep their keys in insertion order (ordered_json), so the output reads like the
/// program's text. Non-finite numbers are written as null (JSON has no NaN).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace dl {

using Json = nlohmann::ordered_json;

/// `j` as one line of compact JSON. A string that is not valid UTF-8 (a file name in another
/// encoding) has its bad bytes replaced by U+FFFD instead of failing the run.
inline std::string json_line(const Json& j) {
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace dl
