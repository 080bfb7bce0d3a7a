/// @file label_channels.cpp
/// @brief LabelChannels (see label_channels.hpp) on the repeat_rows / sum_row_groups twins.
#include "label_channels.hpp"

#include "../kernels/rows.hpp"

namespace dl::nn {

LabelChannels::LabelChannels(int64_t C, int64_t H, int64_t W, int64_t classes)
    : C_(C), H_(H), W_(W), K_(classes) {
    DL_CHECK(C >= 1 && H >= 1 && W >= 1 && classes >= 1, "LabelChannels: expected C, H, W and "
             "the number of classes >= 1, got ", C, ", ", H, ", ", W, ", ", classes);
}

std::string LabelChannels::describe() const {
    return cat("LabelChannels ", C_, "×", H_, "×", W_, " + ", K_, " classes");
}

Shape LabelChannels::out_shape(const Shape& in) const {
    DL_CHECK(in.rows() == C_ * H_ * W_ + K_, "LabelChannels '", name(), "' expects columns of ",
             C_ * H_ * W_, " pixels and ", K_, " one-hot numbers (", C_ * H_ * W_ + K_,
             "), got ", in.str());
    return Shape::images(in.cols(), C_ + K_, H_, W_);
}

void LabelChannels::forward(const Tensor& x, Tensor& y, const Pass& pass) {
    (void)pass;
    const int64_t n = C_ * H_ * W_, HW = H_ * W_;
    const Tensor X = x.reshape(Shape::matrix(x.rows(), x.cols()));
    Tensor Y = y.reshape(Shape::matrix(y.rows(), y.cols()));
    repeat_rows(X, 0, n, 1, Y, 0);    // the image's C channels as they are
    repeat_rows(X, n, K_, HW, Y, n);  // channel C + k: y_k at every one of the H·W pixels
}

void LabelChannels::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)x;
    (void)y;
    if (!dx) return;
    const int64_t n = C_ * H_ * W_, HW = H_ * W_;
    const Tensor dY = dy.reshape(Shape::matrix(dy.rows(), dy.cols()));
    Tensor dX = dx->reshape(Shape::matrix(dx->rows(), dx->cols()));
    sum_row_groups(dY, 0, n, 1, dX, 0);    // ∂J/∂pixel: passed through
    sum_row_groups(dY, n, K_, HW, dX, n);  // ∂J/∂y_k = Σ over channel C + k's map
}

}  // namespace dl::nn
