/// @file summaries.hpp
/// @brief Section 4: the classic networks layer by layer — LeNet-5, AlexNet, VGG-16 and the
/// course's ResNet — with each layer's output shape and parameters, checked against the totals
/// the papers give.
#pragma once

#include <string>
#include <vector>

#include "io/json.hpp"

namespace ch06 {

struct NetworkSummary {
    std::string name, input;
    int64_t params = 0, macs = 0;
    int64_t published = 0;      ///< the total the paper states (0: none)
    std::string published_text; ///< "about 60,000 (LeCun et al. 1998)"
    bool matches = false;       ///< within the paper's rounding
};

std::vector<NetworkSummary> run_summaries(bool full_tables);
dl::Json to_json(const std::vector<NetworkSummary>& s);

}  // namespace ch06
