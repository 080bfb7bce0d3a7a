// Convolution, pooling and the residual block: the output-size formula, hand-computed values
// (an edge detector, the lecture's 4x4 pooling example forward and backward), the direct loops
// against im2col + GEMM, gradient checks (float64, ≤ 1e-7) with stride 2, padding, odd sizes,
// 1x1 filters and the projection shortcut, the networks' parameter counts against the papers,
// and CPU vs CUDA parity of every kernel and layer.
#include <omp.h>

#include <cmath>

#include "kernels/conv2d.hpp"
#include "kernels/matmul.hpp"
#include "kernels/pool2d.hpp"
#include "nn/activation_layer.hpp"
#include "nn/batchnorm.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/gradcheck.hpp"
#include "nn/model.hpp"
#include "nn/models.hpp"
#include "nn/pool.hpp"
#include "nn_test_util.hpp"

using namespace dl;
using namespace dl::nn;

namespace {

constexpr double kGradTol = 1e-7;  // the lecture's "right" reading (gradcheck.hpp)

void build(Layer& l, const Shape& in, ParamStore& ps, const Context& ctx = {}, uint64_t seed = 1) {
    if (l.name().empty()) l.set_name("layer");
    name_layers(l);
    l.declare(in, ps);
    ps.allocate(ctx);
    l.reserve(in, ctx);
    Rng rng(seed);
    ps.initialize(rng);
}

void expect_gradcheck(Layer& l, const Shape& in, const Pass& pass = {}, uint64_t seed = 3) {
    const GradCheckResult r = gradcheck_layer(l, in, seed, pass);
    for (const auto& s : r.slots)
        EXPECT_LE(s.rel_error, kGradTol) << l.describe() << ": " << s.name << " (" << s.count
                                         << " elements)";
    EXPECT_FALSE(r.slots.empty());
}

double max_abs_diff(const Tensor& a, const Tensor& b) {
    const auto x = a.values(), y = b.values();
    EXPECT_EQ(x.size(), y.size());
    double d = 0;
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) d = std::max(d, std::abs(x[i] - y[i]));
    return d;
}

/// An image tensor from rows written top to bottom (one channel, one image).
Tensor image_from_rows(const std::vector<std::vector<double>>& rows, DType dt = DType::F32) {
    const int64_t H = int64_t(rows.size()), W = int64_t(rows[0].size());
    std::vector<double> v;
    for (const auto& r : rows) v.insert(v.end(), r.begin(), r.end());  // row-major = [W x H]
    return Tensor::from_values(Shape::images(1, 1, H, W), v, dt);
}

}  // namespace

// (n + 2p − f)/s + 1, rounded down (lecture 004), for the cases of the chapter's table.
TEST(ConvOutputSize, TheLecturesFormula) {
    EXPECT_EQ(conv_output_size(6, 3, 0, 1), 4);     // 6x6 * 3x3 "valid"
    EXPECT_EQ(conv_output_size(6, 3, 1, 1), 6);     // "same": p = (f − 1)/2
    EXPECT_EQ(conv_output_size(7, 3, 0, 2), 3);     // (7 − 3)/2 + 1
    EXPECT_EQ(conv_output_size(7, 3, 1, 2), 4);     // (7 + 2 − 3)/2 + 1
    EXPECT_EQ(conv_output_size(8, 3, 0, 2), 3);     // (8 − 3)/2 = 2.5, rounded down
    EXPECT_EQ(conv_output_size(28, 5, 2, 1), 28);   // LeNet-5's first layer on 28x28
    EXPECT_EQ(conv_output_size(227, 11, 0, 4), 55); // AlexNet's first layer
    EXPECT_EQ(conv_output_size(4, 2, 0, 2), 2);     // the lecture's pooling example
    EXPECT_TRUE(test::message_has([] { conv_output_size(3, 5, 0, 1); }, "does not fit in 3 pixels"));
    EXPECT_TRUE(test::message_has([] { conv_output_size(5, 3, 0, 0); }, "stride s >= 1"));
}

