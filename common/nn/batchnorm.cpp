/// @file batchnorm.cpp
/// @brief The batch-norm layers (see batchnorm.hpp) on the dl::batchnorm_forward/backward
/// kernels.
#include "batchnorm.hpp"

namespace dl::nn {

BatchNormBase::BatchNormBase(double eps, double momentum) : eps_(eps), momentum_(momentum) {
    DL_CHECK(eps > 0, "batch norm: eps must be > 0, got ", eps);
    DL_CHECK(momentum >= 0 && momentum <= 1, "batch norm: momentum must be in [0, 1], got ",
             momentum);
}

std::string BatchNormBase::describe() const {
    return channels_ ? cat(kind(), " ", channels_) : std::string(kind());
}

Shape BatchNormBase::out_shape(const Shape& in) const {
    const ChannelView v = view(in);
    DL_CHECK(channels_ == 0 || v.channels == channels_, kind(), " '", name(), "' was built for ",
             channels_, " channels, got ", in.str());
    return in;
}

void BatchNormBase::declare(const Shape& in, ParamStore& params) {
    channels_ = view(in).channels;
    const Shape c = Shape::column(channels_);
    gamma_ = &params.add(name() + ".gamma", c, Fill::constant(1.0), false);
    beta_ = &params.add(name() + ".beta", c, Fill::constant(0.0), false);
    running_mean_ = &params.add_buffer(name() + ".running_mean", c, Fill::constant(0.0));
    running_var_ = &params.add_buffer(name() + ".running_var", c, Fill::constant(1.0));
}

void BatchNormBase::reserve(const Shape& in, const Context& ctx) {
    (void)in;
    mean_ = Tensor::zeros(Shape::column(channels_), ctx.dtype, ctx.device);
    inv_std_ = Tensor::zeros(Shape::column(channels_), ctx.dtype, ctx.device);
    sums_ = Tensor(Shape::column(2 * channels_), ctx.dtype, ctx.device);
}

//! [batchnorm_forward]
void BatchNormBase::forward(const Tensor& x, Tensor& y, const Pass& pass) {
    BatchNormSettings s;
    s.training = pass.training;  // batch statistics, or the running averages
    s.eps = eps_;
    s.momentum = momentum_;
    batchnorm_forward(x, gamma_->value, beta_->value, view(x.shape()), s, y, mean_, inv_std_,
                      running_mean_->value, running_var_->value);
    last_training_ = pass.training;  // the backward pass differentiates the same function
}
//! [batchnorm_forward]

void BatchNormBase::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)y;
    batchnorm_backward(dy, x, gamma_->value, mean_, inv_std_, view(x.shape()), last_training_, dx,
                       gamma_->grad, beta_->grad, sums_);
}

ChannelView BatchNorm::view(const Shape& in) const {
    DL_CHECK(in.rows() > 0, "BatchNorm '", name(), "': the input ", in.str(), " has no units");
    return {1, in.rows(), in.cols()};  // [n x m]: unit i is row i, over the m samples
}

ChannelView BatchNorm2d::view(const Shape& in) const {
    DL_CHECK(in.rank() == 4, "BatchNorm2d '", name(), "' expects images [W x H x C x N], got ",
             in.str(), " (use BatchNorm for [n x m])");
    return {in[0] * in[1], in[2], in[3]};  // W·H positions, C channels, N images
}

}  // namespace dl::nn
