/// @file pool.cpp
/// @brief The pooling layers (see pool.hpp).
#include "pool.hpp"

#include "../kernels/broadcast.hpp"
#include "../kernels/reduce.hpp"

namespace dl::nn {

Pool2d::Pool2d(PoolMode mode, int64_t k, int64_t stride, int64_t pad)
    : mode_(mode), k_(k), stride_(stride), pad_(pad) {
    DL_CHECK(k >= 1 && stride >= 1 && pad >= 0 && pad < k, "pooling: expected k >= 1, stride "
             ">= 1 and 0 <= padding < k, got k = ", k, ", stride ", stride, ", padding ", pad);
}

std::string Pool2d::describe() const {
    return cat(kind(), " ", k_, "x", k_, " s", stride_, pad_ ? cat(" p", pad_) : std::string());
}

PoolGeometry Pool2d::geometry(const Shape& in) const {
    DL_CHECK(in.rank() == 4, kind(), " '", name(), "' expects images [W x H x C x m], got ",
             in.str());
    PoolGeometry g;
    g.W = in[0];
    g.H = in[1];
    g.C = in[2];
    g.k = k_;
    g.stride = stride_;
    g.pad = pad_;
    DL_CHECK(g.W + 2 * pad_ >= k_ && g.H + 2 * pad_ >= k_, kind(), " '", name(), "': a ", k_,
             "x", k_, " window does not fit maps of ", g.H, "x", g.W);
    return g;
}

Shape Pool2d::out_shape(const Shape& in) const { return geometry(in).output(in[3]); }

void Pool2d::forward(const Tensor& x, Tensor& y, const Pass& pass) {
    (void)pass;
    pool2d_forward(mode_, x, geometry(x.shape()), y);
}

void Pool2d::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    if (dx) pool2d_backward(mode_, x, y, dy, geometry(x.shape()), *dx);
}

Shape GlobalAvgPool::out_shape(const Shape& in) const {
    DL_CHECK(in.rank() == 4, "GlobalAvgPool '", name(), "' expects images [W x H x C x m], got ",
             in.str());
    return Shape::matrix(in[2], in[3]);
}

void GlobalAvgPool::reserve(const Shape& in, const Context& ctx) {
    const int64_t hw = in[0] * in[1];
    share_ = Tensor::full(Shape::column(hw), 1.0 / double(hw), ctx.dtype, ctx.device);
}

//! [global_avg_pool]
void GlobalAvgPool::forward(const Tensor& x, Tensor& y, const Pass& pass) {
    (void)pass;
    const int64_t hw = x.shape()[0] * x.shape()[1];
    // x seen as (H·W) x (C·m): one column per channel of each image; y = its column means.
    const Tensor cols = x.reshape(Shape::matrix(hw, x.numel() / hw));
    Tensor means = y.reshape(Shape::row(y.numel()));
    col_sums(cols, means, 1.0 / double(hw));
}

void GlobalAvgPool::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)y;
    if (!dx) return;
    const int64_t hw = x.shape()[0] * x.shape()[1];
    DL_CHECK(share_.numel() == hw, "GlobalAvgPool '", name(), "' was reserved for maps of ",
             share_.numel(), " pixels, got ", x.shape().str());
    // dx(:, col) = dy(col)/(H·W): the outer product of the column 1/(H·W) and the row dy.
    Tensor d = dx->reshape(Shape::matrix(hw, x.numel() / hw));
    broadcast_binary(BinaryOp::Multiply, share_, dy.reshape(Shape::row(dy.numel())), d);
}
//! [global_avg_pool]

}  // namespace dl::nn
