/// @file conv2d.hpp
/// @brief dl::nn::Conv2d: the convolution layer (卷积层), F filters of C×k×k weights slid over
/// the input with stride s and zero padding p.
///
/// For an input [W x H x C x m] (m images of C channels) the layer computes, for each filter f
/// and output pixel (oh, ow),
///
///     Z(ow, oh, f, j) = b(f) + Σ_c Σ_kh Σ_kw  W(kw, kh, c, f) · A_prev(ow·s − p + kw, oh·s − p + kh, c, j)
///
/// giving [OW x OH x F x m] with OH = ⌊(H + 2p − k)/s⌋ + 1 (the same for OW). Each filter is one
/// feature detector used at every position (参数共享, parameter sharing), and each output pixel
/// sees only a k×k×C patch (稀疏连接, sparse connections): the layer has F·(C·k·k + 1)
/// parameters whatever the image size. Backward, with dZ = ∂J/∂Z:
///
///     dW(kw, kh, c, f) += Σ_j Σ_oh Σ_ow dZ(ow, oh, f, j) · A_prev(ow·s − p + kw, oh·s − p + kh, c, j)
///     db(f)            += Σ_j Σ_oh Σ_ow dZ(ow, oh, f, j)
///     dA_prev(w, h, c, j) = Σ over the outputs whose window covers (w, h) of W · dZ
///
/// Two algorithms compute the same numbers (kernels/conv2d.hpp): ConvAlgo::Direct runs the
/// sums above as loops (to read, and to test against), ConvAlgo::Im2col — what the networks
/// use — copies the patches of G images into the rows of a matrix Col and does the arithmetic
/// as GEMMs:
///
///     Z = Col · W + b        dW += Colᵀ · dZ        dCol = dZ · Wᵀ,  dA_prev = col2im(dCol)
///
/// W is stored [k x k x C x F] (PyTorch's (F, C, k, k) memory), which is its Q x F matrix
/// (Q = C·k·k) for the GEMMs as it is. He initialisation with fan-in C·k·k; b starts at 0
/// (pass `bias = false` when batch norm follows: its β plays b's part).
///
/// The layer allocates Col and the GEMM's output once in reserve(): the images of a batch are
/// processed in groups of G, G chosen so that Col stays in a core's L2 cache on the CPU (256 KB;
/// all of the batch at once on the GPU). On the CPU the groups are shared out between the
/// threads, each with its own Col (and its own dW and db, added up at the end of the backward
/// pass): the threads meet once per layer call rather than once per small product.
#pragma once

#include <vector>

#include "../kernels/conv2d.hpp"
#include "init.hpp"
#include "layer.hpp"
#include "param_store.hpp"

namespace dl::nn {

/// How a convolution layer computes.
enum class ConvAlgo { Im2col, Direct };

/// "im2col", "direct".
const char* conv_algo_name(ConvAlgo a);

class Conv2d : public Layer {
public:
    /// `filters` filters of k x k, stride s, padding p (p = (k − 1)/2 keeps the size at s = 1:
    /// the lecture's "same" convolution; p = 0 is "valid").
    Conv2d(int64_t filters, int64_t k, int64_t stride = 1, int64_t pad = 0, bool bias = true,
           ConvAlgo algo = ConvAlgo::Im2col, Init init = Init::He);

    const char* kind() const override { return "Conv2d"; }
    std::string describe() const override;
    Shape out_shape(const Shape& in) const override;
    void declare(const Shape& in, ParamStore& params) override;
    void reserve(const Shape& in, const Context& ctx) override;
    void forward(const Tensor& x, Tensor& y, const Pass& pass) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;

    /// The geometry for an input of shape `in` ([W x H x C x m]).
    ConvGeometry geometry(const Shape& in) const;
    Param& W() { return *W_; }
    Param* b() { return b_; }
    int64_t filters() const { return F_; }
    ConvAlgo algo() const { return algo_; }
    /// Images per GEMM (after reserve()).
    int64_t group() const { return G_; }
    /// Threads that share the groups (after reserve(); 1 on the GPU).
    int threads() const { return threads_; }

private:
    int64_t F_, k_, stride_, pad_;
    bool bias_;
    ConvAlgo algo_;
    Init init_;
    Shape in_;  // one image's shape, fixed by declare()
    Param* W_ = nullptr;
    Param* b_ = nullptr;
    int64_t G_ = 1;
    int threads_ = 1;
    // Per thread: Col (P·G x Q), the GEMM's output (P·G x F); and for threads after the first,
    // their share of dW (Q x F) and db (F x 1).
    std::vector<Tensor> col_, ys_, dw_, db_;
};

}  // namespace dl::nn
