/// @file gradcheck_demo.cpp
/// @brief Gradient checking of the deep network (see gradcheck_demo.hpp).
#include "gradcheck_demo.hpp"

#include <algorithm>
#include <cstdio>

#include "data/dataset.hpp"
#include "exercises/ch04.hpp"
#include "net.hpp"
#include "nn/activation_layer.hpp"
#include "nn/loss.hpp"

namespace ch04 {

using namespace dl;

namespace {
/// A bug to catch: the ReLU backward pass that forgets g'(Z) and passes dA straight through.
void relu_backward_broken(const Tensor& dA, const Tensor& /*Z*/, Tensor& dZ) { dZ.copy_from(dA); }
}  // namespace

//! [check_layers]
std::vector<double> check_layers(nn::Model& net, nn::Loss& loss, const Tensor& X, const Tensor& Y) {
    auto J_now = [&] {  // J = (1/m)·Σ_j L(j) at the current parameters
        loss.forward(net.forward(X, {}), Y);
        return loss.cost();
    };
    net.zero_grad();  // the backward pass under test: every dW[l], db[l]
    loss.forward(net.forward(X, {}), Y);
    net.backward(loss.dZ());
    const auto Ws = weights(net), bs = biases(net);
    std::vector<double> errors;
    for (std::size_t l = 0; l < Ws.size(); ++l) {
        // θ = (W[l], b[l]) flattened; J(θ) puts θ into the net and evaluates the cost.
        std::vector<double> theta = Ws[l]->value.values(), exact = Ws[l]->grad.values();
        const auto b = bs[l]->value.values(), db = bs[l]->grad.values();
        theta.insert(theta.end(), b.begin(), b.end());
        exact.insert(exact.end(), db.begin(), db.end());
        const int64_t nw = Ws[l]->value.numel();
        auto J = [&](const std::vector<double>& t) {
            std::copy(t.begin(), t.begin() + nw, Ws[l]->value.data<double>());
            std::copy(t.begin() + nw, t.end(), bs[l]->value.data<double>());
            return J_now();
        };
        const std::vector<double> approx = exercises::numerical_gradient(J, theta, 1e-6);
        J(theta);  // put the original parameters back
        errors.push_back(exercises::gradient_rel_error(approx, exact));
    }
    return errors;
}
//! [check_layers]

GradCheckReport run_gradcheck(uint64_t seed) {
    std::printf("\n== 5. Gradient checking (梯度检验), float64, two-sided differences ε = 1e-6 ==\n");
    Rng rng(seed + 5);
    const int m = 8, K = 3;
    Rng unused(0);
    auto net = make_net({5, 6, 5, 4, K}, Activation::ReLU, nn::Init::He, unused, m, Device::CPU,
                        DType::F64);
    const auto Ws = weights(*net), bs = biases(*net);
    for (std::size_t l = 0; l < Ws.size(); ++l) {
        exercises::he_init(Ws[l]->value, rng);
        rng.fill_normal(bs[l]->value, 0.0, 0.1);  // non-zero biases, so db is tested too
    }
    nn::SoftmaxCrossEntropy loss;
    loss.reserve(net->output_shape(m), net->context());
    Tensor X(Shape::matrix(5, m), DType::F64);
    rng.fill_normal(X);
    std::vector<int> y(m);
    for (int j = 0; j < m; ++j) y[j] = int(rng.below(K));
    const Tensor Y = one_hot(y, K).to(Device::CPU);
    Tensor Yd(Shape::matrix(K, m), DType::F64);
    Yd.copy_from(Tensor::from_values(Yd.shape(), Y.values(), DType::F64));

    GradCheckReport r;
    std::printf("Network %s, %d samples:\n", describe(*net, Activation::ReLU).c_str(), m);
    r.per_layer = check_layers(*net, loss, X, Yd);
    for (std::size_t l = 0; l < r.per_layer.size(); ++l) {
        std::printf("  layer %zu (W[%zu], b[%zu]): relative error %.2e  %s\n", l + 1, l + 1, l + 1,
                    r.per_layer[l], r.per_layer[l] <= 1e-7 ? "ok (≤ 1e-7)" : "WRONG");
        r.max_rel_error = std::max(r.max_rel_error, r.per_layer[l]);
    }
    for (nn::Layer* l : net->layers())
        if (auto* a = dynamic_cast<nn::ActivationLayer*>(l)) a->set_relu_backward(&relu_backward_broken);
    std::printf("The same check with a bug: ReLU's backward pass forgets g'(Z) (dZ = dA):\n");
    r.broken_per_layer = check_layers(*net, loss, X, Yd);
    for (std::size_t l = 0; l < r.broken_per_layer.size(); ++l) {
        std::printf("  layer %zu: relative error %.2e  %s\n", l + 1, r.broken_per_layer[l],
                    r.broken_per_layer[l] <= 1e-7 ? "ok" : "FAILS the check");
        r.broken_max_rel_error = std::max(r.broken_max_rel_error, r.broken_per_layer[l]);
    }
    std::printf("The last layer's gradient does not pass through a ReLU and stays right; every "
                "layer below it is caught.\n");
    return r;
}

Json to_json(const GradCheckReport& r) {
    Json j = Json::object();
    j["per_layer"] = r.per_layer;
    j["broken_per_layer"] = r.broken_per_layer;
    j["broken_max_rel_error"] = r.broken_max_rel_error;
    return j;
}

}  // namespace ch04
