/// @file mlp.cpp
/// @brief Building the multi-layer perceptron from layers (see mlp.hpp).
#include "mlp.hpp"

#include "activation_layer.hpp"
#include "dense.hpp"

namespace dl::nn {

std::unique_ptr<Sequential> make_mlp(const std::vector<int64_t>& sizes, Activation g, Init init,
                                     double leaky_alpha) {
    DL_CHECK(sizes.size() >= 2, "an MLP needs at least an input and an output size, got ",
             sizes.size(), " sizes");
    for (int64_t n : sizes) DL_CHECK(n > 0, "MLP layer sizes must be > 0, got ", n);
    auto net = std::make_unique<Sequential>();
    const std::size_t L = sizes.size() - 1;
    for (std::size_t l = 1; l <= L; ++l) {
        net->add<Dense>(sizes[l], init);                               // Z[l] = W[l]·A[l−1] + b[l]
        if (l < L) net->add<ActivationLayer>(g, leaky_alpha);          // A[l] = g(Z[l])
    }
    return net;
}

std::unique_ptr<Model> make_mlp_model(const std::vector<int64_t>& sizes, Activation g, Init init,
                                      int64_t max_batch, const Context& ctx) {
    auto net = make_mlp(sizes, g, init);
    return std::make_unique<Model>(std::move(net), Shape::matrix(sizes.front(), 1), max_batch, ctx);
}

}  // namespace dl::nn
