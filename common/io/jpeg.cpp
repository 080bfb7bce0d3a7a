/// @file jpeg.cpp
/// @brief JPEG decoding through libjpeg (see jpeg.hpp).
///
/// libjpeg reports a fatal error by calling error_exit, which must not return: the documented
/// way out is longjmp back to a setjmp before the decoder was started. The decoding function
/// below keeps only plain C objects between the two (no destructor is skipped), copies the
/// message into a buffer and throws once it is back in C++ territory.
#include "jpeg.hpp"

// clang-format off
#include <cstdio>
#include <jpeglib.h>
// clang-format on
#include <csetjmp>
#include <cstring>
#include <filesystem>

#include "../core/error.hpp"
#include "atomic_file.hpp"

namespace dl {

namespace {

constexpr uint64_t kMaxPixels = uint64_t(1) << 26;

struct ErrorManager {
    jpeg_error_mgr pub;  // first: libjpeg sees a jpeg_error_mgr*
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    bool warned;
};

extern "C" void on_error_exit(j_common_ptr cinfo) {
    auto* err = reinterpret_cast<ErrorManager*>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, err->message);
    std::longjmp(err->jump, 1);
}

/// Warnings (level −1) are corrupt data libjpeg would patch over (a truncated file becomes grey
/// rows): the first is kept and reported as an error after decoding.
extern "C" void on_emit_message(j_common_ptr cinfo, int level) {
    auto* err = reinterpret_cast<ErrorManager*>(cinfo->err);
    if (level < 0 && !err->warned) {
        (*cinfo->err->format_message)(cinfo, err->message);
        err->warned = true;
    }
}

/// 0 on success; otherwise 1 (libjpeg's error, in err.message) or 2 (too large). `out` must have
/// room for *w · *h · *c bytes once the header is read: it is resized through `grow`.
int decode(const uint8_t* data, std::size_t size, ErrorManager& err, Photo& out) {
    jpeg_decompress_struct cinfo;
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = on_error_exit;
    err.pub.emit_message = on_emit_message;
    err.warned = false;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return 1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.num_components != 1) cinfo.out_color_space = JCS_RGB;  // CMYK, YCbCr → RGB
    jpeg_calc_output_dimensions(&cinfo);
    out.width = int(cinfo.output_width);
    out.height = int(cinfo.output_height);
    out.channels = cinfo.output_components;
    if (uint64_t(cinfo.output_width) * cinfo.output_height > kMaxPixels ||
        (out.channels != 1 && out.channels != 3)) {
        jpeg_destroy_decompress(&cinfo);
        return 2;
    }
    // Resizing is safe here: a longjmp from below lands above with `out` a valid object.
    out.pixels.resize(std::size_t(out.width) * out.height * out.channels);
    jpeg_start_decompress(&cinfo);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = out.pixels.data() + std::size_t(cinfo.output_scanline) * out.width * out.channels;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

}  // namespace

Photo decode_jpeg(const uint8_t* data, std::size_t size, const std::string& what) {
    DL_CHECK(size >= 4 && data[0] == 0xFF && data[1] == 0xD8, what,
             ": not a JPEG file (it does not start with the JPEG marker FF D8)");
    ErrorManager err;
    std::memset(&err, 0, sizeof err);
    Photo p;
    const int r = decode(data, size, err, p);
    if (r == 1) fail(what, ": corrupt JPEG (libjpeg: ", err.message, ")");
    if (r == 2)
        fail(what, ": a ", p.width, " x ", p.height, " JPEG with ", p.channels, " channels is not "
             "supported (at most ", kMaxPixels, " pixels, grey or colour)");
    if (err.warned) fail(what, ": corrupt or truncated JPEG (libjpeg: ", err.message, ")");
    return p;
}

Photo read_jpeg(const std::string& path) {
    std::error_code ec;
    DL_CHECK(std::filesystem::is_regular_file(path, ec), "'", path, "': ",
             std::filesystem::exists(path, ec) ? "not a regular file" : "no such file",
             " (expected a JPEG photo)");
    DL_CHECK(std::filesystem::file_size(path, ec) <= (uintmax_t(1) << 28), "'", path,
             "': more than 256 MB, too large for a photo of the course");
    const std::string bytes = read_file(path);  // names the file when it cannot be read
    return decode_jpeg(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), path);
}

Tensor photo_tensor(const Photo& p) {
    DL_CHECK(p.width > 0 && p.height > 0 && !p.pixels.empty(), "photo_tensor: an empty photo");
    const int64_t W = p.width, H = p.height, C = p.channels;
    Tensor t(Shape::images(1, C, H, W));
    float* v = t.data<float>();
    for (int64_t c = 0; c < C; ++c)
        for (int64_t h = 0; h < H; ++h)
            for (int64_t w = 0; w < W; ++w)
                v[w + W * (h + H * c)] = p.pixels[std::size_t((h * W + w) * C + c)] / 255.0f;
    return t;
}

std::vector<uint8_t> to_grey_bytes(const Tensor& images, int64_t n, int64_t c, double lo,
                                   double hi) {
    DL_CHECK(images.shape().rank() == 4, "to_grey_bytes: expected images [W x H x C x N], got ",
             images.shape().str());
    const int64_t W = images.shape()[0], H = images.shape()[1], C = images.shape()[2];
    DL_CHECK(n >= 0 && n < images.shape()[3] && c >= 0 && c < C && hi > lo,
             "to_grey_bytes: image ", n, ", channel ", c, ", range [", lo, ", ", hi, "]");
    const Tensor host = images.is_cpu() ? images : images.to(Device::CPU);
    const auto v = host.values();
    std::vector<uint8_t> out(std::size_t(W * H));
    const int64_t base = W * H * (c + C * n);
    for (int64_t i = 0; i < W * H; ++i) {
        const double x = (v[std::size_t(base + i)] - lo) / (hi - lo) * 255.0;
        out[std::size_t(i)] = uint8_t(x <= 0 ? 0 : x >= 255 ? 255 : x + 0.5);
    }
    return out;
}

}  // namespace dl
