// Bad input never crashes and never passes silently: crafted files for every loader of
// common/data (a cut gzip stream, a device, a folder, a pipe, IDX sizes that overflow or claim
// gigabytes the file does not hold, CSV values beyond float32, sets too small to split).
#include <zlib.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "data/csv.hpp"
#include "data/data_file.hpp"
#include "data/dataset.hpp"
#include "data/digits.hpp"
#include "data/idx.hpp"
#include "data/image_dataset.hpp"
#include "test_util.hpp"

using namespace dl;
namespace fs = std::filesystem;

namespace {

void write(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
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

std::string be32(uint32_t v) { return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)}; }

std::string idx_header(const std::vector<uint32_t>& dims) {
    std::string s = {0, 0, 0x08, char(dims.size())};
    for (uint32_t d : dims) s += be32(d);
    return s;
}

/// The digits file format: 64 pixels and a label per line; `per_class` lines of each digit.
std::string digits_csv(int per_class) {
    std::string s;
    for (int r = 0; r < per_class; ++r)
        for (int c = 0; c < 10; ++c) {
            for (int i = 0; i < 64; ++i) s += std::to_string((i + c + r) % 17) + ",";
            s += std::to_string(c) + "\n";
        }
    return s;
}

/// Peak resident memory of this process so far, in MB.
double peak_rss_mb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024.0;
}

}  // namespace

// A gzip stream cut short is an error wherever gzip is read, even when the cut falls at the end
// of a line (the case that used to drop rows silently: 1,793 of 1,797 digits).
TEST(BadFiles, TruncatedGzipIsAnErrorEverywhere) {
    test::TempDir t("bad_files");
    const std::string csv = digits_csv(20);  // 200 lines
    const std::string gz = gzip(csv);
    write(t.file("whole.csv.gz"), gz);
    EXPECT_EQ(load_digits(t.file("whole.csv.gz")).samples(), 200);
    // Without the 8-byte trailer (CRC-32 and length) every row inflates, and it still fails.
    write(t.file("no_trailer.csv.gz"), gz.substr(0, gz.size() - 8));
    DL_EXPECT_ERROR_HAS(load_digits(t.file("no_trailer.csv.gz")), "the gzip data ends early");
    DL_EXPECT_ERROR_HAS(read_text_lines(t.file("no_trailer.csv.gz")), "unexpected end of file");
    // Cut in the middle of the stream, and cut to just the 10-byte gzip header.
    write(t.file("half.csv.gz"), gz.substr(0, gz.size() / 2));
    DL_EXPECT_ERROR_HAS(load_digits(t.file("half.csv.gz")), "truncated");
    write(t.file("header_only.csv.gz"), gz.substr(0, 10));
    DL_EXPECT_ERROR_HAS(read_text_lines(t.file("header_only.csv.gz")), "ends early");
    // Garbage after the stream is not another gzip member: damaged.
    write(t.file("tail.csv.gz"), gz + "garbage!");
    DL_EXPECT_ERROR_HAS(read_text_lines(t.file("tail.csv.gz")), "damaged gzip data");
    // Two members one after the other (what `cat a.gz b.gz` makes) are one file's content.
    write(t.file("two.csv.gz"), gzip(digits_csv(1)) + gzip(digits_csv(2)));
    EXPECT_EQ(load_digits(t.file("two.csv.gz")).samples(), 30);
    // gzip is recognised from the content, whatever the name; and IDX the same way.
    write(t.file("named_plain.csv"), gz);
    EXPECT_EQ(load_digits(t.file("named_plain.csv")).samples(), 200);
    const std::string idx = gzip(idx_header({3000}) + std::string(3000, '\x05'));
    write(t.file("cut.idx.gz"), idx.substr(0, idx.size() - 8));
    DL_EXPECT_ERROR_HAS(read_idx(t.file("cut.idx.gz")), "the gzip data ends early");
}

// Loaders need a file with a length: a device that never ends, a folder or a pipe is refused
// at once (and opening the pipe does not wait for a writer).
TEST(BadFiles, NonRegularFilesAreRefused) {
    test::TempDir t("bad_files");
    DL_EXPECT_ERROR_HAS(read_text_lines("/dev/zero"), "cannot read '/dev/zero': it is a character device");
    DL_EXPECT_ERROR_HAS(read_idx("/dev/zero"), "not a regular file");
    DL_EXPECT_ERROR_HAS(load_digits("/dev/null"), "'/dev/null': it is a character device");
    fs::create_directories(t.file("folder"));
    DL_EXPECT_ERROR_HAS(load_digits(t.file("folder")), "it is a folder");
    ASSERT_EQ(::mkfifo(t.file("pipe").c_str(), 0600), 0);
    DL_EXPECT_ERROR_HAS(read_text_lines(t.file("pipe")), "it is a pipe");
    DL_EXPECT_ERROR_HAS(read_idx(t.file("pipe")), "it is a pipe");
    DL_EXPECT_ERROR_HAS(read_text_lines(t.file("absent.csv")), "No such file");
}

