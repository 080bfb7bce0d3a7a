/// @file recurrent.hpp
/// @brief dl::nn::Recurrent: what the recurrent layers (循环神经网络) RNN and LSTM share —
/// sequences as time-major columns, many-to-many or many-to-one output, and the state carried
/// from one call to the next.
///
/// **Sequences are time-major columns.** A batch of B sequences of T steps, D features per step,
/// is one D x (T·B) matrix whose column t·B + b is step t of sequence b (t = 0 … T − 1):
///
///     | x_0 of seq 0 … seq B−1 | x_1 of seq 0 … seq B−1 | … | x_{T−1} of seq 0 … seq B−1 |
///
/// Step t of the whole batch is then the contiguous D x B block of columns [t·B, (t+1)·B): a
/// view, never a copy. The input projections W_x·x_t of all T steps are ONE matrix product
/// W_x·X (T·B columns at once, where the GEMM is efficient), and only the recurrent product
/// W_h·h_{t−1} has to wait for the previous step. The matrix is the same memory as
/// Shape::sequence(D, B, T).
///
/// This fits the Layer contract (layer.hpp), whose last dimension counts columns: the input is
/// D x (T·B), and a Dense layer after a many-to-many recurrent layer is applied to the hidden
/// state of every step at once — it simply sees H x (T·B).
///
/// **Output.** Returns::Sequence (many-to-many, 多对多): y is H x (T·B), every h_t, in the same
/// layout. Returns::Last (many-to-one, 多对一): y is h_{T−1} alone, H x B — this is the one
/// place where a layer changes the column count: out_shape(D x T·B) = H x B.
///
/// **Steps.** The layer is built for T steps and reads the batch as B = columns / T (the column
/// count must be a multiple of T). set_steps() changes T between calls: a language model trained
/// on windows of 64 characters generates one character at a time with set_steps(1). Buffers are
/// reserved for the largest column count, so any T·B up to it runs without allocating.
///
/// **State.** Every forward pass starts from an initial state h_{−1} (and C_{−1} for the
/// LSTM): zeros, unless the caller says otherwise —
///
///     reset_state()   zeros again (a new text, a new epoch);
///     carry_state()   the final state of the last forward pass becomes the initial state of the
///                     next (truncated backpropagation through time: consecutive windows of one
///                     long text; generation, one step per call);
///     set_state()     an explicit state (the gradient checks start from a random one).
///
/// The forward pass is a function of its input, the parameters and this state only, so a
/// gradient check can call it again and again. Gradients never flow into the previous window:
/// the backward pass stops at step 0 and leaves ∂J/∂h_{−1} (and ∂J/∂C_{−1}) in dh0() (dc0())
/// — that cut is what "truncated" means.
///
/// **Gradient norms.** With record_gradient_norms(true), the backward pass records ‖∂J/∂h_t‖ for
/// every step t (chapter 7 plots them against the distance T − 1 − t to see the vanishing
/// gradient of the plain RNN); it costs one reduction and one host read per step, so it is off
/// by default.
#pragma once

#include <vector>

#include "layer.hpp"
#include "param_store.hpp"

namespace dl::nn {

/// What a recurrent layer hands to the next layer.
enum class Returns {
    Sequence,  ///< every h_t: H x (T·B) (many-to-many)
    Last,      ///< h_{T−1} only: H x B (many-to-one)
};

class Recurrent : public Layer {
public:
    int64_t hidden() const { return H_; }
    int64_t steps() const { return T_; }
    Returns returns() const { return returns_; }
    /// T for the following calls (at most the column count reserved).
    void set_steps(int64_t T);

    /// H x (T·B) for Sequence, H x B for Last; throws naming the layer when the column count is
    /// not a multiple of T or the features do not match the first input.
    Shape out_shape(const Shape& in) const override;

    /// The next forward pass starts from zeros.
    void reset_state();
    /// The next forward pass starts from the final state of the last one (same batch size).
    void carry_state();
    /// The next forward pass starts from h0 (H x B), and c0 (H x B) for an LSTM (ignored by the
    /// plain RNN, which has no cell state). Copied.
    void set_state(const Tensor& h0, const Tensor* c0 = nullptr);
    /// The final state of the last forward pass, h_{T−1} (and C_{T−1}): H x B views, valid until
    /// the next forward pass.
    const Tensor& final_h() const { return last_h_; }
    const Tensor& final_c() const { return last_c_; }
    /// ∂J/∂h_{−1}, ∂J/∂C_{−1} of the last backward pass (H x B): the gradient that truncation
    /// drops; the gradient checks compare it with differences.
    const Tensor& dh0() const { return dh0_view_; }
    const Tensor& dc0() const { return dc0_view_; }

    /// Records ‖∂J/∂h_t‖, t = 0 … T − 1, in the next backward passes.
    void record_gradient_norms(bool on) { record_ = on; }
    /// The norms of the last backward pass with recording on (index t).
    const std::vector<double>& gradient_norms() const { return norms_; }

protected:
    Recurrent(int64_t hidden, int64_t steps, Returns returns);

    /// B = x.cols() / T, checked.
    int64_t batch_of(const Shape& x) const;
    /// Allocates the state buffers (H x cols, the cell's too when `cell`).
    void reserve_state(int64_t cols, const Context& ctx, bool cell);
    /// The initial state for a batch of B: views of h_{−1} and C_{−1}; throws when a carried
    /// state has another batch size.
    Tensor initial_h(int64_t B) const;
    Tensor initial_c(int64_t B) const;
    /// True while the initial state is all zeros (the products with it can be skipped).
    bool zero_state() const { return state_cols_ == 0; }
    /// Remembers h_{T−1}, C_{T−1} of this forward pass (views) for carry_state().
    void keep_final(const Tensor& h, const Tensor* c);
    /// Records ‖g‖ when recording is on (t = the step, T = the steps of this pass).
    void record(const Tensor& g, int64_t t, int64_t T);
    /// Views of dh0, dc0 at B columns (for the derived backward to fill).
    Tensor& dh0_at(int64_t B);
    Tensor& dc0_at(int64_t B);

    int64_t H_, T_, D_ = 0;
    Returns returns_;
    bool has_cell_ = false;

private:
    Tensor h0_, c0_, dh0_, dc0_, dh0_view_, dc0_view_, last_h_, last_c_, scratch_;
    int64_t state_cols_ = 0;  // batch of the stored initial state; 0 while it is zeros
    int64_t max_cols_ = 0;
    bool record_ = false;
    std::vector<double> norms_;
};

}  // namespace dl::nn
