// Transposed convolution, LabelChannels, Reshape and the row-block kernels (chapter 8): the
// output-size formula, hand-computed stamps, the adjoint of the mirror convolution, the direct
// loops against im2col + GEMM, gradient checks (float64, ≤ 1e-7) with stride, padding, output
// padding and odd sizes, and CPU vs CUDA parity of every kernel and layer.
#include <cmath>

#include "kernels/conv2d.hpp"
#include "kernels/conv_transpose2d.hpp"
#include "kernels/rows.hpp"
#include "nn/conv_transpose2d.hpp"
#include "nn/gradcheck.hpp"
#include "nn/label_channels.hpp"
#include "nn/reshape.hpp"
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

void expect_gradcheck(Layer& l, const Shape& in, uint64_t seed = 3) {
    const GradCheckResult r = gradcheck_layer(l, in, seed);
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

double dot(const Tensor& a, const Tensor& b) {
    const auto x = a.values(), y = b.values();
    double s = 0;
    for (std::size_t i = 0; i < x.size(); ++i) s += x[i] * y[i];
    return s;
}

}  // namespace

// (n − 1)·s − 2p + k + op: DCGAN's 7 → 14 → 28, and the sizes a stride-2 convolution maps back.
TEST(ConvTransposeOutputSize, InvertsTheConvolutionsFormula) {
    EXPECT_EQ(conv_transpose_output_size(7, 4, 1, 2), 14);
    EXPECT_EQ(conv_transpose_output_size(14, 4, 1, 2), 28);
    EXPECT_EQ(conv_transpose_output_size(7, 3, 1, 2), 13);
    EXPECT_EQ(conv_transpose_output_size(7, 3, 1, 2, 1), 14);
    EXPECT_EQ(conv_transpose_output_size(3, 3, 0, 1), 5);   // "full" stamping
    EXPECT_EQ(conv_transpose_output_size(5, 3, 1, 1), 5);   // "same"
    // Each size the formula gives is mapped back to n by the convolution with the same k, s, p.
    for (int64_t n = 1; n <= 9; ++n)
        for (int64_t k = 1; k <= 5; ++k)
            for (int64_t s = 1; s <= 3; ++s)
                for (int64_t p = 0; p < k; ++p)
                    for (int64_t op = 0; op < s; ++op) {
                        const int64_t o = (n - 1) * s - 2 * p + k + op;
                        if (o < 1 || o + 2 * p < k) continue;
                        EXPECT_EQ(conv_transpose_output_size(n, k, p, s, op), o);
                        EXPECT_EQ(conv_output_size(o, k, p, s), n) << n << " " << k << " " << s << " " << p << " " << op;
                    }
    EXPECT_TRUE(test::message_has([] { conv_transpose_output_size(3, 3, 0, 2, 2); }, "output padding"));
    EXPECT_TRUE(test::message_has([] { conv_transpose_output_size(3, 3, 0, 0); }, "stride s >= 1"));
}

// One 2x2 input of ones and the filter [1 2; 3 4], stride 1: the four stamps overlap in the
// middle (1 + 2 + 3 + 4 = 10); stride 2 puts them side by side, each pixel scaled by its value.
TEST(ConvTranspose2d, StampsHandComputed) {
    ConvTransposeGeometry g;
    g.C = 1, g.H = 2, g.W = 2, g.F = 1, g.k = 2, g.stride = 1, g.pad = 0;
    const Tensor W = Tensor::from_values(g.weight(), {1, 2, 3, 4});
    const Tensor b = Tensor::from_values(Shape::column(1), {0.5});
    Tensor Y(g.output(1));
    conv_transpose2d_direct_forward(Tensor::from_values(g.input(1), {1, 1, 1, 1}), W, &b, g, Y);
    EXPECT_EQ(Y.values(), (std::vector<double>{1.5, 3.5, 2.5,    //
                                               4.5, 10.5, 6.5,   //
                                               3.5, 7.5, 4.5}));
    g.stride = 2;
    Tensor Y2(g.output(1));
    conv_transpose2d_direct_forward(Tensor::from_values(g.input(1), {1, 2, 3, 4}), W, nullptr, g, Y2);
    EXPECT_EQ(Y2.values(), (std::vector<double>{1, 2, 2, 4,     //
                                                3, 4, 6, 8,     //
                                                3, 6, 4, 8,     //
                                                9, 12, 12, 16}));
    // Padding 1 crops one pixel on each side of the stride-2 result: 4x4 → 2x2.
    g.pad = 1;
    Tensor Y3(g.output(1));
    conv_transpose2d_direct_forward(Tensor::from_values(g.input(1), {1, 2, 3, 4}), W, nullptr, g, Y3);
    EXPECT_EQ(Y3.values(), (std::vector<double>{4, 6, 6, 4}));
}