// A loader reads no more than it was told to expect.
TEST(BadFiles, TextLargerThanTheLimitIsRefused) {
    test::TempDir t("bad_files");
    write(t.file("big.gz"), gzip(std::string(100000, '7')));
    DL_EXPECT_ERROR_HAS(DataFile(t.file("big.gz")).read_all(4096),
                     "holds more than 4096 bytes once decompressed");
    EXPECT_EQ(DataFile(t.file("big.gz")).read_all(100000).size(), 100000u);
}

// IDX sizes: a product that overflows 64 bits (2^32−1 × 2^32−1) gets the loader's own message,
// and a header that claims more than the file holds allocates nothing for it.
TEST(BadFiles, IdxSizesAreCheckedBeforeAllocating) {
    test::TempDir t("bad_files");
    write(t.file("overflow"), idx_header({0xffffffffu, 0xffffffffu}) + "abc");
    DL_EXPECT_ERROR_HAS(read_idx(t.file("overflow")), "give more than 4 GiB of data");
    write(t.file("overflow3"), idx_header({70000, 70000, 70000}) + "abc");
    DL_EXPECT_ERROR_HAS(read_idx(t.file("overflow3")), "(70000 x 70000 x …) give more than 4 GiB");
    // A flipped byte in the image count: 3,300,000,000 declared (3.3 GB), 784 bytes present.
    const double before = peak_rss_mb();
    write(t.file("claims"), idx_header({3300000000u}) + std::string(784, '\x01'));
    DL_EXPECT_ERROR_HAS(read_idx(t.file("claims")),
                     "the header says 3300000000 bytes of data, the file holds only 784");
    write(t.file("claims_images"), idx_header({4000000, 28, 28}) + std::string(784 * 3, '\x01'));
    DL_EXPECT_ERROR_HAS(read_idx(t.file("claims_images")),
                     "3136000000 bytes of data (4000000 x 28 x 28), the file holds only 2352");
    // gzip: the data is inflated in growing pieces, so the claim costs at most twice the data.
    write(t.file("claims.gz"), gzip(idx_header({1000000, 28, 28}) + std::string(784 * 5, '\x01')));
    DL_EXPECT_ERROR_HAS(read_idx(t.file("claims.gz")), "the file holds only 3920 (truncated file?)");
    EXPECT_LT(peak_rss_mb() - before, 50.0) << "a false size in the header allocated memory";
}

// CSV values must fit the float32 the data set holds: 1e39 is reported at its cell, not later
// as a diverging cost blamed on the learning rate.
TEST(BadFiles, CsvValuesBeyondFloat32AreReportedAtTheirCell) {
    test::TempDir t("bad_files");
    std::string bc = "2,30,malignant,benign\n";
    for (int r = 0; r < 2; ++r) {
        for (int i = 0; i < 30; ++i) bc += (r == 1 && i == 4 ? std::string("1e39") : "1") + ",";
        bc += std::to_string(r) + "\n";
    }
    write(t.file("big_value.csv"), bc);
    CsvTable table = read_numeric_csv(t.file("big_value.csv"), 31, 1);
    Dataset d;
    d.classes = 2;
    DL_EXPECT_ERROR_HAS(fill_features_and_labels(table, 30, t.file("big_value.csv"), d),
                     "big_value.csv:3: column 5: value 1e+39 does not fit in float32");
    // The largest float itself (3.4028234e38) is fine.
    table.rows[1][4] = 3.4028234e38;
    fill_features_and_labels(table, 30, "f", d);
    EXPECT_TRUE(std::isfinite(d.X.at(4, 1)));
}

// Every split checks both parts are non-empty and says what it needs.
TEST(BadFiles, SplitsOfTooSmallSetsSayWhatTheyNeed) {
    test::TempDir t("bad_files");
    write(t.file("ten.csv"), digits_csv(1));  // one image of each digit
    const Dataset ten = load_digits(t.file("ten.csv"));
    Rng rng(1);
    DL_EXPECT_ERROR_HAS(stratified_split(ten, 0.2, rng),
                     "digits: 10 samples (per class 0: 1, 1: 1,");
    DL_EXPECT_ERROR_HAS(stratified_split(ten, 0.2, rng),
                     "the test set would be empty; a split needs at least 2 samples of one class");
    DL_EXPECT_ERROR_HAS(stratified_split(ten, 0.9, rng), "the training set would be empty");
    // Two of each digit: one each side.
    write(t.file("twenty.csv"), digits_csv(2));
    auto [train, test] = stratified_split(load_digits(t.file("twenty.csv")), 0.2, rng);
    EXPECT_EQ(train.samples(), 10);
    EXPECT_EQ(test.samples(), 10);
    // A validation share that would take every training image.
    ImageDataset images = images_from_dataset(train, 8, 8, 16);
    images.name = "digits train";
    DL_EXPECT_ERROR_HAS(take_validation(images, 0.8, rng),
                     "digits train: taking 0.8 of its 10 images for validation leaves none for training");
    EXPECT_EQ(images.count(), 10);  // untouched by the refused split
    ImageDataset empty = images;
    empty.pixels.clear();
    empty.labels.clear();
    DL_EXPECT_ERROR_HAS(take_validation(empty, 0.1, rng), "no images to train on");
}
