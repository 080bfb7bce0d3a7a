/// @file sequential.cpp
/// @brief The Sequential container (see sequential.hpp).
#include "sequential.hpp"

#include <algorithm>

namespace dl::nn {

Layer& Sequential::add(std::unique_ptr<Layer> layer) {
    DL_CHECK(layer != nullptr, "Sequential::add: null layer");
    layers_.push_back(std::move(layer));
    return *layers_.back();
}

std::string Sequential::describe() const {
    return cat("Sequential of ", layers_.size(), " layers");
}

std::vector<Layer*> Sequential::children() {
    std::vector<Layer*> out;
    for (auto& l : layers_) out.push_back(l.get());
    return out;
}

Shape Sequential::out_shape(const Shape& in) const {
    Shape s = in;
    for (const auto& l : layers_) s = l->out_shape(s);
    return s;
}

void Sequential::declare(const Shape& in, ParamStore& params) {
    Shape s = in;
    for (auto& l : layers_) {
        l->declare(s, params);
        s = l->out_shape(s);
    }
}

void Sequential::reserve(const Shape& in, const Context& ctx) {
    DL_CHECK(!layers_.empty(), "Sequential '", name(), "' has no layers");
    out_.clear();
    views_.assign(layers_.size(), Tensor());
    int64_t largest = 0;
    Shape s = in;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        layers_[i]->reserve(s, ctx);
        s = layers_[i]->out_shape(s);
        if (i + 1 < layers_.size()) {
            out_.emplace_back(s, ctx.dtype, ctx.device);
            largest = std::max(largest, s.numel());
        }
    }
    for (Tensor& g : grad_) g = largest ? Tensor(Shape::row(largest), ctx.dtype, ctx.device) : Tensor();
}

//! [sequential_forward]
void Sequential::forward(const Tensor& x, Tensor& y, const Pass& pass) {
    const std::size_t L = layers_.size();
    const Tensor* a = &x;  // a₀ = x
    for (std::size_t i = 0; i < L; ++i) {
        if (i + 1 == L) {
            layers_[i]->forward(*a, y, pass);  // the last layer writes the caller's y
            views_[i] = y;
        } else {
            views_[i] = out_[i].first(layers_[i]->out_shape(a->shape()));
            layers_[i]->forward(*a, views_[i], pass);  // a_l = f_l(a_{l−1})
            a = &views_[i];
        }
    }
}
//! [sequential_forward]

//! [sequential_backward]
void Sequential::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)y;
    Tensor g = dy;  // g_L = ∂J/∂y
    for (std::size_t i = layers_.size(); i-- > 0;) {
        const Tensor& in = i == 0 ? x : views_[i - 1];
        if (i == 0) {
            layers_[0]->backward(in, views_[0], g, dx);  // dx may be null
        } else {
            Tensor g_prev = grad_[i % 2].first(in.shape());  // never the buffer g lives in
            layers_[i]->backward(in, views_[i], g, &g_prev);  // adds dW_i, g_{i−1} = ∂J/∂a_{i−1}
            g = g_prev;
        }
    }
}
//! [sequential_backward]

}  // namespace dl::nn
