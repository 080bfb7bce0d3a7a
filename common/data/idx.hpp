/// @file idx.hpp
/// @brief Reading IDX files, the format of MNIST and Fashion-MNIST, plain or gzip-compressed.
///
/// An IDX file is a 4-byte magic number, one 32-bit big-endian size per dimension, then the
/// data, C order (last dimension fastest):
///
/// | bytes        | meaning                                                         |
/// |--------------|-----------------------------------------------------------------|
/// | 0, 1         | always 0                                                        |
/// | 2            | element type: 0x08 unsigned byte (the only type these sets use) |
/// | 3            | rank r (1 for labels, 3 for images)                             |
/// | 4 … 4+4r−1   | the r sizes, big-endian uint32                                  |
/// | then         | the product of the sizes, one byte each                         |
///
/// An image file of N images of 28 x 28 pixels is rank 3 with sizes N, 28, 28, and the 784
/// bytes of one image are consecutive, so the data is already the course's layout: one image
/// per column of a 784 x N column-major matrix. The reader keeps the bytes as they are
/// (uint8); the training loop converts one mini-batch at a time to float32.
///
/// Every check names the file: a wrong magic number, a rank or type it cannot read, sizes whose
/// product exceeds 4 GiB, a file shorter or longer than its header says, a truncated or damaged
/// gzip stream, something that is not a regular file. Memory is bounded by the file: a plain
/// file's length is compared with its header before anything is allocated for the data, and a
/// gzip file's data is read in growing pieces, so a damaged size never allocates gigabytes.
/// Test: tests/data/test_idx.cpp and tests/data/test_bad_files.cpp (crafted files).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dl {

/// The contents of one IDX file.
struct IdxArray {
    std::vector<int64_t> dims;  ///< sizes as in the header: {N} or {N, rows, cols}
    std::vector<uint8_t> data;  ///< product(dims) bytes, C order
    std::string sha256;         ///< SHA-256 of the file as stored (compressed when .gz)
};

/// Reads an IDX file of unsigned bytes; gzip is detected from the content (not the name).
/// Throws dl::Error naming the file and what is wrong.
IdxArray read_idx(const std::string& path);

}  // namespace dl
