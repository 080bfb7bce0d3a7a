/// @file photo.cpp
/// @brief Convolution by hand on a photograph (see photo.hpp).
#include "photo.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "exercises/ch06.hpp"
#include "io/atomic_file.hpp"
#include "io/jpeg.hpp"
#include "io/png.hpp"
#include "kernels/conv2d.hpp"
#include "nn/conv2d.hpp"
#include "nn/param_store.hpp"

namespace ch06 {

using namespace dl;

namespace {

struct Filter {
    const char* name;
    const char* file;
    float k[9];
    bool absolute;  ///< show |response| (edges of either sign) rather than the value
};

//! [photo_filters]
// Rows top to bottom. Lecture 000's sharpen and edge-enhancing (Laplacian) kernels, lecture
// 004's vertical edge detector, its transpose, and Sobel's (the middle row weighted twice).
const Filter kFilters[] = {
    {"sharpen", "photo_sharpen.png", {0, -1, 0, -1, 5, -1, 0, -1, 0}, false},
    {"edges (Laplacian)", "photo_edges.png", {0, 1, 0, 1, -4, 1, 0, 1, 0}, true},
    {"vertical edges", "photo_vertical.png", {1, 0, -1, 1, 0, -1, 1, 0, -1}, true},
    {"horizontal edges", "photo_horizontal.png", {1, 1, 1, 0, 0, 0, -1, -1, -1}, true},
    {"Sobel, vertical", "photo_sobel.png", {1, 0, -1, 2, 0, -2, 1, 0, -1}, true},
};
//! [photo_filters]

/// The H x W matrix of a one-channel image tensor [W x H x 1 x 1] (row h = image row h).
Matrix as_matrix(const Tensor& t) {
    const int64_t W = t.shape()[0], H = t.shape()[1];
    return mat<float>(t.reshape(Shape::matrix(W, H))).transpose();
}

/// Writes m as a grey PNG, [lo, hi] mapped to black … white, and returns the bytes.
std::vector<uint8_t> save_grey(const std::string& path, const Matrix& m, double lo, double hi) {
    std::vector<uint8_t> px(std::size_t(m.size()));
    for (int64_t h = 0; h < m.rows(); ++h)
        for (int64_t w = 0; w < m.cols(); ++w) {
            const double v = (m(h, w) - lo) / (hi - lo) * 255.0;
            px[std::size_t(h * m.cols() + w)] = uint8_t(std::clamp(v, 0.0, 255.0) + 0.5);
        }
    write_png(path, px, int(m.cols()), int(m.rows()), 1);
    return px;
}

/// Images of W x H grey bytes, halved in size (2x2 means), side by side in `cols` columns with
/// a white gap: one figure for the notes.
void save_panel(const std::string& path, const std::vector<std::vector<uint8_t>>& images, int W,
                int H, int cols) {
    const int w = W / 2, h = H / 2, gap = 6, rows = int((images.size() + cols - 1) / cols);
    const int PW = cols * w + (cols - 1) * gap, PH = rows * h + (rows - 1) * gap;
    std::vector<uint8_t> out(std::size_t(PW) * PH, 255);
    for (std::size_t k = 0; k < images.size(); ++k) {
        const int x0 = int(k % cols) * (w + gap), y0 = int(k / cols) * (h + gap);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const auto& im = images[k];
                const int s = im[std::size_t(2 * y * W + 2 * x)] + im[std::size_t(2 * y * W + 2 * x + 1)] +
                              im[std::size_t((2 * y + 1) * W + 2 * x)] +
                              im[std::size_t((2 * y + 1) * W + 2 * x + 1)];
                out[std::size_t(y0 + y) * PW + x0 + x] = uint8_t((s + 2) / 4);
            }
    }
    write_png(path, out, PW, PH, 1);
}

}  // namespace

