/// @file gradcheck_demo.cpp
/// @brief Gradient checking of the deep network (see gradcheck_demo.hpp).
#include "gradcheck_demo.hpp"

#include <algorithm>
#include <cstdio>

#include "data/dataset.hpp"
#include "exercises/ch04.hpp"
#include "nn/gradcheck.hpp"

namespace ch04 {

using namespace dl;

namespace {
/// A bug to catch: the ReLU backward pass that forgets g'(Z) and passes dA straight through.
void relu_backward_broken(const Tensor& dA, const Tensor& /*Z*/, Tensor& dZ) { dZ.copy_from(dA); }
}  // namespace

//! [check_layers]
std::vector<double> check_layers(nn::Mlp& net, const Tensor& X, const Tensor& Y) {
    net.forward_backward(X, Y);  // the backward pass under test: dW[l], db[l]
    std::vector<double> errors;
    for (int l = 1; l <= net.num_layers(); ++l) {
        // θ = (W[l], b[l]) flattened; J(θ) puts θ into the net and evaluates the cost.
        std::vector<double> theta = net.W(l).values(), exact = net.dW(l).values();
        const auto b = net.b(l).values(), db = net.db(l).values();
        theta.insert(theta.end(), b.begin(), b.end());
        exact.insert(exact.end(), db.begin(), db.end());
        const int64_t nw = net.W(l).numel();
        auto J = [&](const std::vector<double>& t) {
            std::copy(t.begin(), t.begin() + nw, net.W(l).data<double>());
            std::copy(t.begin() + nw, t.end(), net.b(l).data<double>());
            return nn::cost(net, X, Y);
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
    nn::Mlp net({5, 6, 5, 4, K}, Activation::ReLU, Device::CPU, DType::F64, m);
    net.set_ops({&exercises::dense_forward, &exercises::dense_backward, &exercises::relu_backward});
    for (int l = 1; l <= net.num_layers(); ++l) {
        exercises::he_init(net.W(l), rng);
        rng.fill_normal(net.b(l), 0.0, 0.1);  // non-zero biases, so db is tested too
    }
    Tensor X(Shape::matrix(5, m), DType::F64);
    rng.fill_normal(X);
    std::vector<int> y(m);
    for (int j = 0; j < m; ++j) y[j] = int(rng.below(K));
    const Tensor Y = one_hot(y, K).to(Device::CPU);
    Tensor Yd(Shape::matrix(K, m), DType::F64);
    Yd.copy_from(Tensor::from_values(Yd.shape(), Y.values(), DType::F64));

    GradCheckReport r;
    std::printf("Network %s, %d samples:\n", net.describe().c_str(), m);
    r.per_layer = check_layers(net, X, Yd);
    for (std::size_t l = 0; l < r.per_layer.size(); ++l) {
        std::printf("  layer %zu (W[%zu], b[%zu]): relative error %.2e  %s\n", l + 1, l + 1, l + 1,
                    r.per_layer[l], r.per_layer[l] <= 1e-7 ? "ok (≤ 1e-7)" : "WRONG");
        r.max_rel_error = std::max(r.max_rel_error, r.per_layer[l]);
    }
    nn::DenseOps broken = net.ops();
    broken.relu_backward = &relu_backward_broken;
    net.set_ops(broken);
    std::printf("The same check with a bug: ReLU's backward pass forgets g'(Z) (dZ = dA):\n");
    r.broken_per_layer = check_layers(net, X, Yd);
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
