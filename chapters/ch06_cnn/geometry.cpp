/// @file geometry.cpp
/// @brief Padding, stride, output size, volumes and 1x1 convolutions (see geometry.hpp).
#include "geometry.hpp"

#include <cmath>
#include <cstdio>

#include "exercises/ch06.hpp"
#include "io/jpeg.hpp"
#include "kernels/conv2d.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/param_store.hpp"

namespace ch06 {

using namespace dl;

GeometryReport run_geometry(const std::string& photo_path) {
    GeometryReport r;
    std::printf("\n== 2. Padding, stride and the output size ==\n");
    std::printf("Output size: ⌊(n + 2p − f)/s⌋ + 1 (your exercise ch06.output_size; the library's "
                "dl::conv_output_size).\n");
    struct Case {
        int64_t n, f, p, s;
        const char* what;
    };
    const Case cases[] = {
        {6, 3, 0, 1, "valid: the image shrinks by f − 1"},
        {6, 3, 1, 1, "same: p = (f − 1)/2 keeps the size"},
        {28, 5, 2, 1, "LeNet-5, conv1 on 28x28 (padded to 32x32)"},
        {14, 5, 0, 1, "LeNet-5, conv2"},
        {7, 3, 0, 2, "stride 2"},
        {8, 3, 0, 2, "stride 2, (8 − 3)/2 = 2.5 rounded down"},
        {227, 11, 0, 4, "AlexNet, conv1"},
        {224, 3, 1, 1, "VGG-16, every conv (same)"},
        {224, 2, 0, 2, "VGG-16, pooling 2x2 s2: halves"},
        {28, 1, 0, 1, "1x1 convolution: size unchanged"},
        {28, 3, 1, 2, "ResNet: the first block of a stage"},
    };
    std::printf("  %5s %3s %3s %3s   %-6s %-44s\n", "n", "f", "p", "s", "output", "");
    for (const Case& c : cases) {
        const int64_t mine = exercises::output_size(c.n, c.f, c.p, c.s);
        const int64_t lib = conv_output_size(c.n, c.f, c.p, c.s);
        if (mine != lib) r.table_ok = false;
        ++r.cases;
        std::printf("  %5lld %3lld %3lld %3lld   %-6lld %-44s%s\n", (long long)c.n, (long long)c.f,
                    (long long)c.p, (long long)c.s, (long long)mine, c.what,
                    mine == lib ? "" : "  ← the library says otherwise");
    }

    std::printf("\nConvolution over volumes: a filter has as many channels as its input.\n");
    const Photo photo = read_jpeg(photo_path);
    const Tensor rgb = photo_tensor(photo);
    nn::Conv2d conv(8, 3, 1, 1);  // 8 filters of 3x3x3, "same"
    conv.set_name("conv");
    nn::ParamStore ps;
    conv.declare(rgb.shape(), ps);
    r.volume_params = ps.count();
    const Shape y = conv.out_shape(rgb.shape());
    r.dense_params = rgb.rows() * y.rows() + y.rows();
    std::printf("  the photo %d x %d x %d → 8 filters of 3x3x%d → %lld x %lld x 8: %lld parameters "
                "(8·(3·3·%d + 1)),\n  whatever the photo's size. A dense layer from the same input "
                "to the same output would need %.3g.\n  That is parameter sharing (参数共享): one "
                "filter is used at every position; and each output sees only a 3x3x3 patch\n  "
                "(sparse connections, 稀疏连接).\n",
                photo.height, photo.width, photo.channels, photo.channels, (long long)y[1],
                (long long)y[0], (long long)r.volume_params, photo.channels, double(r.dense_params));

    // A 1x1 convolution maps each pixel's C channels through one F x C matrix: a dense layer
    // applied at every pixel (lecture 004's "Network in Network").
    std::printf("\n1x1 convolution = a dense layer at every pixel.\n");
    const int64_t C = rgb.shape()[2], P = rgb.shape()[0] * rgb.shape()[1];
    ConvGeometry g;
    g.C = C, g.H = rgb.shape()[1], g.W = rgb.shape()[0], g.F = 2, g.k = 1;
    Rng rng(4);
    Tensor W1 = Tensor(g.weight());
    rng.fill_normal(W1);
    Tensor b1 = Tensor::from_values(Shape::column(2), {0.1, -0.2});
    Tensor yc(g.output(1));
    conv2d_direct_forward(rgb, W1, &b1, g, yc);
    // The same numbers with a dense layer: the pixels as samples (columns), the channels as
    // features: X is C x P (each pixel a column), W is F x C.
    const Matrix Xpix = mat<float>(rgb.reshape(Shape::matrix(P, C))).transpose();  // C x P
    const Matrix Wd = mat<float>(W1.reshape(Shape::matrix(C, 2))).transpose();     // F x C
    Matrix Z = Wd * Xpix;                                                           // F x P
    Z.colwise() += mat<float>(b1).col(0);
    const Matrix Yc = mat<float>(yc.reshape(Shape::matrix(P, 2))).transpose();      // F x P
    r.one_by_one_max_diff = double((Z - Yc).cwiseAbs().maxCoeff());
    std::printf("  2 filters of 1x1x%lld on the photo and a dense layer W (2 x %lld) applied to "
                "each of its %lld pixels agree to %.1e.\n  A 1x1 convolution changes the number "
                "of channels (here %lld → 2) and keeps the size; Inception's bottlenecks use it\n"
                "  to shrink the channels before an expensive 3x3 or 5x5 convolution.\n",
                (long long)C, (long long)C, (long long)P, r.one_by_one_max_diff, (long long)C);
    std::printf("  (The grey photo of section 1 is exactly such a convolution: one filter "
                "(0.299, 0.587, 0.114).)\n");
    return r;
}

Json to_json(const GeometryReport& r) {
    Json j = Json::object();
    j["output_size_cases"] = r.cases;
    j["output_size_table_ok"] = r.table_ok;
    j["volume_conv_parameters"] = r.volume_params;
    j["dense_equivalent_parameters"] = r.dense_params;
    j["one_by_one_max_abs_diff"] = r.one_by_one_max_diff;
    return j;
}

}  // namespace ch06
