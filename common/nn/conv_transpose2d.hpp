/// @file conv_transpose2d.hpp
/// @brief dl::nn::ConvTranspose2d: the transposed convolution (转置卷积) a generator grows its
/// images with, F filters of k×k stamped with stride s.
///
/// For an input [W x H x C x m], every input pixel stamps each filter, scaled by its value, onto
/// the output, the stamps of neighbouring pixels s apart (kernels/conv_transpose2d.hpp):
///
///     Y(iw·s − p + kw, ih·s − p + kh, f, j) += W(kw, kh, f, c) · X(iw, ih, c, j),   Y += b(f)
///
/// giving [OW x OH x F x m] with OH = (H − 1)·s − 2p + k + op. With k = 4, s = 2, p = 1 the
/// size doubles (7 → 14 → 28: DCGAN's generator). It is the transpose of the convolution that
/// maps F·OH·OW numbers to C·H·W with the same k, s, p (the *mirror*), so it runs on the same
/// im2col, col2im and GEMM twins as nn::Conv2d, with the roles of the passes swapped:
///
///     forward:   Col = stack(X) · Wᵀ,   Y = col2im(Col) + b        (the mirror's input gradient)
///     backward:  Col = im2col(dY),   dX = unstack(Col · W)         (the mirror's forward pass)
///                dW += Colᵀ · stack(X),   db += Σ dY
///
/// W is stored [k x k x F x C] (PyTorch's ConvTranspose2d (C, F, k, k) memory), which is its
/// (F·k·k) x C matrix for the GEMMs as it is. Initialisation: He with the fan-in an output
/// pixel actually sees, C·k²/s² (each output pixel is covered by about (k/s)² stamps of each
/// input channel); b starts at 0 (pass `bias = false` when batch norm follows).
///
/// As in Conv2d, the images of a batch are processed in groups that keep Col in a core's L2
/// cache, the groups shared out between threads on the CPU, each thread with its own Col and
/// its own share of dW. ConvAlgo::Direct runs the loops of the contract instead (to read, and
/// to test against).
#pragma once

#include <vector>

#include "../kernels/conv_transpose2d.hpp"
#include "conv2d.hpp"
#include "init.hpp"
#include "layer.hpp"
#include "param_store.hpp"

namespace dl::nn {

class ConvTranspose2d : public Layer {
public:
    /// `filters` output channels from k x k stamps, stride s, padding p, output padding op < s.
    ConvTranspose2d(int64_t filters, int64_t k, int64_t stride = 1, int64_t pad = 0,
                    int64_t out_pad = 0, bool bias = true, ConvAlgo algo = ConvAlgo::Im2col,
                    Init init = Init::He);

    const char* kind() const override { return "ConvTranspose2d"; }
    std::string describe() const override;
    Shape out_shape(const Shape& in) const override;
    void declare(const Shape& in, ParamStore& params) override;
    void reserve(const Shape& in, const Context& ctx) override;
    void forward(const Tensor& x, Tensor& y, const Pass& pass) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;

    /// The geometry for an input of shape `in` ([W x H x C x m]).
    ConvTransposeGeometry geometry(const Shape& in) const;
    Param& W() { return *W_; }
    Param* b() { return b_; }
    int64_t filters() const { return F_; }
    /// Images per GEMM (after reserve()).
    int64_t group() const { return G_; }

private:
    int64_t F_, k_, stride_, pad_, out_pad_;
    bool bias_;
    ConvAlgo algo_;
    Init init_;
    Shape in_;
    Param* W_ = nullptr;
    Param* b_ = nullptr;
    int64_t G_ = 1;
    int threads_ = 1;
    // Per thread: Col (P·G x F·k·k) and the stacked input (P·G x C), P = H·W input pixels; for
    // threads after the first, their share of dW.
    std::vector<Tensor> col_, xs_, dw_;
};

}  // namespace dl::nn
