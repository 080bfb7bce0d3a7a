/// @file models.cpp
/// @brief The convolutional networks and the residual block (see models.hpp).
#include "models.hpp"

#include <cstdio>

#include "activation_layer.hpp"
#include "batchnorm.hpp"
#include "dense.hpp"
#include "flatten.hpp"
#include "model.hpp"
#include "param_store.hpp"
#include "pool.hpp"

namespace dl::nn {

namespace {
template <class L, class... Args>
L& add_named(Sequential& s, const std::string& name, Args&&... args) {
    L& l = s.add<L>(std::forward<Args>(args)...);
    l.set_name(name);
    return l;
}
}  // namespace

//! [residual_block]
std::unique_ptr<Residual> residual_block(int64_t in_channels, int64_t out_channels,
                                         int64_t stride, ConvAlgo algo) {
    DL_CHECK(in_channels >= 1 && out_channels >= 1 && stride >= 1, "residual_block: expected "
             "channels >= 1 and stride >= 1, got ", in_channels, " → ", out_channels, ", stride ",
             stride);
    auto body = std::make_unique<Sequential>();
    add_named<Conv2d>(*body, "conv1", out_channels, 3, stride, 1, false, algo);  // 3x3, same
    add_named<BatchNorm2d>(*body, "bn1");
    add_named<ActivationLayer>(*body, "relu", Activation::ReLU);
    add_named<Conv2d>(*body, "conv2", out_channels, 3, 1, 1, false, algo);
    add_named<BatchNorm2d>(*body, "bn2");
    if (stride == 1 && in_channels == out_channels)
        return std::make_unique<Residual>(std::move(body));  // y = body(x) + x
    auto shortcut = std::make_unique<Sequential>();           // projection: 1x1 conv, stride s
    add_named<Conv2d>(*shortcut, "conv", out_channels, 1, stride, 0, false, algo);
    add_named<BatchNorm2d>(*shortcut, "bn");
    return std::make_unique<Residual>(std::move(body), std::move(shortcut));
}
//! [residual_block]

Residual& add_residual_block(Sequential& net, const std::string& name, int64_t in_channels,
                             int64_t out_channels, int64_t stride, ConvAlgo algo) {
    Layer& block = net.add(residual_block(in_channels, out_channels, stride, algo));
    block.set_name(name);
    add_named<ActivationLayer>(net, name + "_relu", Activation::ReLU);  // ReLU(body + shortcut)
    return static_cast<Residual&>(block);
}

//! [lenet5]
std::unique_ptr<Sequential> lenet5(const LeNetOptions& o) {
    auto net = std::make_unique<Sequential>();
    auto pool = [&](const std::string& name) -> Layer& {
        if (o.pooling == PoolMode::Max) return add_named<MaxPool2d>(*net, name, 2);
        return add_named<AvgPool2d>(*net, name, 2);
    };
    add_named<Conv2d>(*net, "conv1", 6, 5, 1, 2, true, o.algo);   // 1×28×28 → 6×28×28
    net->add<ActivationLayer>(o.activation);
    pool("pool1");                                                // → 6×14×14
    add_named<Conv2d>(*net, "conv2", 16, 5, 1, 0, true, o.algo);  // → 16×10×10
    net->add<ActivationLayer>(o.activation);
    pool("pool2");                                                // → 16×5×5
    add_named<Flatten>(*net, "flatten");                          // → 400
    add_named<Dense>(*net, "fc1", 120);
    net->add<ActivationLayer>(o.activation);
    add_named<Dense>(*net, "fc2", 84);
    net->add<ActivationLayer>(o.activation);
    add_named<Dense>(*net, "fc3", o.classes, Init::Xavier);       // the logits
    return net;
}
//! [lenet5]

std::unique_ptr<Sequential> alexnet(int classes) {
    auto net = std::make_unique<Sequential>();
    auto conv = [&](const std::string& name, int64_t F, int64_t k, int64_t s, int64_t p) {
        add_named<Conv2d>(*net, name, F, k, s, p);
        net->add<ActivationLayer>(Activation::ReLU);
    };
    conv("conv1", 96, 11, 4, 0);  // 3×227×227 → 96×55×55
    add_named<MaxPool2d>(*net, "pool1", 3, 2);  // → 96×27×27
    conv("conv2", 256, 5, 1, 2);
    add_named<MaxPool2d>(*net, "pool2", 3, 2);  // → 256×13×13
    conv("conv3", 384, 3, 1, 1);
    conv("conv4", 384, 3, 1, 1);
    conv("conv5", 256, 3, 1, 1);
    add_named<MaxPool2d>(*net, "pool5", 3, 2);  // → 256×6×6
    add_named<Flatten>(*net, "flatten");         // → 9216
    add_named<Dense>(*net, "fc6", 4096);
    net->add<ActivationLayer>(Activation::ReLU);
    add_named<Dense>(*net, "fc7", 4096);
    net->add<ActivationLayer>(Activation::ReLU);
    add_named<Dense>(*net, "fc8", classes, Init::Xavier);
    return net;
}

std::unique_ptr<Sequential> vgg16(int classes) {
    auto net = std::make_unique<Sequential>();
    const int64_t widths[5] = {64, 128, 256, 512, 512};
    const int convs[5] = {2, 2, 3, 3, 3};
    for (int stage = 0; stage < 5; ++stage) {
        for (int i = 0; i < convs[stage]; ++i) {
            add_named<Conv2d>(*net, cat("conv", stage + 1, "_", i + 1), widths[stage], 3, 1, 1);
            net->add<ActivationLayer>(Activation::ReLU);
        }
        add_named<MaxPool2d>(*net, cat("pool", stage + 1), 2);  // halves H and W
    }
    add_named<Flatten>(*net, "flatten");  // 512×7×7 → 25088
    add_named<Dense>(*net, "fc6", 4096);
    net->add<ActivationLayer>(Activation::ReLU);
    add_named<Dense>(*net, "fc7", 4096);
    net->add<ActivationLayer>(Activation::ReLU);
    add_named<Dense>(*net, "fc8", classes, Init::Xavier);
    return net;
}

//! [small_resnet]
std::unique_ptr<Sequential> small_resnet(const ResNetOptions& o) {
    DL_CHECK(!o.widths.empty() && o.blocks >= 1, "small_resnet: needs at least one stage of at "
             "least one block");
    auto net = std::make_unique<Sequential>();
    add_named<Conv2d>(*net, "conv1", o.widths[0], 3, 1, 1, false, o.algo);  // the stem
    add_named<BatchNorm2d>(*net, "bn1");
    add_named<ActivationLayer>(*net, "relu1", Activation::ReLU);
    int64_t channels = o.widths[0];
    int b = 0;
    for (std::size_t stage = 0; stage < o.widths.size(); ++stage)
        for (int i = 0; i < o.blocks; ++i) {
            const int64_t stride = (stage > 0 && i == 0) ? 2 : 1;  // halve the maps per stage
            add_residual_block(*net, cat("block", ++b), channels, o.widths[stage], stride, o.algo);
            channels = o.widths[stage];
        }
    add_named<GlobalAvgPool>(*net, "gap");  // C×H×W → C
    add_named<Dense>(*net, "fc", o.classes, Init::Xavier);
    return net;
}
//! [small_resnet]

std::vector<LayerRow> summarize(Layer& net, const Shape& input) {
    name_layers(net);
    ParamStore store;  // declarations only: nothing is allocated
    net.declare(input, store);
    std::vector<LayerRow> rows;
    struct Walker {
        const ParamStore& ps;
        std::vector<LayerRow>& rows;
        int64_t row(Layer& l, const Shape& in, int depth) {  // returns the layer's MACs
            const Shape o = l.out_shape(in);
            int64_t n = 0;
            const std::string prefix = l.name() + ".";
            for (const auto& p : ps.params())
                if (l.name().empty() || p->name.compare(0, prefix.size(), prefix) == 0)
                    n += p->shape.numel();
            const std::size_t at = rows.size();
            rows.push_back({l.name().empty() ? "network" : l.name(), l.describe(), sample_str(o),
                            n, 0, depth});
            int64_t macs = 0;
            if (auto* c = dynamic_cast<Conv2d*>(&l)) {
                const ConvGeometry g = c->geometry(in);
                macs = g.P() * g.Q() * g.F;  // every output pixel: Q products per filter
            } else if (auto* d = dynamic_cast<Dense*>(&l)) {
                macs = in.rows() * d->units();
            }
            const bool branches = dynamic_cast<Residual*>(&l) != nullptr;
            Shape s = in;
            for (Layer* c : l.children()) {
                macs += row(*c, branches ? in : s, depth + 1);
                if (!branches) s = c->out_shape(s);
            }
            rows[at].macs = macs;
            return macs;
        }
    };
    Walker{store, rows}.row(net, input, 0);
    return rows;
}

namespace {
/// `s` padded with spaces to `width` characters (UTF-8: "×" and "→" count as one).
std::string pad(const std::string& s, std::size_t width) {
    std::size_t chars = 0;
    for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
    return chars >= width ? s : s + std::string(width - chars, ' ');
}
}  // namespace

std::string format_summary(const std::vector<LayerRow>& rows, int64_t total) {
    std::string out;
    char line[256];
    std::snprintf(line, sizeof line, "  %-30s %-32s %-14s %12s\n", "layer", "", "output",
                  "parameters");
    out += line;
    for (const LayerRow& r : rows) {
        if (r.depth == 0) continue;  // the total is the last line
        const std::string nm = std::string(2 * (r.depth - 1), ' ') + r.name;
        std::string what = r.what;  // long descriptions (a residual's shortcut) are cut
        if (what.size() > 32) what = what.substr(0, 29) + "...";
        std::snprintf(line, sizeof line, " %12lld\n", (long long)r.params);
        out += "  " + pad(nm, 30) + " " + pad(what, 32) + " " + pad(r.output, 14) + line;
    }
    std::snprintf(line, sizeof line, "  %-78s %12lld\n", "total", (long long)total);
    out += line;
    return out;
}

}  // namespace dl::nn
