/// @file jpeg.hpp
/// @brief Reading JPEG photographs (through libjpeg), for chapter 6's convolutions by hand.
///
///     const Photo p = read_jpeg("datasets/photos/china.jpg");   // 640 x 427, 3 channels
///     Tensor rgb = photo_tensor(p);                             // [W x H x 3 x 1], in [0, 1]
///
/// A file that is not a JPEG, is cut short or holds corrupt data is an error naming the file
/// and what libjpeg said (a truncated file is not silently padded with grey, as libjpeg would).
/// Images larger than 2^26 pixels (e.g. 8192 x 8192) are refused before anything is allocated.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../core/tensor.hpp"

namespace dl {

/// An 8-bit image, rows top to bottom, each pixel's channels together (RGB RGB …): what the PNG
/// writer takes.
struct Photo {
    int width = 0, height = 0, channels = 0;  ///< channels: 1 (grey) or 3 (RGB)
    std::vector<uint8_t> pixels;               ///< width·height·channels bytes
};

/// Decodes JPEG bytes; `what` names them in messages (a file name). Throws dl::Error.
Photo decode_jpeg(const uint8_t* data, std::size_t size, const std::string& what);
/// Reads and decodes a JPEG file. Throws dl::Error naming the file.
Photo read_jpeg(const std::string& path);

/// The photo as one image in the course's layout, [W x H x C x 1] (channel planes, rows top to
/// bottom), values scaled to [0, 1].
Tensor photo_tensor(const Photo& p);
/// One channel of a [W x H x C x N] tensor (image n, channel c) as grey bytes for a PNG:
/// values mapped from [lo, hi] to 0 … 255 (clipped).
std::vector<uint8_t> to_grey_bytes(const Tensor& images, int64_t n, int64_t c, double lo,
                                   double hi);

}  // namespace dl