PhotoReport run_photo(const std::string& path, const std::string& name, const std::string& out) {
    std::printf("\n== 1. Convolution by hand on a photograph ==\n");
    PhotoReport r;
    r.path = name;
    const Photo photo = read_jpeg(path);
    r.width = photo.width;
    r.height = photo.height;
    const Tensor rgb = photo_tensor(photo);  // [W x H x 3 x 1] in [0, 1]
    // Grey = 0.299 R + 0.587 G + 0.114 B: a 1x1 convolution with one filter (section 2).
    Tensor grey(Shape::images(1, 1, photo.height, photo.width));
    if (photo.channels == 3) {
        ConvGeometry g;
        g.C = 3, g.H = photo.height, g.W = photo.width, g.F = 1, g.k = 1;
        const Tensor luma = Tensor::from_values(g.weight(), {0.299, 0.587, 0.114});
        conv2d_direct_forward(rgb, luma, nullptr, g, grey);
    } else {
        grey.copy_from(rgb);
    }
    const Matrix X = as_matrix(grey);
    std::vector<std::vector<uint8_t>> panel = {save_grey(join_path(out, "photo_grey.png"), X, 0, 1)};
    std::printf("%s: %d x %d pixels, %d channel%s; grey version in photo_grey.png.\n",
                name.c_str(), photo.width, photo.height, photo.channels,
                photo.channels == 1 ? "" : "s");

    // All five filters at once with the library: one Conv2d layer of F = 5 filters, "same".
    nn::Conv2d layer(5, 3, 1, 1, false, nn::ConvAlgo::Im2col);
    layer.set_name("filters");
    nn::ParamStore ps;
    layer.declare(grey.shape(), ps);
    ps.allocate({});
    layer.reserve(grey.shape(), {});
    std::vector<double> w;  // [3 x 3 x 1 x 5]: filter f's 9 weights, kw fastest (row-major rows)
    for (const Filter& f : kFilters) w.insert(w.end(), f.k, f.k + 9);
    layer.W().value.copy_from(Tensor::from_values(layer.W().shape, w));
    Tensor Y(layer.out_shape(grey.shape()));
    layer.forward(grey, Y, {});

    std::printf("Five 3x3 filters, zero padding p = 1 (\"same\"): the output stays %d x %d.\n",
                photo.width, photo.height);
    std::printf("  %-20s %-24s %12s %22s\n", "filter", "file", "mean |y|", "your loops vs layer");
    for (int i = 0; i < 5; ++i) {
        const Filter& f = kFilters[i];
        Matrix K(3, 3);
        for (int a = 0; a < 3; ++a)
            for (int b = 0; b < 3; ++b) K(a, b) = f.k[3 * a + b];
        //! [photo_by_hand]
        const Matrix mine = exercises::conv2d_single(X, K, 1, 1);  // your loops, "same" padding
        //! [photo_by_hand]
        Matrix lib(photo.height, photo.width);
        const float* yp = Y.data<float>() + int64_t(i) * photo.width * photo.height;
        for (int h = 0; h < photo.height; ++h)
            for (int x = 0; x < photo.width; ++x) lib(h, x) = yp[h * photo.width + x];
        FilterResult fr;
        fr.name = f.name;
        fr.png = f.file;
        fr.max_abs_diff = (mine.rows() == lib.rows() && mine.cols() == lib.cols())
                              ? double((mine - lib).cwiseAbs().maxCoeff())
                              : INFINITY;
        fr.mean_abs = double(lib.cwiseAbs().mean());
        r.max_abs_diff = std::max(r.max_abs_diff, fr.max_abs_diff);
        if (f.absolute) {
            // White at the 99th percentile of |y|: the strongest 1 % of the edges saturate.
            std::vector<float> a(lib.data(), lib.data() + lib.size());
            for (float& v : a) v = std::abs(v);
            std::nth_element(a.begin(), a.begin() + a.size() * 99 / 100, a.end());
            const double hi = std::max(1e-6, double(a[a.size() * 99 / 100]));
            panel.push_back(save_grey(join_path(out, f.file), lib.cwiseAbs(), 0, hi));  // bright: edge
        } else {
            panel.push_back(save_grey(join_path(out, f.file), lib, 0, 1));
        }
        std::printf("  %-20s %-24s %12.4f %22.1e\n", f.name, f.file, fr.mean_abs, fr.max_abs_diff);
        r.filters.push_back(fr);
    }
    save_panel(join_path(out, "photo_panel.png"), panel, photo.width, photo.height, 3);
    std::printf("All six side by side, at half size: photo_panel.png.\n");
    // "Valid" and stride 2: the formula's other cases, on the same photo.
    const Matrix Kv = Matrix::Map(kFilters[2].k, 3, 3).transpose();
    const Matrix valid = exercises::conv2d_single(X, Kv, 1, 0);
    const Matrix strided = exercises::conv2d_single(X, Kv, 2, 1);
    r.valid_w = int(valid.cols()), r.valid_h = int(valid.rows());
    r.stride2_w = int(strided.cols()), r.stride2_h = int(strided.rows());
    save_grey(join_path(out, "photo_vertical_stride2.png"), strided.cwiseAbs(), 0,
              std::max(1e-6, double(strided.cwiseAbs().maxCoeff()) * 0.5));
    std::printf("The vertical filter without padding (\"valid\") gives %d x %d (n − 3 + 1 each "
                "way); with p = 1 and stride 2, %d x %d ((n + 2 − 3)/2 + 1, rounded down; "
                "photo_vertical_stride2.png).\n", r.valid_w, r.valid_h, r.stride2_w, r.stride2_h);
    std::printf("Your loops and the library's layer agree to %.1e (float32 sums of 9 terms).\n",
                r.max_abs_diff);
    return r;
}

Json to_json(const PhotoReport& r) {
    Json j = Json::object();
    j["width"] = r.width;
    j["height"] = r.height;
    Json fs = Json::array();
    for (const auto& f : r.filters) {
        Json o = Json::object();
        o["filter"] = f.name;
        o["png"] = f.png;
        o["mean_abs"] = f.mean_abs;
        fs.push_back(o);
    }
    j["filters"] = fs;
    j["valid_size"] = std::vector<int>{r.valid_w, r.valid_h};
    j["stride2_size"] = std::vector<int>{r.stride2_w, r.stride2_h};
    j["exercise_max_abs_diff"] = r.max_abs_diff;
    return j;
}

}  // namespace ch06
