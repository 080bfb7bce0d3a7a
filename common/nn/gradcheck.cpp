/// @file gradcheck.cpp
/// @brief Two-sided gradient check of an Mlp (see gradcheck.hpp).
#include "gradcheck.hpp"

#include <algorithm>
#include <cmath>

namespace dl::nn {

double cost(Mlp& net, const Tensor& X, const Tensor& Y) {
    const Tensor L = net.forward_backward(X, Y);
    double J = 0.0;
    for (double v : L.values()) J += v;
    return J / static_cast<double>(X.cols());
}

//! [gradient_check]
GradCheckResult gradient_check(Mlp& net, const Tensor& X, const Tensor& Y, double eps) {
    DL_CHECK(net.dtype() == DType::F64 && net.device() == Device::CPU,
             "gradient_check: build the network in float64 on the CPU (got ",
             dtype_name(net.dtype()), " on ", device_name(net.device()), ")");
    net.forward_backward(X, Y);  // the backward pass under test fills dW, db
    std::vector<Param> params = net.params();
    std::vector<std::vector<double>> analytic;
    for (const auto& p : params) analytic.push_back(p.grad->values());

    GradCheckResult result;
    for (int l = 1; l <= net.num_layers(); ++l) {
        double diff2 = 0.0, a2 = 0.0, n2 = 0.0;
        int64_t count = 0;
        for (int k = 0; k < 2; ++k) {  // W[l] then b[l]
            const std::size_t pi = 2 * (l - 1) + k;
            double* theta = params[pi].value->data<double>();
            for (int64_t i = 0; i < params[pi].value->numel(); ++i, ++count) {
                const double saved = theta[i];
                theta[i] = saved + eps;
                const double J_plus = cost(net, X, Y);
                theta[i] = saved - eps;
                const double J_minus = cost(net, X, Y);
                theta[i] = saved;
                const double approx = (J_plus - J_minus) / (2.0 * eps);
                const double exact = analytic[pi][i];
                diff2 += (approx - exact) * (approx - exact);
                a2 += approx * approx;
                n2 += exact * exact;
            }
        }
        const double denom = std::sqrt(a2) + std::sqrt(n2);
        const double rel = denom > 0 ? std::sqrt(diff2) / denom : 0.0;
        result.layers.push_back({l, count, rel});
        result.max_rel_error = std::max(result.max_rel_error, rel);
    }
    net.forward_backward(X, Y);  // leave the gradients of the unperturbed parameters
    return result;
}
//! [gradient_check]

}  // namespace dl::nn