// The classic vertical edge: a 6x6 image bright (10) on the left half and dark (0) on the right,
// filtered by [1 0 −1] in each row, gives 0 where the image is flat and 30 = 3·10 across the edge.
TEST(Conv2d, VerticalEdgeHandComputed) {
    std::vector<std::vector<double>> rows(6, {10, 10, 10, 0, 0, 0});
    const Tensor X = image_from_rows(rows);
    for (ConvAlgo algo : {ConvAlgo::Direct, ConvAlgo::Im2col}) {
        Conv2d conv(1, 3, 1, 0, false, algo);
        ParamStore ps;
        build(conv, X.shape(), ps);
        conv.W().value.copy_from(image_from_rows({{1, 0, -1}, {1, 0, -1}, {1, 0, -1}})
                                     .reshape(conv.W().shape));
        Tensor Y(conv.out_shape(X.shape()));
        conv.forward(X, Y, {});
        ASSERT_EQ(Y.shape(), Shape::images(1, 1, 4, 4));
        const auto y = Y.values();
        for (int r = 0; r < 4; ++r)
            EXPECT_EQ((std::vector<double>(y.begin() + 4 * r, y.begin() + 4 * r + 4)),
                      (std::vector<double>{0, 30, 30, 0}))
                << conv_algo_name(algo) << ", row " << r;
    }
}

// Convolution over volumes: a 2-channel input and 2 filters, stride 2 and padding 1, every
// output worked out by hand from W·patch + b.
TEST(Conv2d, TwoChannelsStrideAndPaddingHandComputed) {
    ConvGeometry g;
    g.C = 2, g.H = 3, g.W = 3, g.F = 2, g.k = 2, g.stride = 2, g.pad = 1;
    // Channel 0 = [1 2 3; 4 5 6; 7 8 9], channel 1 = all 1.
    const Tensor X = Tensor::from_values(g.input(1), {1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 1, 1, 1, 1,
                                                      1, 1, 1, 1});
    // Filter 0 sums channel 0's window; filter 1 takes the window's bottom-right pixel of
    // channel 0 minus that of channel 1. W is [k x k x C x F] = (kw, kh, c, f).
    const Tensor Wt = Tensor::from_values(g.weight(), {1, 1, 1, 1, 0, 0, 0, 0,   // f = 0
                                                       0, 0, 0, 1, 0, 0, 0, -1});  // f = 1
    const Tensor b = Tensor::from_values(Shape::column(2), {0.5, 0});
    // Padded channel 0 has windows (top-left at (−1, −1), stride 2) covering
    // {1} {2, 3} {4, 7} {5, 6, 8, 9}: OH = OW = (3 + 2 − 2)/2 + 1 = 2.
    Tensor Y(g.output(1));
    conv2d_direct_forward(X, Wt, &b, g, Y);
    EXPECT_EQ(Y.values(), (std::vector<double>{1.5, 5.5, 11.5, 28.5,   // sums + 0.5
                                               0, 2, 6, 8}));            // 1−1, 3−1, 7−1, 9−1
    Tensor Y2(g.output(1)), col(Shape::matrix(g.P(), g.Q())), ys(Shape::matrix(g.P(), g.F));
    im2col(X, g, col);
    matmul(col, Wt, ys);
    conv2d_unstack(ys, &b, g, Y2);
    EXPECT_EQ(Y2.values(), Y.values());
}

