/// @file net.cpp
/// @brief Chapter 4's networks on the exercise functions (see net.hpp).
#include "net.hpp"

#include "exercises/ch04.hpp"
#include "nn/activation_layer.hpp"
#include "nn/dense.hpp"

namespace ch04 {

using namespace dl;

std::unique_ptr<nn::Model> make_net(const std::vector<int64_t>& sizes, Activation g,
                                    nn::Init init, Rng& rng, int64_t max_batch, Device device,
                                    DType dtype) {
    auto layers = nn::make_mlp(sizes, g, init);
    for (std::size_t i = 0; i < layers->size(); ++i) {
        nn::Layer& l = (*layers)[i];
        if (auto* d = dynamic_cast<nn::Dense*>(&l))
            d->set_ops({&exercises::dense_forward, &exercises::dense_backward});
        if (auto* a = dynamic_cast<nn::ActivationLayer*>(&l); a && g == Activation::ReLU)
            a->set_relu_backward(&exercises::relu_backward);
    }
    auto net = std::make_unique<nn::Model>(std::move(layers), Shape::matrix(sizes.front(), 1),
                                           max_batch, nn::Context{device, dtype});
    // W[l] by the scheme (He through the student's exercise), b[l] = 0, layer by layer.
    for (nn::Param* W : weights(*net)) {
        if (init == nn::Init::He)
            exercises::he_init(W->value, rng);
        else
            nn::init_weights(W->value, init, rng);
    }
    for (nn::Param* b : biases(*net)) b->value.fill(0.0);
    return net;
}

namespace {
std::vector<nn::Param*> dense_params(nn::Model& net, bool w) {
    std::vector<nn::Param*> out;
    for (nn::Layer* l : net.layers())
        if (auto* d = dynamic_cast<nn::Dense*>(l)) out.push_back(w ? &d->W() : &d->b());
    return out;
}
}  // namespace

std::vector<nn::Param*> weights(nn::Model& net) { return dense_params(net, true); }
std::vector<nn::Param*> biases(nn::Model& net) { return dense_params(net, false); }

std::string describe(nn::Model& net, Activation g) {
    return net.describe() + " " + activation_name(g);
}

}  // namespace ch04