// The transpose of the mirror convolution: ⟨conv(y), x⟩ = ⟨y, convT(x)⟩ for any x and y, with
// the same filters in the same memory.
TEST(ConvTranspose2d, IsTheAdjointOfTheMirrorConvolution) {
    struct Case {
        int64_t C, H, W, F, k, s, p, op;
    };
    for (const Case c : {Case{2, 3, 4, 3, 3, 2, 1, 1}, Case{3, 5, 5, 2, 4, 2, 1, 0},
                         Case{1, 4, 3, 2, 3, 1, 1, 0}, Case{2, 2, 3, 1, 5, 3, 2, 2}}) {
        ConvTransposeGeometry g;
        g.C = c.C, g.H = c.H, g.W = c.W, g.F = c.F, g.k = c.k, g.stride = c.s, g.pad = c.p,
        g.out_pad = c.op;
        const ConvGeometry m = g.mirror();
        Rng rng(5);
        const Tensor X = test::randn(g.input(2), rng, 1.0, DType::F64);
        const Tensor Yin = test::randn(g.output(2), rng, 1.0, DType::F64);
        const Tensor W = test::randn(g.weight(), rng, 1.0, DType::F64);
        Tensor TX(g.output(2), DType::F64), CY(g.input(2), DType::F64);
        conv_transpose2d_direct_forward(X, W, nullptr, g, TX);
        conv2d_direct_forward(Yin, W, nullptr, m, CY);
        SCOPED_TRACE(g.str());
        EXPECT_NEAR(dot(TX, Yin), dot(X, CY), 1e-10 * (1 + std::abs(dot(X, CY))));
    }
}

// The direct loops and im2col + GEMM agree (float64), forward and backward, including batches
// split into groups of images.
TEST(ConvTranspose2d, DirectAndIm2colAgree) {
    struct Case {
        int64_t N, C, H, W, F, k, s, p, op;
    };
    for (const Case c : {Case{3, 2, 3, 4, 3, 3, 2, 1, 1}, Case{2, 4, 7, 7, 2, 4, 2, 1, 0},
                         Case{4, 1, 5, 3, 2, 3, 1, 1, 0}, Case{5, 3, 14, 14, 2, 4, 2, 1, 0}}) {
        const Context f64{Device::CPU, DType::F64};
        const Shape in = Shape::images(c.N, c.C, c.H, c.W);
        ConvTranspose2d direct(c.F, c.k, c.s, c.p, c.op, true, ConvAlgo::Direct);
        ConvTranspose2d fast(c.F, c.k, c.s, c.p, c.op, true, ConvAlgo::Im2col);
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
    }
}

TEST(LayerGradCheck, ConvTranspose2d) {
    for (ConvAlgo algo : {ConvAlgo::Im2col, ConvAlgo::Direct}) {
        ConvTranspose2d dcgan(2, 4, 2, 1, 0, true, algo);
        expect_gradcheck(dcgan, Shape::images(2, 3, 3, 4));  // doubles the size
        ConvTranspose2d odd(3, 3, 2, 1, 1, true, algo);
        expect_gradcheck(odd, Shape::images(3, 2, 3, 5));    // output padding, odd sizes
        ConvTranspose2d one(2, 3, 1, 0, 0, false, algo);
        expect_gradcheck(one, Shape::images(2, 1, 2, 3));    // stride 1, no bias
    }
}

TEST(ConvTranspose2d, ShapesAndMessages) {
    ConvTranspose2d l(4, 4, 2, 1);
    l.set_name("up1");
    EXPECT_EQ(l.out_shape(Shape::images(5, 8, 7, 7)), Shape::images(5, 4, 14, 14));
    EXPECT_TRUE(test::message_has([&] { l.out_shape(Shape::matrix(49, 5)); }, "up1"));
    EXPECT_TRUE(test::message_has([] { ConvTranspose2d(0, 3); }, "filters"));
    EXPECT_TRUE(test::message_has([] { ConvTranspose2d(2, 3, 2, 0, 2); }, "output padding"));
}

