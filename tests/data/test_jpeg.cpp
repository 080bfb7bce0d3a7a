// The JPEG reader: images encoded here with libjpeg and decoded back (a flat grey decodes
// exactly: only the DC coefficient is non-zero), the shipped photo's size, the layout of
// photo_tensor, and every kind of bad input refused with a message naming the file.
// clang-format off
#include <cstdio>
#include <jpeglib.h>
// clang-format on
#include <filesystem>
#include <fstream>

#include "data/dataset.hpp"
#include "io/atomic_file.hpp"
#include "io/jpeg.hpp"
#include "test_util.hpp"

using namespace dl;

namespace {

/// Encodes width x height pixels (`channels` per pixel, rows top to bottom) as a JPEG of
/// quality 95.
std::string encode(const std::vector<uint8_t>& px, int width, int height, int channels) {
    jpeg_compress_struct c;
    jpeg_error_mgr err;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    unsigned char* buf = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&c, &buf, &size);
    c.image_width = width;
    c.image_height = height;
    c.input_components = channels;
    c.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 95, TRUE);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = const_cast<JSAMPROW>(px.data() + std::size_t(c.next_scanline) * width * channels);
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    std::string out(reinterpret_cast<char*>(buf), size);
    free(buf);
    return out;
}

Photo decode(const std::string& bytes) {
    return decode_jpeg(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), "test.jpg");
}

std::string error_of(const std::string& bytes) {
    try {
        decode(bytes);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(Jpeg, FlatGreyDecodesExactly) {
    const std::string bytes = encode(std::vector<uint8_t>(24 * 16, 128), 24, 16, 1);
    const Photo p = decode(bytes);
    EXPECT_EQ(p.width, 24);
    EXPECT_EQ(p.height, 16);
    EXPECT_EQ(p.channels, 1);
    for (uint8_t v : p.pixels) ASSERT_EQ(v, 128);
}

TEST(Jpeg, ColourAndLayout) {
    // Left half red (200, 40, 40), right half blue (30, 60, 220): colour JPEG rounds through
    // YCbCr, so within a few levels away from the edge.
    const int W = 32, H = 16;
    std::vector<uint8_t> px;
    for (int h = 0; h < H; ++h)
        for (int w = 0; w < W; ++w) {
            const bool left = w < W / 2;
            px.push_back(left ? 200 : 30);
            px.push_back(left ? 40 : 60);
            px.push_back(left ? 40 : 220);
        }
    const Photo p = decode(encode(px, W, H, 3));
    ASSERT_EQ(p.channels, 3);
    const Tensor t = photo_tensor(p);
    ASSERT_EQ(t.shape(), Shape::images(1, 3, H, W));
    // [W x H x C x 1]: element (w, h, c) at w + W·(h + H·c).
    const auto v = t.values();
    auto at = [&](int w, int h, int c) { return v[std::size_t(w + W * (h + H * c))] * 255.0; };
    EXPECT_NEAR(at(2, 5, 0), 200, 6);
    EXPECT_NEAR(at(2, 5, 2), 40, 6);
    EXPECT_NEAR(at(29, 9, 0), 30, 6);
    EXPECT_NEAR(at(29, 9, 2), 220, 6);
}

TEST(Jpeg, TheShippedPhoto) {
    const Photo p = read_jpeg(find_dataset_file("photos/china.jpg"));
    EXPECT_EQ(p.width, 640);
    EXPECT_EQ(p.height, 427);
    EXPECT_EQ(p.channels, 3);
    EXPECT_EQ(p.pixels.size(), 640u * 427u * 3u);
}

TEST(Jpeg, BadInputIsRefusedWithTheName) {
    const std::string good = encode(std::vector<uint8_t>(64 * 64, 90), 64, 64, 1);
    EXPECT_NE(error_of("").find("test.jpg: not a JPEG file"), std::string::npos);
    EXPECT_NE(error_of("\x89PNG\r\n\x1a\n....").find("not a JPEG file"), std::string::npos);
    // Cut short: libjpeg would fill the missing rows with grey; the reader refuses.
    EXPECT_NE(error_of(good.substr(0, good.size() / 2)).find("test.jpg: corrupt"), std::string::npos);
    // Garbage after the start marker.
    EXPECT_NE(error_of(std::string("\xFF\xD8\xFF\x01garbage garbage garbage", 27)).find("corrupt JPEG"),
              std::string::npos);
    const auto dir = std::filesystem::temp_directory_path() / "dl_jpeg_test";
    std::filesystem::create_directories(dir);
    EXPECT_THROW(read_jpeg((dir / "missing.jpg").string()), Error);
    try {
        read_jpeg(dir.string());
        ADD_FAILURE() << "a folder was read as a JPEG";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
    }
}

TEST(Jpeg, GreyBytesForAPng) {
    const Tensor t = Tensor::from_values(Shape::images(1, 2, 1, 3), {0, 0.5, 1, -1, 0, 2});
    EXPECT_EQ(to_grey_bytes(t, 0, 0, 0, 1), (std::vector<uint8_t>{0, 128, 255}));
    EXPECT_EQ(to_grey_bytes(t, 0, 1, -1, 1), (std::vector<uint8_t>{0, 128, 255}));  // 2 clipped
}