// The direct loops and im2col + GEMM compute the same sums (float64: equal to rounding), in
// both directions, with stride 2, padding, odd sizes, and batches split into groups of images
// (2·40·40 inputs make Col too large for one group of 5: groups of 2, 2 and 1, shared by the
// threads, whose shares of dW and db are added at the end).
TEST(Conv2d, DirectAndIm2colAgree) {
    struct Case {
        int64_t N, C, H, W, F, k, s, p;
    };
    for (const Case c : {Case{3, 2, 7, 5, 3, 3, 1, 1}, Case{2, 3, 9, 8, 4, 3, 2, 1},
                         Case{4, 1, 6, 7, 2, 5, 2, 2}, Case{3, 5, 5, 5, 2, 1, 1, 0},
                         Case{5, 2, 40, 40, 4, 3, 1, 1}}) {
        const Context f64{Device::CPU, DType::F64};
        const Shape in = Shape::images(c.N, c.C, c.H, c.W);
        Conv2d direct(c.F, c.k, c.s, c.p, true, ConvAlgo::Direct);
        Conv2d fast(c.F, c.k, c.s, c.p, true, ConvAlgo::Im2col);
        ParamStore pd, pf;
        build(direct, in, pd, f64, 7);
        build(fast, in, pf, f64, 7);
        Tensor v = pf.values();
        v.copy_from(pd.values());
        Rng rng(8);
        const Tensor x = test::randn(in, rng, 1.0, DType::F64);
        const Shape out = direct.out_shape(in);
        const Tensor dy = test::randn(out, rng, 1.0, DType::F64);
        Tensor yd(out, DType::F64), yf(out, DType::F64), dxd(in, DType::F64), dxf(in, DType::F64);
        direct.forward(x, yd, {});
        fast.forward(x, yf, {});
        pd.zero_grad();
        pf.zero_grad();
        direct.backward(x, yd, dy, &dxd);
        fast.backward(x, yf, dy, &dxf);
        SCOPED_TRACE(testing::Message() << direct.geometry(in).str() << ", " << c.N
                                        << " images in groups of " << fast.group());
        EXPECT_LT(max_abs_diff(yd, yf), 1e-12);
        EXPECT_LT(max_abs_diff(dxd, dxf), 1e-12);
        EXPECT_LT(max_abs_diff(pd.grads(), pf.grads()), 1e-10);
        // Col holds at most 2^15 floats per thread: a 40 x 40 image with 2 channels and a 3 x 3
        // filter needs 1600 x 18 = 28,800 on its own, so it goes alone; the small cases take
        // all of a thread's share of the images at once.
        const int64_t T = std::clamp<int64_t>(omp_get_max_threads(), 1, c.N);
        EXPECT_EQ(fast.group(), c.H == 40 ? 1 : (c.N + T - 1) / T);
    }
}

// A 1x1 convolution is a dense layer applied at every pixel (lecture 004, "Network in
// Network"): the F x C matrix of its filters maps each pixel's C channels to F.
TEST(Conv2d, OneByOneIsADenseLayerAtEveryPixel) {
    const Shape in = Shape::images(2, 3, 4, 5);
    Conv2d conv(2, 1);
    ParamStore ps;
    build(conv, in, ps, {}, 4);
    Rng rng(5);
    conv.b()->value.copy_from(Tensor::from_values(Shape::column(2), {0.5, -1}));
    const Tensor x = test::randn(in, rng);
    Tensor y(conv.out_shape(in));
    conv.forward(x, y, {});
    const auto w = conv.W().value.values();  // [1 x 1 x C x F]: w[c + C·f]
    const auto xv = x.values(), yv = y.values();
    for (int64_t n = 0; n < 2; ++n)
        for (int64_t pix = 0; pix < 20; ++pix)
            for (int64_t f = 0; f < 2; ++f) {
                double z = f == 0 ? 0.5 : -1.0;
                for (int64_t c = 0; c < 3; ++c) z += w[c + 3 * f] * xv[pix + 20 * (c + 3 * n)];
                EXPECT_NEAR(yv[pix + 20 * (f + 2 * n)], z, 1e-5);
            }
}

TEST(LayerGradCheck, Conv2dIm2colAndDirect) {
    for (ConvAlgo algo : {ConvAlgo::Im2col, ConvAlgo::Direct}) {
        Conv2d same(3, 3, 1, 1, true, algo);
        expect_gradcheck(same, Shape::images(2, 2, 5, 6));  // "same", odd sizes
        Conv2d strided(2, 3, 2, 1, true, algo);
        expect_gradcheck(strided, Shape::images(3, 2, 7, 5));  // stride 2, padding 1
        Conv2d valid(2, 2, 2, 0, false, algo);
        expect_gradcheck(valid, Shape::images(2, 3, 5, 5));  // even filter, no bias, rows lost
        Conv2d one(4, 1, 1, 0, true, algo);
        expect_gradcheck(one, Shape::images(2, 3, 3, 2));  // 1x1
    }
}

// --- Pooling ---------------------------------------------------------------------------------

