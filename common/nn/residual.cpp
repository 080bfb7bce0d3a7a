/// @file residual.cpp
/// @brief The residual container (see residual.hpp).
#include "residual.hpp"

#include "../kernels/axpby.hpp"

namespace dl::nn {

Residual::Residual(std::unique_ptr<Layer> body, std::unique_ptr<Layer> shortcut)
    : body_(std::move(body)), shortcut_(std::move(shortcut)) {
    DL_CHECK(body_ != nullptr, "Residual: needs a body");
}

std::string Residual::describe() const {
    return shortcut_ ? cat("Residual (shortcut: ", shortcut_->describe(), ")")
                     : std::string("Residual (identity shortcut)");
}

std::vector<Layer*> Residual::children() {
    std::vector<Layer*> out{body_.get()};
    if (shortcut_) out.push_back(shortcut_.get());
    return out;
}

Shape Residual::out_shape(const Shape& in) const {
    const Shape b = body_->out_shape(in);
    const Shape s = shortcut_ ? shortcut_->out_shape(in) : in;
    DL_CHECK(b == s, "Residual '", name(), "': the body gives ", b.str(), " but the shortcut ",
             s.str(), shortcut_ ? "" : " (identity: add a projection shortcut to change shape)");
    return b;
}

void Residual::declare(const Shape& in, ParamStore& params) {
    body_->declare(in, params);
    if (shortcut_) shortcut_->declare(in, params);
}

void Residual::reserve(const Shape& in, const Context& ctx) {
    const Shape out = out_shape(in);
    body_->reserve(in, ctx);
    body_out_ = Tensor(out, ctx.dtype, ctx.device);
    if (shortcut_) {
        shortcut_->reserve(in, ctx);
        short_out_ = Tensor(out, ctx.dtype, ctx.device);
        dx_short_ = Tensor(in, ctx.dtype, ctx.device);
    }
}

//! [residual_forward]
void Residual::forward(const Tensor& x, Tensor& y, const Pass& pass) {
    body_view_ = body_out_.first(y.shape());
    body_->forward(x, body_view_, pass);  // body(x), kept for the body's backward
    if (shortcut_) {
        short_view_ = short_out_.first(y.shape());
        shortcut_->forward(x, short_view_, pass);
        axpby(1.0, body_view_, 0.0, y);    // y = body(x)
        axpby(1.0, short_view_, 1.0, y);   //   + shortcut(x)
    } else {
        axpby(1.0, body_view_, 0.0, y);    // y = body(x)
        axpby(1.0, x, 1.0, y);             //   + x
    }
}
//! [residual_forward]

//! [residual_backward]
void Residual::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)y;
    // The sum hands dy to both branches unchanged.
    body_->backward(x, body_view_, dy, dx);  // dx = body'ᵀ·dy (and the body's dW)
    if (shortcut_) {
        Tensor ds = dx ? dx_short_.first(x.shape()) : Tensor();
        shortcut_->backward(x, short_view_, dy, dx ? &ds : nullptr);
        if (dx) axpby(1.0, ds, 1.0, *dx);  // dx += shortcut'ᵀ·dy
    } else if (dx) {
        axpby(1.0, dy, 1.0, *dx);  // dx += dy (the identity's Jacobian is I)
    }
}
//! [residual_backward]

}  // namespace dl::nn