// [x; y] → image channels, then one constant map per class: hand-computed, and its gradient
// sums each map back into one number.
TEST(LabelChannels, SpreadsTheLabelOverMapsHandComputed) {
    LabelChannels l(1, 2, 2, 2);
    const Shape in = Shape::matrix(4 + 2, 2);
    EXPECT_EQ(l.out_shape(in), Shape::images(2, 3, 2, 2));
    const Tensor x = Tensor::from_values(in, {1, 2, 3, 4, 0, 1,     // image 1, class 1
                                              5, 6, 7, 8, 1, 0});   // image 2, class 0
    Tensor y(l.out_shape(in));
    l.forward(x, y, {});
    EXPECT_EQ(y.values(), (std::vector<double>{1, 2, 3, 4, 0, 0, 0, 0, 1, 1, 1, 1,
                                               5, 6, 7, 8, 1, 1, 1, 1, 0, 0, 0, 0}));
    std::vector<double> g(24);
    for (int i = 0; i < 24; ++i) g[std::size_t(i)] = i;
    Tensor dx(in);
    l.backward(x, y, Tensor::from_values(l.out_shape(in), g), &dx);
    EXPECT_EQ(dx.values(), (std::vector<double>{0, 1, 2, 3, 4 + 5 + 6 + 7, 8 + 9 + 10 + 11,
                                                12, 13, 14, 15, 16 + 17 + 18 + 19, 20 + 21 + 22 + 23}));
    EXPECT_TRUE(test::message_has([&] { l.out_shape(Shape::matrix(5, 2)); }, "one-hot"));
}

TEST(LayerGradCheck, LabelChannelsAndReshape) {
    LabelChannels lc(2, 3, 2, 3);
    expect_gradcheck(lc, Shape::matrix(2 * 3 * 2 + 3, 3));
    Reshape r(Shape::images(1, 2, 3, 5));
    expect_gradcheck(r, Shape::matrix(30, 2));
}

