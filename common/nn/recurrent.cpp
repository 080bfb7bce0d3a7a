/// @file recurrent.cpp
/// @brief The part of the recurrent layers that is not the recurrence: shapes, steps, state
/// (see recurrent.hpp).
#include "recurrent.hpp"

#include <cmath>

#include "../kernels/axpby.hpp"
#include "../kernels/dot.hpp"

namespace dl::nn {

Recurrent::Recurrent(int64_t hidden, int64_t steps, Returns returns)
    : H_(hidden), T_(steps), returns_(returns) {
    DL_CHECK(hidden > 0, "a recurrent layer needs hidden units > 0, got ", hidden);
    DL_CHECK(steps > 0, "a recurrent layer needs steps T > 0, got ", steps);
}

void Recurrent::set_steps(int64_t T) {
    DL_CHECK(T > 0, kind(), " '", name(), "': steps T must be > 0, got ", T);
    DL_CHECK(max_cols_ == 0 || T <= max_cols_, kind(), " '", name(), "': ", T,
             " steps do not fit the ", max_cols_, " columns it was built for");
    T_ = T;
}

int64_t Recurrent::batch_of(const Shape& x) const {
    DL_CHECK(x.cols() % T_ == 0, kind(), " '", name(), "' runs ", T_,
             " steps: its input's columns (time-major, T·B) must be a multiple of ", T_, ", got ",
             x.str());
    return x.cols() / T_;
}

Shape Recurrent::out_shape(const Shape& in) const {
    DL_CHECK(D_ == 0 || in.rows() == D_, kind(), " '", name(), "' was built for ", D_,
             " features per step, got ", in.str());
    const int64_t B = batch_of(in);
    return Shape::matrix(H_, returns_ == Returns::Sequence ? T_ * B : B);
}

void Recurrent::reserve_state(int64_t cols, const Context& ctx, bool cell) {
    max_cols_ = cols;
    has_cell_ = cell;
    const Shape s = Shape::matrix(H_, cols);  // T may become 1: B up to every column
    h0_ = Tensor::zeros(s, ctx.dtype, ctx.device);
    dh0_ = Tensor::zeros(s, ctx.dtype, ctx.device);
    if (cell) {
        c0_ = Tensor::zeros(s, ctx.dtype, ctx.device);
        dc0_ = Tensor::zeros(s, ctx.dtype, ctx.device);
    }
    scratch_ = Tensor(Shape::matrix(1, 1), ctx.dtype, ctx.device);
    state_cols_ = 0;
}

void Recurrent::reset_state() {
    if (state_cols_ != 0) {
        h0_.fill(0.0);
        if (has_cell_) c0_.fill(0.0);
    }
    state_cols_ = 0;
}

void Recurrent::carry_state() {
    DL_CHECK(!last_h_.empty(), kind(), " '", name(), "': carry_state() before a forward pass");
    const int64_t B = last_h_.cols();
    Tensor h = h0_.first(Shape::matrix(H_, B));
    axpby(1.0, last_h_, 0.0, h);  // h_{−1} ← h_{T−1}
    if (has_cell_) {
        Tensor c = c0_.first(Shape::matrix(H_, B));
        axpby(1.0, last_c_, 0.0, c);  // C_{−1} ← C_{T−1}
    }
    state_cols_ = B;
}

void Recurrent::set_state(const Tensor& h0, const Tensor* c0) {
    DL_CHECK(!h0_.empty(), kind(), " '", name(), "': set_state() before the layer is built");
    const int64_t B = h0.cols();
    DL_CHECK(h0.rows() == H_ && B > 0 && B <= max_cols_, kind(), " '", name(),
             "': the state h0 must be ", H_, " x B with 1 <= B <= ", max_cols_, ", got ",
             h0.shape().str());
    h0_.first(Shape::matrix(H_, B)).copy_from(h0.reshape(Shape::matrix(H_, B)));
    if (has_cell_) {
        DL_CHECK(c0 != nullptr && c0->rows() == H_ && c0->cols() == B, kind(), " '", name(),
                 "': the cell state c0 must be ", Shape::matrix(H_, B).str(), " like h0");
        c0_.first(Shape::matrix(H_, B)).copy_from(c0->reshape(Shape::matrix(H_, B)));
    }
    state_cols_ = B;
}

Tensor Recurrent::initial_h(int64_t B) const {
    DL_CHECK(state_cols_ == 0 || state_cols_ == B, kind(), " '", name(),
             "': the carried state is for a batch of ", state_cols_, " sequences, this input has ",
             B, " (call reset_state() first)");
    return h0_.first(Shape::matrix(H_, B));
}

Tensor Recurrent::initial_c(int64_t B) const {
    (void)initial_h(B);  // the same check
    return c0_.first(Shape::matrix(H_, B));
}

void Recurrent::keep_final(const Tensor& h, const Tensor* c) {
    last_h_ = h;
    if (c) last_c_ = *c;
}

void Recurrent::record(const Tensor& g, int64_t t, int64_t T) {
    if (!record_) return;
    if (static_cast<int64_t>(norms_.size()) != T) norms_.assign(static_cast<std::size_t>(T), 0.0);
    dot(g, g, scratch_);  // ‖g‖² on the device, then one number to the host
    norms_[static_cast<std::size_t>(t)] = std::sqrt(scratch_.at(0, 0));
}

Tensor& Recurrent::dh0_at(int64_t B) {
    dh0_view_ = dh0_.first(Shape::matrix(H_, B));
    return dh0_view_;
}

Tensor& Recurrent::dc0_at(int64_t B) {
    dc0_view_ = dc0_.first(Shape::matrix(H_, B));
    return dc0_view_;
}

}  // namespace dl::nn
