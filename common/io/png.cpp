/// @file png.cpp
/// @brief PNG encoding through libpng into memory, then dl::write_file_atomic.
#include "png.hpp"

#include <png.h>

#include "../core/error.hpp"
#include "atomic_file.hpp"

namespace dl {

namespace {
void append_bytes(png_structp png, png_bytep data, png_size_t n) {
    auto* out = static_cast<std::string*>(png_get_io_ptr(png));
    out->append(reinterpret_cast<const char*>(data), n);
}
void no_flush(png_structp) {}
[[noreturn]] void on_error(png_structp, png_const_charp msg) { throw Error(cat("libpng: ", msg)); }
void on_warning(png_structp, png_const_charp) {}
}  // namespace

std::string encode_png(const std::vector<uint8_t>& pixels, int width, int height, int channels) {
    DL_CHECK(width > 0 && height > 0, "encode_png: image size ", width, " x ", height);
    DL_CHECK(channels == 1 || channels == 3, "encode_png: channels must be 1 or 3, got ", channels);
    DL_CHECK(pixels.size() == std::size_t(width) * height * channels, "encode_png: ",
             pixels.size(), " bytes for a ", width, " x ", height, " x ", channels, " image");
    std::string out;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, on_error, on_warning);
    DL_CHECK(png, "libpng: cannot create a writer");
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, nullptr);
        fail("libpng: cannot create an info struct");
    }
    try {
        png_set_write_fn(png, &out, append_bytes, no_flush);
        png_set_IHDR(png, info, width, height, 8,
                     channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
        png_write_info(png, info);
        for (int r = 0; r < height; ++r)
            png_write_row(png, const_cast<png_bytep>(pixels.data() + std::size_t(r) * width * channels));
        png_write_end(png, nullptr);
    } catch (...) {
        png_destroy_write_struct(&png, &info);
        throw;
    }
    png_destroy_write_struct(&png, &info);
    return out;
}

void write_png(const std::string& path, const std::vector<uint8_t>& pixels, int width,
               int height, int channels) {
    write_file_atomic(path, encode_png(pixels, width, height, channels));
}

ImageGrid::ImageGrid(int tile_h, int tile_w, int columns, int rows, int zoom)
    : th_(tile_h), tw_(tile_w), cols_(columns), rows_(rows), zoom_(zoom) {
    DL_CHECK(tile_h > 0 && tile_w > 0 && columns > 0 && rows > 0 && zoom > 0,
             "ImageGrid: bad size");
    W_ = columns * (tile_w * zoom + 4);
    H_ = rows * (tile_h * zoom + 4);
    rgb_.assign(std::size_t(W_) * H_ * 3, 255);
}

void ImageGrid::set_tile(int k, const uint8_t* grey, std::array<uint8_t, 3> frame, bool invert) {
    DL_CHECK(k >= 0 && k < capacity(), "ImageGrid: tile ", k, " outside 0 … ", capacity() - 1);
    const int cw = tw_ * zoom_ + 4, ch = th_ * zoom_ + 4;
    const int x0 = (k % cols_) * cw, y0 = (k / cols_) * ch;
    auto put = [&](int x, int y, uint8_t r, uint8_t g, uint8_t b) {
        uint8_t* p = rgb_.data() + (std::size_t(y) * W_ + x) * 3;
        p[0] = r;
        p[1] = g;
        p[2] = b;
    };
    // A 1-pixel frame inside a 1-pixel white margin.
    for (int x = 1; x < cw - 1; ++x) {
        put(x0 + x, y0 + 1, frame[0], frame[1], frame[2]);
        put(x0 + x, y0 + ch - 2, frame[0], frame[1], frame[2]);
    }
    for (int y = 1; y < ch - 1; ++y) {
        put(x0 + 1, y0 + y, frame[0], frame[1], frame[2]);
        put(x0 + cw - 2, y0 + y, frame[0], frame[1], frame[2]);
    }
    for (int r = 0; r < th_ * zoom_; ++r)
        for (int c = 0; c < tw_ * zoom_; ++c) {
            uint8_t v = grey[(r / zoom_) * tw_ + c / zoom_];
            if (invert) v = 255 - v;
            put(x0 + 2 + c, y0 + 2 + r, v, v, v);
        }
}

void ImageGrid::save_png(const std::string& path) const { write_png(path, rgb_, W_, H_, 3); }

}  // namespace dl