// Lecture 001's example: max pooling and average pooling with 2x2 windows and stride 2.
TEST(Pooling, TheLecturesFourByFourExample) {
    const Tensor X = image_from_rows({{1, 3, 2, 4}, {1, 3, 2, 4}, {5, 7, 6, 8}, {5, 7, 6, 8}});
    MaxPool2d mp(2);
    AvgPool2d ap(2);
    Tensor ym(mp.out_shape(X.shape())), ya(ap.out_shape(X.shape()));
    mp.forward(X, ym, {});
    ap.forward(X, ya, {});
    EXPECT_EQ(ym.values(), (std::vector<double>{3, 4, 7, 8}));  // rows (3 4), (7 8)
    EXPECT_EQ(ya.values(), (std::vector<double>{2, 3, 6, 7}));  // rows (2 3), (6 7)
    // Backward with dY = [1 2; 3 4]: max sends each to the first largest input of its window
    // (3 at row 0, 4 at row 0, 7 at row 2, 8 at row 2); average spreads dY/4 over the window.
    const Tensor dY = image_from_rows({{1, 2}, {3, 4}});
    Tensor dm(X.shape()), da(X.shape());
    mp.backward(X, ym, dY, &dm);
    ap.backward(X, ya, dY, &da);
    EXPECT_EQ(dm.values(), (std::vector<double>{0, 1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0}));
    EXPECT_EQ(da.values(), (std::vector<double>{0.25, 0.25, 0.5, 0.5, 0.25, 0.25, 0.5, 0.5,
                                                0.75, 0.75, 1, 1, 0.75, 0.75, 1, 1}));
}

// Overlapping windows (3x3, stride 2, as in AlexNet) with padding: an input in two windows gets
// both gradients; padding is never a maximum.
TEST(Pooling, OverlappingWindowsAndPadding) {
    const Tensor X = image_from_rows({{-1, -2, -3}, {-4, -5, -6}, {-7, -8, -9}});
    MaxPool2d mp(2, 1, 1);  // 2x2 windows, stride 1, padding 1: a 4x4 output
    Tensor y(mp.out_shape(X.shape()));
    ASSERT_EQ(y.shape(), Shape::images(1, 1, 4, 4));
    mp.forward(X, y, {});
    EXPECT_EQ(y.at(0, 0), -1.0);  // window {padding, −1}: the padding (0) is not taken
    Tensor dy = Tensor::full(y.shape(), 1.0), dx(X.shape());
    mp.backward(X, y, dy, &dx);
    // −1 is the maximum of 4 windows; −2, −3, −4, −7 of 2; −5 of 1; ... (Σ = 16 windows)
    EXPECT_EQ(dx.values(), (std::vector<double>{4, 2, 2, 2, 1, 1, 2, 1, 1}));
}

TEST(LayerGradCheck, Pooling) {
    MaxPool2d m2(2);
    expect_gradcheck(m2, Shape::images(2, 3, 5, 6));  // odd: the last row is left out
    MaxPool2d m3(3, 2, 1);
    expect_gradcheck(m3, Shape::images(2, 2, 7, 5));  // overlapping, padded
    AvgPool2d a2(2);
    expect_gradcheck(a2, Shape::images(2, 3, 4, 6));
    AvgPool2d a3(3, 2, 1);
    expect_gradcheck(a3, Shape::images(2, 2, 5, 7));
    GlobalAvgPool gap;
    expect_gradcheck(gap, Shape::images(3, 4, 3, 5));
}

TEST(GlobalAvgPool, MeanOfEachChannel) {
    // One image, two channels of 2x2: (1, 2, 3, 4) → 2.5 and (−1, −1, −1, 5) → 0.5.
    const Tensor X = Tensor::from_values(Shape::images(1, 2, 2, 2), {1, 2, 3, 4, -1, -1, -1, 5});
    GlobalAvgPool gap;
    ParamStore ps;
    build(gap, X.shape(), ps);
    Tensor y(gap.out_shape(X.shape()));
    ASSERT_EQ(y.shape(), Shape::matrix(2, 1));
    gap.forward(X, y, {});
    EXPECT_EQ(y.values(), (std::vector<double>{2.5, 0.5}));
    Tensor dx(X.shape());
    gap.backward(X, y, Tensor::from_values(Shape::matrix(2, 1), {4, -8}), &dx);
    EXPECT_EQ(dx.values(), (std::vector<double>{1, 1, 1, 1, -2, -2, -2, -2}));
}

// --- The residual block and the networks -------------------------------------------------------

