/// @file dropout.cpp
/// @brief The dropout layer (see dropout.hpp) on the kernels dl::dropout_forward,
/// dl::dropout_backward and dl::axpby.
#include "dropout.hpp"

#include <cmath>

#include "../kernels/axpby.hpp"
#include "../kernels/dropout.hpp"

namespace dl::nn {

Dropout::Dropout(double keep_prob, DropoutScaling scaling)
    : keep_prob_(keep_prob), scaling_(scaling) {
    DL_CHECK(std::isfinite(keep_prob) && keep_prob > 0 && keep_prob <= 1,
             "Dropout: keep_prob must be in (0, 1], got ", keep_prob);
}

std::string Dropout::describe() const {
    return cat("Dropout keep_prob ", keep_prob_,
               scaling_ == DropoutScaling::Textbook ? " (textbook: ×p at test time)" : "");
}

void Dropout::reserve(const Shape& in, const Context& ctx) {
    D_ = Tensor(in, ctx.dtype, ctx.device);
    layer_id_ = philox_layer_id(name().c_str());
}

//! [dropout_forward]
void Dropout::forward(const Tensor& x, Tensor& y, const Pass& pass) {
    last_training_ = pass.training && keep_prob_ < 1.0;
    if (!last_training_) {
        axpby(test_scale(), x, 0.0, y);  // test time: y = x (inverted) or y = p·x (textbook)
        return;
    }
    D_view_ = D_.first(x.shape());
    const double scale = scaling_ == DropoutScaling::Inverted ? 1.0 / keep_prob_ : 1.0;
    const DropoutKey key{pass.seed, pass.step, layer_id_};
    dropout_forward(x, y, D_view_, keep_prob_, scale, key);  // D = (u < p)·scale, y = x ⊙ D
}
//! [dropout_forward]

//! [dropout_backward]
void Dropout::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)x, (void)y;
    if (!dx) return;
    if (!last_training_) {
        axpby(test_scale(), dy, 0.0, *dx);  // dx = dy (or p·dy)
        return;
    }
    dropout_backward(dy, D_view_, *dx);  // dx = dy ⊙ D: the dropped units pass no gradient
}
//! [dropout_backward]

}  // namespace dl::nn
