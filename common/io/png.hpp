/// @file png.hpp
/// @brief Writing PNG images (through libpng), atomically; and grids of small images.
///
///     ImageGrid grid(28, 28, 10, 5);           // 10 x 5 tiles of 28 x 28 pixels
///     grid.set_tile(k, bytes, border_rgb);     // grey tile with a coloured frame
///     grid.save_png(dl::join_path(out, "misclassified.png"));
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace dl {

/// Writes an 8-bit image of width x height pixels with `channels` (1 = grey, 3 = RGB) per
/// pixel, rows top to bottom, to `path` as PNG, atomically. Throws dl::Error on failure.
void write_png(const std::string& path, const std::vector<uint8_t>& pixels, int width,
               int height, int channels);

/// The PNG file's bytes for the same image (what write_png writes).
std::string encode_png(const std::vector<uint8_t>& pixels, int width, int height, int channels);

/// A grid of equally sized grey tiles, each with a 1-pixel coloured frame, drawn in RGB and
/// magnified `zoom` times.
class ImageGrid {
public:
    ImageGrid(int tile_h, int tile_w, int columns, int rows, int zoom = 2);
    /// Tile k (row-major in the grid) from tile_h·tile_w bytes (rows top to bottom, 0 = black)
    /// with a frame of colour `frame`. `invert` draws dark ink on a light background.
    void set_tile(int k, const uint8_t* grey, std::array<uint8_t, 3> frame, bool invert = false);
    void save_png(const std::string& path) const;
    int capacity() const { return cols_ * rows_; }

private:
    int th_, tw_, cols_, rows_, zoom_, W_, H_;
    std::vector<uint8_t> rgb_;
};

}  // namespace dl