TEST(LayerGradCheck, ResidualBlocks) {
    auto identity = residual_block(3, 3, 1);
    EXPECT_EQ(identity->shortcut(), nullptr);
    expect_gradcheck(*identity, Shape::images(2, 3, 5, 4), Pass{true});
    auto projection = residual_block(2, 4, 2);  // stride 2, 2 → 4 channels: 1x1 projection
    ASSERT_NE(projection->shortcut(), nullptr);
    expect_gradcheck(*projection, Shape::images(3, 2, 5, 6), Pass{true});
    auto widen = residual_block(2, 3, 1, ConvAlgo::Direct);  // projection at stride 1
    expect_gradcheck(*widen, Shape::images(2, 2, 4, 3), Pass{true});
}

// With its body's last batch norm at γ = 0 a block is the identity plus ReLU: the reason
// residual networks can be deep (lecture 004: a block "learns the identity easily").
TEST(ResidualBlock, WithZeroGammaIsTheIdentity) {
    Sequential net;
    add_residual_block(net, "block1", 3, 3, 1);
    ParamStore ps;
    const Shape in = Shape::images(2, 3, 4, 4);
    build(net, in, ps);
    ps.param("layer.block1.body.bn2.gamma").value.fill(0.0);
    Rng rng(2);
    const Tensor x = test::randn(in, rng);
    Tensor y(in);
    net.forward(x, y, Pass{true});
    const auto xv = x.values(), yv = y.values();
    for (std::size_t i = 0; i < xv.size(); ++i) EXPECT_NEAR(yv[i], std::max(xv[i], 0.0), 1e-6);
}

// The published totals: LeNet-5 about 60 k (61,706 with 10 outputs and 28x28 inputs padded to
// the original's 32x32), AlexNet about 60 M (62,378,344 as one tower), VGG-16 138,357,544
// (Simonyan & Zisserman's table 2: 138 M). Declared only: nothing is allocated.
TEST(Models, ParameterCountsMatchThePapers) {
    auto count = [](Layer& net, const Shape& in) {
        const auto rows = summarize(net, in);
        return rows.front().params;
    };
    auto le = lenet5();
    EXPECT_EQ(count(*le, Shape::images(1, 1, 28, 28)), 61706);
    auto alex = alexnet();
    EXPECT_EQ(count(*alex, Shape::images(1, 3, 227, 227)), 62378344);
    auto vgg = vgg16();
    EXPECT_EQ(count(*vgg, Shape::images(1, 3, 224, 224)), 138357544);
    // The course's ResNet, counted by hand: stem 144 + 32; stage 1: 2·(2·2304 + 64); stage 2:
    // 4608 + 9216 + 128 + 512 + 64 and 2·9216 + 128; stage 3: 18432 + 36864 + 256 + 2048 + 128
    // and 2·36864 + 256; dense 64·10 + 10.
    auto res = small_resnet();
    EXPECT_EQ(count(*res, Shape::images(1, 1, 28, 28)), 174970);
}

TEST(Models, SummaryShapesOfLeNet) {
    auto le = lenet5();
    const auto rows = summarize(*le, Shape::images(1, 1, 28, 28));
    auto find = [&](const std::string& name) -> const LayerRow& {
        for (const auto& r : rows)
            if (r.name == name) return r;
        throw Error("no row " + name);
    };
    EXPECT_EQ(find("conv1").output, "6×28×28");
    EXPECT_EQ(find("conv1").params, 156);
    EXPECT_EQ(find("pool1").output, "6×14×14");
    EXPECT_EQ(find("conv2").output, "16×10×10");
    EXPECT_EQ(find("pool2").output, "16×5×5");
    EXPECT_EQ(find("flatten").output, "400");
    EXPECT_EQ(find("fc1").params, 48120);
    EXPECT_EQ(find("fc3").output, "10");
}

TEST(Models, ResNetRunsAndShapesFit) {
    Model m(small_resnet(), Shape::images(1, 1, 28, 28), 3);
    Rng rng(1);
    m.initialize(rng);
    EXPECT_EQ(m.output_shape(3), Shape::matrix(10, 3));
    const Tensor x = test::randn(Shape::images(3, 1, 28, 28), rng);
    const Tensor& z = m.forward(x, Pass{false});
    for (double v : z.values()) EXPECT_TRUE(std::isfinite(v));
    EXPECT_TRUE(test::message_has([&] { m.forward(test::randn(Shape::images(2, 1, 27, 28), rng), {}); },
                                  "expected inputs like"));
}

