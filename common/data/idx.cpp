/// @file idx.cpp
/// @brief IDX reader: streams the file once (dl::DataFile), hashing the stored bytes.
#include "idx.hpp"

#include <algorithm>

#include "../core/error.hpp"
#include "data_file.hpp"
#include "sha256.hpp"
#include "../io/provenance.hpp"

namespace dl {

IdxArray read_idx(const std::string& path) {
    Sha256 sha;
    DataFile in(path, [&sha](const uint8_t* p, std::size_t n) { sha.update(p, n); });
    uint8_t magic[4];
    DL_CHECK(in.read(magic, 4) == 4, "'", path, "' is not an IDX file: shorter than its 4-byte magic number");
    DL_CHECK(magic[0] == 0 && magic[1] == 0, "'", path,
             "' is not an IDX file: wrong magic number (first bytes ", int(magic[0]), " ",
             int(magic[1]), ", expected 0 0)");
    DL_CHECK(magic[2] == 0x08, "'", path, "': IDX element type 0x", std::hex, int(magic[2]),
             std::dec, " is not supported (expected 0x08, unsigned bytes)");
    const int rank = magic[3];
    DL_CHECK(rank >= 1 && rank <= 4, "'", path, "': IDX rank ", rank, " is not supported (expected 1 to 4)");
    IdxArray out;
    // The product of the sizes is checked against a bound before each multiplication, so it
    // cannot overflow: 4 GiB, more than any data set of this course (and than an IDX file of
    // 32-bit sizes is meant to hold).
    constexpr uint64_t kMaxBytes = uint64_t(1) << 32;
    uint64_t total = 1;
    std::string sizes;
    for (int i = 0; i < rank; ++i) {
        uint8_t s[4];
        DL_CHECK(in.read(s, 4) == 4, "'", path, "': the file ends inside its header (", rank,
                 " sizes expected)");
        const uint64_t d = uint64_t(s[0]) << 24 | uint64_t(s[1]) << 16 | uint64_t(s[2]) << 8 | s[3];
        DL_CHECK(d > 0, "'", path, "': dimension ", i, " has size 0");
        sizes += (i ? " x " : "") + std::to_string(d);
        DL_CHECK(d <= kMaxBytes / total, "'", path, "': the header's sizes (", sizes,
                 (i + 1 < rank ? " x …" : ""), ") give more than 4 GiB of data: a damaged header");
        out.dims.push_back(static_cast<int64_t>(d));
        total *= d;
    }
    // Nothing is allocated for the data before the file shows it holds that much: a plain file
    // is compared with its length; a gzip file's data is read in growing pieces (64 KiB, then
    // as much again as already read), so a damaged size costs at most twice the memory of the
    // data the file really holds.
    const uint64_t header = 4 + 4 * uint64_t(rank);
    const std::string shape = rank > 1 ? " (" + sizes + ")" : "";
    if (!in.gzip()) {
        DL_CHECK(in.stored_size() >= header + total, "'", path, "': the header says ", total,
                 " bytes of data", shape, ", the file holds only ", in.stored_size() - header,
                 " (truncated file?)");
        DL_CHECK(in.stored_size() == header + total, "'", path, "': the header says ", total,
                 " bytes of data", shape, ", the file holds ", in.stored_size() - header - total,
                 " more (sizes disagree with the file length)");
    }
    std::size_t got = 0;
    while (got < total) {
        const uint64_t piece = in.gzip() ? std::max<uint64_t>(uint64_t(1) << 16, got) : total;
        const std::size_t want = static_cast<std::size_t>(std::min<uint64_t>(total - got, piece));
        out.data.resize(got + want);
        const std::size_t n = in.read(out.data.data() + got, want);
        got += n;
        DL_CHECK(n == want, "'", path, "': the header says ", total, " bytes of data", shape,
                 ", the file holds only ", got, " (truncated file?)");
    }
    const uint64_t extra = in.drain();
    DL_CHECK(extra == 0, "'", path, "': the header says ", total, " bytes of data", shape,
             ", the file holds ", extra, " more (sizes disagree with the file length)");
    out.sha256 = sha.hex_digest();
    record_input_file(path, out.sha256);  // for the run's config.toml
    return out;
}

}  // namespace dl