TEST(Reshape, SameNumbersOtherShape) {
    Reshape r(Shape::images(1, 2, 1, 3));
    const Shape in = Shape::matrix(6, 2);
    EXPECT_EQ(r.out_shape(in), Shape::images(2, 2, 1, 3));
    const Tensor x = Tensor::from_values(in, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    Tensor y(r.out_shape(in));
    r.forward(x, y, {});
    EXPECT_EQ(y.values(), x.values());
    EXPECT_TRUE(test::message_has([&] { r.out_shape(Shape::matrix(5, 2)); }, "6"));
}

// repeat_rows and sum_row_groups on a 5 x 2 batch, by hand.
TEST(Rows, RepeatAndSumByHand) {
    const Tensor src = Tensor::from_values(Shape::matrix(3, 2), {1, 2, 3, 4, 5, 6});
    Tensor dst = Tensor::zeros(Shape::matrix(5, 2));
    repeat_rows(src, 1, 2, 2, dst, 1);  // rows 1, 2 of src, each twice, from row 1 of dst
    EXPECT_EQ(dst.values(), (std::vector<double>{0, 2, 2, 3, 3, 0, 5, 5, 6, 6}));
    Tensor back = Tensor::zeros(Shape::matrix(3, 2));
    sum_row_groups(dst, 1, 2, 2, back, 0);
    EXPECT_EQ(back.values(), (std::vector<double>{4, 6, 0, 10, 12, 0}));
    EXPECT_TRUE(test::message_has([&] { repeat_rows(src, 2, 2, 1, dst, 0); }, "outside"));
    Tensor t = Tensor::zeros(Shape::matrix(4, 2));
    EXPECT_TRUE(test::message_has([&] { repeat_rows(t, 0, 1, 1, t, 2); }, "overlap"));
}

// --- CPU vs CUDA ------------------------------------------------------------------------------

namespace {

std::vector<std::vector<double>> run_layer(Layer& l, const Shape& in, Device dev) {
    ParamStore ps;
    build(l, in, ps, {dev, DType::F32}, 11);
    Rng rng(12);
    const Tensor x = test::randn(in, rng).to(dev);
    const Tensor dy = test::randn(l.out_shape(in), rng).to(dev);
    Tensor y = test::poisoned(l.out_shape(in), dev), dx = test::poisoned(in, dev);
    ps.zero_grad();
    l.forward(x, y, Pass{true});
    l.backward(x, y, dy, &dx);
    return {y.values(), dx.values(), ps.grads().values()};
}

void expect_close(const std::vector<std::vector<double>>& gpu,
                  const std::vector<std::vector<double>>& cpu, const std::string& what) {
    const char* names[] = {"y", "dx", "grads"};
    for (std::size_t k = 0; k < cpu.size(); ++k) {
        const Tensor a = Tensor::from_values(Shape::row(int64_t(cpu[k].size())), cpu[k], DType::F64);
        const Tensor b = Tensor::from_values(Shape::row(int64_t(gpu[k].size())), gpu[k], DType::F64);
        SCOPED_TRACE(what + ": " + names[k]);
        DL_EXPECT_CLOSE(b, a, 1e-4, 1e-2);
    }
}

}  // namespace

TEST(ConvTransposeCuda, KernelsMatchTheCpu) {
    DL_REQUIRE_CUDA();
    ConvTransposeGeometry g;
    g.C = 3, g.H = 5, g.W = 4, g.F = 2, g.k = 3, g.stride = 2, g.pad = 1, g.out_pad = 1;
    Rng rng(21);
    const Tensor X = test::randn(g.input(3), rng), Wt = test::randn(g.weight(), rng);
    const Tensor b = test::randn(Shape::column(g.F), rng), dY = test::randn(g.output(3), rng);
    Tensor y[2], dx[2], dw[2], db[2], yb[2], dbb[2];
    for (int d = 0; d < 2; ++d) {
        const Device dev = d ? Device::CUDA : Device::CPU;
        const Tensor bd = b.to(dev);
        y[d] = test::poisoned(g.output(3), dev);
        conv_transpose2d_direct_forward(X.to(dev), Wt.to(dev), &bd, g, y[d]);
        dx[d] = test::poisoned(g.input(3), dev);
        dw[d] = Tensor::full(Wt.shape(), 0.25, DType::F32, dev);
        db[d] = Tensor::zeros(b.shape(), DType::F32, dev);
        conv_transpose2d_direct_backward(dY.to(dev), X.to(dev), Wt.to(dev), g, &dx[d], dw[d], &db[d]);
        yb[d] = dY.to(dev);
        channel_bias_add(yb[d], bd, g.OH() * g.OW());
        dbb[d] = Tensor::full(b.shape(), 0.5, DType::F32, dev);
        channel_bias_grad(dY.to(dev), g.OH() * g.OW(), dbb[d]);
    }
    DL_EXPECT_CLOSE(y[1], y[0], 1e-4, 1e-2);
    DL_EXPECT_CLOSE(dx[1], dx[0], 1e-4, 1e-2);
    DL_EXPECT_CLOSE(dw[1], dw[0], 1e-4, 1e-2);
    DL_EXPECT_CLOSE(db[1], db[0], 1e-4, 1e-2);
    DL_EXPECT_CLOSE(yb[1], yb[0], 1e-6, 1e-2);
    DL_EXPECT_CLOSE(dbb[1], dbb[0], 1e-5, 1e-2);
}

TEST(ConvTransposeCuda, RowsMatchTheCpu) {
    DL_REQUIRE_CUDA();
    Rng rng(22);
    const Tensor src = test::randn(Shape::matrix(7, 9), rng);
    Tensor rep[2], sum[2];
    for (int d = 0; d < 2; ++d) {
        const Device dev = d ? Device::CUDA : Device::CPU;
        rep[d] = test::poisoned(Shape::matrix(20, 9), dev);
        repeat_rows(src.to(dev), 0, 2, 1, rep[d], 0);
        repeat_rows(src.to(dev), 2, 3, 6, rep[d], 2);
        sum[d] = test::poisoned(Shape::matrix(5, 9), dev);
        sum_row_groups(rep[d], 0, 2, 1, sum[d], 0);
        sum_row_groups(rep[d], 2, 3, 6, sum[d], 2);
    }
    EXPECT_EQ(rep[1].values(), rep[0].values());  // copies: exact
    DL_EXPECT_CLOSE(sum[1], sum[0], 1e-6, 1e-2);
}

TEST(ConvTransposeCuda, LayersMatchTheCpu) {
    DL_REQUIRE_CUDA();
    auto both = [&](auto make, const Shape& in, const std::string& what) {
        auto a = make();
        auto b = make();
        expect_close(run_layer(*b, in, Device::CUDA), run_layer(*a, in, Device::CPU), what);
    };
    const Shape img = Shape::images(5, 3, 7, 7);
    both([] { return std::make_unique<ConvTranspose2d>(4, 4, 2, 1); }, img, "convT im2col");
    both([] { return std::make_unique<ConvTranspose2d>(2, 3, 2, 1, 1, true, ConvAlgo::Direct); },
         img, "convT direct");
    both([] { return std::make_unique<LabelChannels>(1, 4, 3, 5); }, Shape::matrix(12 + 5, 6),
         "label channels");
    both([] { return std::make_unique<Reshape>(Shape::images(1, 2, 3, 3)); }, Shape::matrix(18, 4),
         "reshape");
}