TEST(Conv2d, RefusesShapesThatDoNotFit) {
    EXPECT_TRUE(test::message_has([] { Conv2d c(0, 3); }, "filters >= 1"));
    Conv2d c(2, 5);
    c.set_name("conv1");
    EXPECT_TRUE(test::message_has([&] { c.out_shape(Shape::images(1, 1, 3, 3)); },
                                  "does not fit images of 3x3"));
    EXPECT_TRUE(test::message_has([&] { c.out_shape(Shape::matrix(9, 1)); },
                                  "expects images [W x H x C x m]"));
}

// --- CPU vs CUDA ------------------------------------------------------------------------------
// Tolerances: a convolution output sums Q = C·k·k ≤ 72 products and dW sums N·P ≤ 600 of them;
// float32 in another order (cuBLAS tiles, fused multiply-adds) differs by about √K·6e-8
// relative, so 1e-4 with a floor of 1e-2 leaves a wide margin while a wrong element (O(1)) fails.

namespace {

/// Runs forward and backward of a freshly built layer on `dev`, with parameters and data drawn
/// on the CPU from fixed seeds; returns y, dx and the gradients, as doubles.
std::vector<std::vector<double>> run_layer(Layer& l, const Shape& in, Device dev, bool training) {
    ParamStore ps;
    build(l, in, ps, {dev, DType::F32}, 11);
    Rng rng(12);
    const Tensor x = test::randn(in, rng).to(dev);
    const Tensor dy = test::randn(l.out_shape(in), rng).to(dev);
    Tensor y = test::poisoned(l.out_shape(in), dev), dx = test::poisoned(in, dev);
    ps.zero_grad();
    l.forward(x, y, Pass{training});
    l.backward(x, y, dy, &dx);
    return {y.values(), dx.values(), ps.grads().values()};
}

void expect_close(const std::vector<std::vector<double>>& gpu,
                  const std::vector<std::vector<double>>& cpu, const std::string& what) {
    const char* names[] = {"y", "dx", "grads"};
    for (std::size_t k = 0; k < cpu.size(); ++k) {
        const Tensor a = Tensor::from_values(Shape::row(cpu[k].size()), cpu[k], DType::F64);
        const Tensor b = Tensor::from_values(Shape::row(gpu[k].size()), gpu[k], DType::F64);
        SCOPED_TRACE(what + ": " + names[k]);
        DL_EXPECT_CLOSE(b, a, 1e-4, 1e-2);
    }
}

}  // namespace

TEST(ConvCuda, KernelsMatchTheCpu) {
    DL_REQUIRE_CUDA();
    ConvGeometry g;
    g.C = 3, g.H = 9, g.W = 7, g.F = 5, g.k = 3, g.stride = 2, g.pad = 1;
    const int64_t G = 3;
    Rng rng(21);
    const Tensor X = test::randn(g.input(G), rng), Wt = test::randn(g.weight(), rng);
    const Tensor b = test::randn(Shape::column(g.F), rng), dY = test::randn(g.output(G), rng);
    const Tensor Col_in = test::randn(Shape::matrix(g.P() * G, g.Q()), rng);
    const Tensor Ys_in = test::randn(Shape::matrix(g.P() * G, g.F), rng);
    struct Out {
        Tensor col, dx, y, dys, db, yd, dxd, dwd, dbd;
    };
    auto run = [&](Device dev) {
        Out o;
        o.col = test::poisoned(Col_in.shape(), dev);
        im2col(X.to(dev), g, o.col);
        o.dx = test::poisoned(X.shape(), dev);
        col2im(Col_in.to(dev), g, o.dx);
        o.y = test::poisoned(g.output(G), dev);
        const Tensor bd = b.to(dev);
        conv2d_unstack(Ys_in.to(dev), &bd, g, o.y);
        o.dys = test::poisoned(Ys_in.shape(), dev);
        o.db = Tensor::full(b.shape(), 0.5, DType::F32, dev);
        conv2d_stack(dY.to(dev), g, o.dys, &o.db);
        o.yd = test::poisoned(g.output(G), dev);
        conv2d_direct_forward(X.to(dev), Wt.to(dev), &bd, g, o.yd);
        o.dxd = test::poisoned(X.shape(), dev);
        o.dwd = Tensor::full(Wt.shape(), 0.25, DType::F32, dev);
        o.dbd = Tensor::zeros(b.shape(), DType::F32, dev);
        conv2d_direct_backward(dY.to(dev), X.to(dev), Wt.to(dev), g, &o.dxd, o.dwd, &o.dbd);
        return o;
    };
    const Out c = run(Device::CPU), d = run(Device::CUDA);
    EXPECT_EQ(d.col.values(), c.col.values());  // copies: exact
    EXPECT_EQ(d.dys.values(), c.dys.values());
    DL_EXPECT_CLOSE(d.dx, c.dx, 1e-5, 1e-2);
    DL_EXPECT_CLOSE(d.y, c.y, 1e-6, 1e-2);
    DL_EXPECT_CLOSE(d.db, c.db, 1e-5, 1e-2);
    DL_EXPECT_CLOSE(d.yd, c.yd, 1e-4, 1e-2);
    DL_EXPECT_CLOSE(d.dxd, c.dxd, 1e-4, 1e-2);
    DL_EXPECT_CLOSE(d.dwd, c.dwd, 1e-4, 1e-2);
    DL_EXPECT_CLOSE(d.dbd, c.dbd, 1e-4, 1e-2);
}

