// common/io: the JSON output (nlohmann ordered_json), the history files, the run provenance.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include <unistd.h>

#include "core/error.hpp"
#include "data/sha256.hpp"
#include "io/atomic_file.hpp"
#include "io/history.hpp"
#include "io/json.hpp"
#include "io/provenance.hpp"

using namespace dl;
namespace fs = std::filesystem;

namespace {
struct Folder {
    fs::path path = fs::temp_directory_path() / ("dl_io_test_" + std::to_string(::getpid()));
    Folder() { fs::create_directories(path); }
    ~Folder() { fs::remove_all(path); }
    std::string file(const std::string& name) const { return (path / name).string(); }
};
}  // namespace

TEST(Json, KeysInInsertionOrderAndNonFiniteAsNull) {
    Json j = Json::object();
    j["chapter"] = 1;
    j["seed"] = uint64_t(18446744073709551615ull);
    j["gates"]["and"]["converged"] = true;
    j["nan"] = std::numeric_limits<double>::quiet_NaN();
    j["inf"] = -std::numeric_limits<double>::infinity();
    j["w"] = std::vector<double>{0.5, -2};
    j["name"] = "a \"quoted\"\tname";
    EXPECT_EQ(json_line(j),
              "{\"chapter\":1,\"seed\":18446744073709551615,\"gates\":{\"and\":{\"converged\":true}},"
              "\"nan\":null,\"inf\":null,\"w\":[0.5,-2.0],\"name\":\"a \\\"quoted\\\"\\tname\"}");
}

TEST(Json, InvalidUtf8IsReplacedNotFatal) {
    Json j = Json::object();
    j["data"] = std::string("caf\xe9.csv");  // Latin-1, not UTF-8
    EXPECT_EQ(json_line(j), "{\"data\":\"caf\xef\xbf\xbd.csv\"}");
}

TEST(History, OneObjectPerLineAndColumnsForPlots) {
    Folder d;
    History h(d.file("history.jsonl"), 1e9);  // saves only when told
    h.add({{"epoch", 1}, {"loss", 0.75}, {"val", nullptr}});
    h.add({{"epoch", 2}, {"loss", std::numeric_limits<double>::quiet_NaN()}, {"val", 0.5}});
    EXPECT_FALSE(fs::exists(h.path()));
    h.save();
    EXPECT_EQ(read_file(h.path()),
              "{\"epoch\":1,\"loss\":0.75,\"val\":null}\n{\"epoch\":2,\"loss\":null,\"val\":0.5}\n");
    EXPECT_EQ(h.column("epoch"), (std::vector<double>{1, 2}));
    const auto loss = h.column("loss"), val = h.column("val");
    EXPECT_EQ(loss[0], 0.75);
    EXPECT_TRUE(std::isnan(loss[1]));
    EXPECT_TRUE(std::isnan(val[0]));
    EXPECT_EQ(val[1], 0.5);
    EXPECT_THROW(h.column("los"), Error);  // a typo in a plot must not draw an empty line
    EXPECT_THROW(h.add(Json::array()), Error);
    const auto rows = History::read(h.path());
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1]["val"], 0.5);
}

TEST(History, SavesDuringALongRunAndReadNamesBadLines) {
    Folder d;
    History h(d.file("h.jsonl"), 0.0);  // every add saves
    h.add({{"epoch", 1}});
    EXPECT_EQ(read_file(h.path()), "{\"epoch\":1}\n");
    write_file_atomic(d.file("bad.jsonl"), "{\"epoch\":1}\n\n[1,2]\n");
    try {
        History::read(d.file("bad.jsonl"));
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("bad.jsonl:3: expected one JSON object per line"),
                  std::string::npos) << e.what();
    }
}

TEST(Provenance, FilesAreListedOnceWithTheirDigest) {
    Folder d;
    write_file_atomic(d.file("a.csv"), "abc");
    record_input_file(d.file("a.csv"));
    record_input_file(d.file("a.csv"));
    record_input_file(d.file("b.idx"), "given-digest");
    int a = 0, b = 0;
    for (const auto& f : input_files()) {
        if (f.path == d.file("a.csv")) {
            ++a;
            EXPECT_EQ(f.sha256, sha256_hex("abc"));
        }
        if (f.path == d.file("b.idx")) {
            ++b;
            EXPECT_EQ(f.sha256, "given-digest");
        }
    }
    EXPECT_EQ(a, 1);
    EXPECT_EQ(b, 1);
}

TEST(AtomicFile, CheckNewFileRefusesToOverwriteWithoutForce) {
    Folder d;
    check_new_file("", false);  // no file asked for: nothing to check
    check_new_file(d.file("model.bin"), false);
    write_file_atomic(d.file("model.bin"), "x");
    try {
        check_new_file(d.file("model.bin"), false);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), "'" + d.file("model.bin") +
                                             "' already exists: refusing to overwrite it (add "
                                             "--force to replace it)");
    }
    check_new_file(d.file("model.bin"), true);
    EXPECT_THROW(check_new_file(d.file("missing/model.bin"), true), Error);
}
