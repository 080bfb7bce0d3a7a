/// @file summaries.cpp
/// @brief The networks' summaries (see summaries.hpp).
#include "summaries.hpp"

#include <cmath>
#include <cstdio>

#include "nn/models.hpp"

namespace ch06 {

using namespace dl;

std::vector<NetworkSummary> run_summaries(bool full_tables) {
    std::printf("\n== 4. LeNet-5, AlexNet, VGG-16 and the course's ResNet, layer by layer ==\n");
    struct Net {
        const char* name;
        std::unique_ptr<nn::Sequential> net;
        Shape input;
        int64_t published;
        double tolerance;  ///< relative: the paper rounds its total
        const char* text;
        bool print;
    };
    std::vector<Net> nets;
    nets.push_back({"LeNet-5", nn::lenet5(), Shape::images(1, 1, 28, 28), 60000, 0.05,
                    "about 60,000 (LeCun et al. 1998)", true});
    nets.push_back({"AlexNet", nn::alexnet(), Shape::images(1, 3, 227, 227), 60000000, 0.05,
                    "about 60 million (Krizhevsky et al. 2012)", full_tables});
    nets.push_back({"VGG-16", nn::vgg16(), Shape::images(1, 3, 224, 224), 138000000, 0.005,
                    "138 million (Simonyan & Zisserman 2015, table 2)", full_tables});
    nets.push_back({"small ResNet", nn::small_resnet(), Shape::images(1, 1, 28, 28), 0, 0,
                    "(the course's: 3 stages of 2 blocks, 16/32/64 filters)", true});
    std::vector<NetworkSummary> out;
    for (Net& n : nets) {
        const auto rows = nn::summarize(*n.net, n.input);
        NetworkSummary s;
        s.name = n.name;
        s.input = nn::sample_str(n.input);
        s.params = rows.front().params;
        s.macs = rows.front().macs;
        s.published = n.published;
        s.published_text = n.text;
        s.matches = n.published == 0 ||
                    std::abs(double(s.params - n.published)) <= n.tolerance * double(n.published);
        std::printf("\n%s on %s inputs: %lld parameters (paper: %s)%s; %.3g million multiply-adds "
                    "per image.\n", n.name, s.input.c_str(), (long long)s.params, n.text,
                    n.published == 0 ? "" : s.matches ? " — matches" : " — DOES NOT MATCH",
                    double(s.macs) / 1e6);
        if (n.print) std::printf("%s", nn::format_summary(rows, s.params).c_str());
        out.push_back(s);
    }
    std::printf("\nMost parameters sit in the dense layers (AlexNet's fc6 alone: 37.7 million), "
                "the convolutions have few but do most of the arithmetic\n(lecture 004: "
                "\"许多参数存在于全连接层\"). The ResNet replaces them by global average pooling.\n");
    return out;
}

Json to_json(const std::vector<NetworkSummary>& s) {
    Json j = Json::object();
    for (const auto& n : s) {
        Json o = Json::object();
        o["parameters"] = n.params;
        o["macs_per_image"] = n.macs;
        o["published"] = n.published ? Json(n.published) : Json(nullptr);
        o["matches_paper"] = n.matches;
        j[n.name] = o;
    }
    return j;
}

}  // namespace ch06
