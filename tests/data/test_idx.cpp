// The IDX reader (plain and gzip), SHA-256, the Fashion-MNIST/MNIST loaders and the PNG
// writer. Bad input is crafted in a temporary folder: wrong magic, sizes that disagree with the
// file length, damaged gzip, images and labels of different counts, a wrong checksum.
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "data/fashion_mnist.hpp"
#include "data/idx.hpp"
#include "data/sha256.hpp"
#include "io/atomic_file.hpp"
#include "io/png.hpp"
#include "test_util.hpp"

using namespace dl;
namespace fs = std::filesystem;

namespace {

class TempDir {
public:
    TempDir() {
        path_ = fs::temp_directory_path() / ("dl_idx_test_" + std::to_string(::getpid()));
        fs::create_directories(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    fs::path path_;
};

std::string be32(uint32_t v) {
    return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

/// An IDX file of unsigned bytes with the given sizes and data.
std::string idx_bytes(const std::vector<uint32_t>& dims, const std::string& data) {
    std::string s = {0, 0, 0x08, char(dims.size())};
    for (uint32_t d : dims) s += be32(d);
    return s + data;
}

std::string gzip(const std::string& raw) {
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, raw.size()) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    z.avail_in = uInt(raw.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

void write(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

#define EXPECT_ERROR_HAS(call, part)                                                     \
    do {                                                                                 \
        const std::string m_ = error_of([&] { call; });                                  \
        EXPECT_NE(m_.find(part), std::string::npos) << "message: " << m_;                \
    } while (0)

}  // namespace

TEST(Sha256, StandardTestVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    // One million 'a's, fed in uneven pieces (streaming).
    Sha256 h;
    const std::string piece(997, 'a');
    std::size_t left = 1000000;
    while (left) {
        const std::size_t n = std::min(left, piece.size());
        h.update(piece.data(), n);
        left -= n;
    }
    EXPECT_EQ(h.hex_digest(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Idx, ReadsPlainAndGzipTheSame) {
    TempDir t;
    const std::string data = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    const std::string bytes = idx_bytes({2, 2, 3}, data);
    write(t.file("a.idx"), bytes);
    write(t.file("a.idx.gz"), gzip(bytes));
    for (const char* f : {"a.idx", "a.idx.gz"}) {
        const IdxArray a = read_idx(t.file(f));
        EXPECT_EQ(a.dims, (std::vector<int64_t>{2, 2, 3})) << f;
        EXPECT_EQ(std::string(a.data.begin(), a.data.end()), data) << f;
    }
    EXPECT_EQ(read_idx(t.file("a.idx")).sha256, sha256_hex(bytes));
}

TEST(Idx, BadFilesNameTheProblem) {
    TempDir t;
    write(t.file("magic"), std::string("\x01\x02\x08\x01", 4) + be32(1) + "x");
    EXPECT_ERROR_HAS(read_idx(t.file("magic")), "wrong magic number");
    write(t.file("type"), std::string("\x00\x00\x0d\x01", 4) + be32(1) + "xxxx");
    EXPECT_ERROR_HAS(read_idx(t.file("type")), "element type 0xd is not supported");
    write(t.file("short"), idx_bytes({10}, "abc"));
    EXPECT_ERROR_HAS(read_idx(t.file("short")), "the header says 10 bytes of data, the file holds only 3");
    write(t.file("long"), idx_bytes({2}, "abcd"));
    EXPECT_ERROR_HAS(read_idx(t.file("long")), "holds 2 more (sizes disagree with the file length)");
    write(t.file("header"), std::string("\x00\x00\x08\x03", 4) + be32(5));
    EXPECT_ERROR_HAS(read_idx(t.file("header")), "ends inside its header");
    EXPECT_ERROR_HAS(read_idx(t.file("absent")), "cannot read");
    // gzip: cut short, and a damaged byte in the middle of the compressed stream.
    std::string big(5000, '\0');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = char((i * 7919) % 251);
    const std::string gz = gzip(idx_bytes({5000}, big));
    write(t.file("cut.gz"), gz.substr(0, gz.size() / 2));
    EXPECT_ERROR_HAS(read_idx(t.file("cut.gz")), "truncated");
    std::string bad = gz;
    bad[bad.size() - 6] ^= 0x55;  // inside the trailer's length/CRC: the check fails
    write(t.file("crc.gz"), bad);
    EXPECT_ERROR_HAS(read_idx(t.file("crc.gz")), "damaged gzip data");
}

TEST(Idx, ImagesAndLabelsMustAgree) {
    TempDir t;
    write(t.file("img"), idx_bytes({3, 2, 2}, std::string(12, '\x10')));
    write(t.file("lab"), idx_bytes({2}, std::string("\x01\x02", 2)));
    EXPECT_ERROR_HAS(load_idx_pair(t.file("img"), t.file("lab"), "x", 10),
                     "holds 3 images but");
    write(t.file("lab3"), idx_bytes({3}, std::string("\x01\x02\x0b", 3)));
    EXPECT_ERROR_HAS(load_idx_pair(t.file("img"), t.file("lab3"), "x", 10), "label 11 of sample 2");
    write(t.file("lab3ok"), idx_bytes({3}, std::string("\x01\x02\x09", 3)));
    const ImageDataset d = load_idx_pair(t.file("img"), t.file("lab3ok"), "x", 10);
    EXPECT_EQ(d.count(), 3);
    EXPECT_EQ(d.height, 2);
    EXPECT_EQ(d.labels, (std::vector<int32_t>{1, 2, 9}));
    EXPECT_ERROR_HAS(load_idx_pair(t.file("img"), t.file("lab3ok"), "x", 10, "00ff", ""),
                     "expected 00ff");
    EXPECT_ERROR_HAS(load_idx_pair(t.file("lab3ok"), t.file("lab3ok"), "x", 10), "rank 3");
}

TEST(Idx, MissingDataSetsSayHowToGetThem) {
    TempDir t;
    EXPECT_ERROR_HAS(find_mnist(t.file("")), "missing MNIST files train-images-idx3-ubyte[.gz]");
    EXPECT_ERROR_HAS(find_fashion_mnist(t.file("nothing")), "missing Fashion-MNIST files");
    // A folder of crafted files in the MNIST layout loads.
    for (const char* base : {"train", "t10k"}) {
        write(t.file(std::string(base) + "-images-idx3-ubyte"), idx_bytes({2, 3, 3}, std::string(18, '\x7f')));
        write(t.file(std::string(base) + "-labels-idx1-ubyte.gz"), gzip(idx_bytes({2}, std::string("\x03\x04", 2))));
    }
    auto [train, test] = load_mnist(t.file(""));
    EXPECT_EQ(train.count(), 2);
    EXPECT_EQ(test.labels, (std::vector<int32_t>{3, 4}));
}

TEST(FashionMnist, InstalledFilesMatchTheirChecksums) {
    std::string dir;
    try {
        dir = find_fashion_mnist();
    } catch (const Error& e) {
        GTEST_SKIP() << e.what();
    }
    // The small label file: its hash is the one compiled in, and it loads as 10,000 labels.
    const std::string labels = dir + "/t10k-labels-idx1-ubyte.gz";
    EXPECT_EQ(sha256_file(labels), fashion_mnist_sha256("t10k-labels-idx1-ubyte.gz"));
    const IdxArray a = read_idx(labels);
    EXPECT_EQ(a.dims, (std::vector<int64_t>{10000}));
    EXPECT_EQ(fashion_mnist_classes().at(9), "Ankle boot");
}

TEST(Png, WritesAValidImage) {
    TempDir t;
    std::vector<uint8_t> px = {0, 128, 255, 64, 32, 16};
    const std::string png = encode_png(px, 3, 2, 1);
    ASSERT_GT(png.size(), 8u);
    EXPECT_EQ(png.substr(1, 3), "PNG");
    ImageGrid grid(2, 2, 3, 1, 2);
    const uint8_t tile[4] = {0, 255, 255, 0};
    grid.set_tile(2, tile, {255, 0, 0});
    grid.save_png(t.file("grid.png"));
    EXPECT_EQ(read_file(t.file("grid.png")).substr(1, 3), "PNG");
    EXPECT_THROW(grid.set_tile(3, tile, {0, 0, 0}), Error);
    EXPECT_THROW(encode_png(px, 4, 2, 1), Error);
}
