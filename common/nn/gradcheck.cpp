/// @file gradcheck.cpp
/// @brief Gradient checking over the flat parameter buffer (see gradcheck.hpp).
#include "gradcheck.hpp"

#include <algorithm>
#include <cmath>

namespace dl::nn {

const GradCheckSlot& GradCheckResult::slot(const std::string& name) const {
    for (const auto& s : slots)
        if (s.name == name) return s;
    fail("gradient check: no slot called '", name, "'");
}

double relative_error(const std::vector<double>& approx, const std::vector<double>& exact) {
    DL_CHECK(approx.size() == exact.size(), "relative_error: ", approx.size(), " and ",
             exact.size(), " numbers");
    double d2 = 0, a2 = 0, e2 = 0;
    for (std::size_t i = 0; i < approx.size(); ++i) {
        d2 += (approx[i] - exact[i]) * (approx[i] - exact[i]);
        a2 += approx[i] * approx[i];
        e2 += exact[i] * exact[i];
    }
    const double denom = std::sqrt(a2) + std::sqrt(e2);
    return denom > 0 ? std::sqrt(d2) / denom : 0.0;
}

namespace {

/// Two-sided differences of cost() with respect to every element of `t` (perturbed in place).
std::vector<double> numeric(Tensor& t, const std::function<double()>& cost, double eps) {
    double* x = t.data<double>();
    std::vector<double> g(static_cast<std::size_t>(t.numel()));
    for (int64_t i = 0; i < t.numel(); ++i) {
        const double saved = x[i];
        x[i] = saved + eps;
        const double J_plus = cost();
        x[i] = saved - eps;
        const double J_minus = cost();
        x[i] = saved;  // put θᵢ back
        g[i] = (J_plus - J_minus) / (2.0 * eps);
    }
    return g;
}

void require_f64_cpu(const Context& ctx) {
    DL_CHECK(ctx.dtype == DType::F64 && ctx.device == Device::CPU,
             "gradient_check: build the model in float64 on the CPU (got ", dtype_name(ctx.dtype),
             " on ", device_name(ctx.device), ")");
}

void add_slot(GradCheckResult& r, std::string name, const std::vector<double>& approx,
              const std::vector<double>& exact) {
    const double e = relative_error(approx, exact);
    r.slots.push_back({std::move(name), static_cast<int64_t>(approx.size()), e});
    r.max_rel_error = std::max(r.max_rel_error, e);
}

}  // namespace

//! [gradient_check]
GradCheckResult gradient_check(ParamStore& params, const std::function<double()>& cost,
                               const std::function<void()>& gradients, double eps) {
    require_f64_cpu(params.context());
    gradients();  // the backward pass under test fills every dθ
    std::vector<std::vector<double>> exact;
    for (const auto& p : params.params()) exact.push_back(p->grad.values());
    GradCheckResult r;
    for (std::size_t k = 0; k < params.params().size(); ++k) {
        Param& p = *params.params()[k];
        add_slot(r, p.name, numeric(p.value, cost, eps), exact[k]);
    }
    gradients();  // leave the gradients of the unperturbed parameters
    return r;
}
//! [gradient_check]

GradCheckResult gradient_check(Model& model, Loss& loss, const Tensor& X, const Tensor& Y,
                               const Pass& pass, double eps) {
    require_f64_cpu(model.context());
    loss.reserve(model.output_shape(X.cols()), model.context());
    auto cost = [&] {
        loss.forward(model.forward(X, pass), Y);
        return loss.cost();  // J = (1/m)·Σ_j L(j)
    };
    auto gradients = [&] {
        model.zero_grad();
        loss.forward(model.forward(X, pass), Y);
        model.backward(loss.dZ());
    };
    return gradient_check(model.params(), cost, gradients, eps);
}

GradCheckResult gradcheck_layer(Layer& layer, const Shape& in, uint64_t seed, const Pass& pass,
                                double eps) {
    if (layer.name().empty()) layer.set_name("layer");
    name_layers(layer);
    const Context ctx{Device::CPU, DType::F64};
    ParamStore params;
    layer.declare(in, params);
    params.allocate(ctx);
    layer.reserve(in, ctx);
    Rng rng(seed);
    params.initialize(rng);
    for (const auto& p : params.params()) {  // move every parameter off its initial value
        std::vector<double> v = p->value.values();
        for (double& x : v) x += rng.normal(0.0, 0.1);
        p->value.copy_from(Tensor::from_values(p->shape, v, DType::F64));
    }
    Tensor x(in, DType::F64), y(layer.out_shape(in), DType::F64), dx(in, DType::F64);
    rng.fill_normal(x);
    Tensor R(y.shape(), DType::F64);
    rng.fill_normal(R);
    const auto r = R.values();
    auto cost = [&] {  // J = Σ R ⊙ y
        layer.forward(x, y, pass);
        const auto v = y.values();
        double J = 0;
        for (std::size_t i = 0; i < v.size(); ++i) J += r[i] * v[i];
        return J;
    };
    auto gradients = [&] {  // ∂J/∂y = R
        params.zero_grad();
        layer.forward(x, y, pass);
        layer.backward(x, y, R, &dx);
    };
    GradCheckResult result = gradient_check(params, cost, gradients, eps);
    gradients();
    add_slot(result, "input", numeric(x, cost, eps), dx.values());
    return result;
}

}  // namespace dl::nn
