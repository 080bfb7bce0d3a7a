/// @file bench_conv2d.cpp
/// @brief Chapter 6's convolution layer (nn::Conv2d, im2col + GEMM) forward and backward at the
/// shapes of LeNet-5 and the small ResNet, batch 64, as GFLOP/s against the GEMM ceiling. The
/// arithmetic counted is the convolution's own: 2·P·Q·F·N for the forward pass (P output pixels,
/// Q = C·k·k taps, F filters, N images) and twice that for the backward pass (dW and dX; the
/// first layer of a network needs no dX, but here it is computed). im2col, col2im and the
/// (un)stacking are the overhead the fraction shows. Also max pooling and batch norm on the
/// ResNet's largest maps, as bytes moved.
#if __has_include("kernels/conv2d.hpp") && __has_include("nn/conv2d.hpp")
#include "bench_util.hpp"
#include "nn/batchnorm.hpp"
#include "nn/conv2d.hpp"
#include "nn/param_store.hpp"
#include "nn/pool.hpp"

namespace dl::bench {
namespace {

struct ConvCase {
    const char* tag;
    int64_t C, H, F, k, s, p;
};

const bool registered = on_register([](bool smoke) {
    const int64_t N = smoke ? 2 : 64;
    std::vector<ConvCase> cases = {{"lenet_conv1_1x28x28_6x5x5", 1, 28, 6, 5, 1, 2},
                                   {"lenet_conv2_6x14x14_16x5x5", 6, 14, 16, 5, 1, 0},
                                   {"resnet_16x28x28_16x3x3", 16, 28, 16, 3, 1, 1},
                                   {"resnet_32x14x14_32x3x3", 32, 14, 32, 3, 1, 1},
                                   {"resnet_64x7x7_64x3x3", 64, 7, 64, 3, 1, 1}};
    if (smoke) cases.resize(1);
    for (const ConvCase& c : cases) {
        for (bool backward : {false, true}) {
            const std::string name = std::string("conv2d_") + (backward ? "backward/" : "forward/") + c.tag;
            add(name, std::string("Conv2d ") + (backward ? "backward " : "forward ") + c.tag + ", batch " +
                          std::to_string(N),
                [=](benchmark::State& st) {
                    nn::Conv2d conv(c.F, c.k, c.s, c.p);
                    conv.set_name("conv");
                    const Shape in = Shape::images(N, c.C, c.H, c.H);
                    nn::ParamStore ps;
                    conv.declare(in, ps);
                    ps.allocate({});
                    conv.reserve(in, {});
                    Rng rng(3);
                    ps.initialize(rng);
                    const Tensor x = randu(in, 71);
                    Tensor y(conv.out_shape(in));
                    const Tensor dy = randu(y.shape(), 72);
                    Tensor dx(in);
                    const ConvGeometry g = conv.geometry(in);
                    conv.forward(x, y, {});
                    for (auto _ : st) {
                        if (backward)
                            conv.backward(x, y, dy, &dx);
                        else
                            conv.forward(x, y, {});
                        benchmark::ClobberMemory();
                    }
                    const double fwd = 2.0 * double(g.P()) * double(g.Q()) * double(g.F) * double(N);
                    count_flops(st, backward ? 2 * fwd : fwd);
                });
        }
    }
    // Pooling and batch norm on the largest maps of the networks (memory-bound: bytes).
    const int64_t C = smoke ? 2 : 16, H = smoke ? 4 : 28;
    add("maxpool2x2_forward/16x28x28", "MaxPool2d 2x2 forward, batch " + std::to_string(N),
        [=](benchmark::State& st) {
            nn::MaxPool2d pool(2);
            const Tensor x = randu(Shape::images(N, C, H, H), 73);
            Tensor y(pool.out_shape(x.shape()));
            for (auto _ : st) pool.forward(x, y, {});
            count_bytes(st, double(x.numel() + y.numel()) * sizeof(float));
        });
    add("batchnorm2d_training/16x28x28", "BatchNorm2d forward + backward (training), batch " +
            std::to_string(N),
        [=](benchmark::State& st) {
            nn::BatchNorm2d bn;
            bn.set_name("bn");
            const Tensor x = randu(Shape::images(N, C, H, H), 74);
            nn::ParamStore ps;
            bn.declare(x.shape(), ps);
            ps.allocate({});
            bn.reserve(x.shape(), {});
            Rng rng(4);
            ps.initialize(rng);
            Tensor y(x.shape()), dx(x.shape());
            const Tensor dy = randu(x.shape(), 75);
            for (auto _ : st) {
                bn.forward(x, y, nn::Pass{true});
                bn.backward(x, y, dy, &dx);
            }
            // forward: x read twice (statistics), read once and y written; backward: x and dy
            // read twice, dx written: 9 passes over the tensor.
            count_bytes(st, 9.0 * double(x.numel()) * sizeof(float));
        });
});

}  // namespace
}  // namespace dl::bench
#endif