TEST(ConvCuda, PoolingMatchesTheCpu) {
    DL_REQUIRE_CUDA();
    for (PoolMode mode : {PoolMode::Max, PoolMode::Average}) {
        PoolGeometry g;
        g.C = 3, g.H = 7, g.W = 9, g.k = 3, g.stride = 2, g.pad = 1;
        Rng rng(31);
        const Tensor X = test::randn(g.input(4), rng), dY = test::randn(g.output(4), rng);
        Tensor y[2], dx[2];
        for (int d = 0; d < 2; ++d) {
            const Device dev = d ? Device::CUDA : Device::CPU;
            y[d] = test::poisoned(g.output(4), dev);
            dx[d] = test::poisoned(g.input(4), dev);
            pool2d_forward(mode, X.to(dev), g, y[d]);
            pool2d_backward(mode, X.to(dev), y[d], dY.to(dev), g, dx[d]);
        }
        DL_EXPECT_CLOSE(y[1], y[0], 1e-6, 1e-2);
        DL_EXPECT_CLOSE(dx[1], dx[0], 1e-6, 1e-2);
    }
}

TEST(ConvCuda, LayersMatchTheCpu) {
    DL_REQUIRE_CUDA();
    const Shape in = Shape::images(5, 3, 9, 7);
    auto both = [&](auto make, const std::string& what, bool training = false) {
        auto a = make();
        auto b = make();
        expect_close(run_layer(*b, in, Device::CUDA, training), run_layer(*a, in, Device::CPU, training),
                     what);
    };
    both([] { return std::make_unique<Conv2d>(4, 3, 1, 1); }, "conv im2col same");
    both([] { return std::make_unique<Conv2d>(4, 3, 2, 1); }, "conv im2col stride 2");
    both([] { return std::make_unique<Conv2d>(4, 3, 2, 1, true, ConvAlgo::Direct); }, "conv direct");
    both([] { return std::make_unique<MaxPool2d>(2); }, "max pool");
    both([] { return std::make_unique<AvgPool2d>(3, 2, 1); }, "average pool");
    both([] { return std::make_unique<GlobalAvgPool>(); }, "global average pool");
    both([] { return residual_block(3, 6, 2); }, "residual block, projection", true);
    both([] { return residual_block(3, 3, 1); }, "residual block, identity", true);
}

TEST(ConvCuda, ResNetTrainingStepMatchesTheCpu) {
    DL_REQUIRE_CUDA();
    ResNetOptions o;
    o.widths = {4, 8};
    o.blocks = 1;
    auto a = small_resnet(o), b = small_resnet(o);
    const Shape in = Shape::images(6, 1, 12, 12);
    expect_close(run_layer(*b, in, Device::CUDA, true), run_layer(*a, in, Device::CPU, true),
                 "small ResNet");
}
