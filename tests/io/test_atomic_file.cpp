// Files that survive a crash, and bounded reads. The crash tests kill a process with SIGKILL in
// the middle of writing a figure (SVG) and a large file through dl::write_file_atomic: the
// previous file is intact, byte for byte, and no temporary file is left in the folder.
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "io/atomic_file.hpp"
#include "io/svg_plot.hpp"
#include "kill_during_write.hpp"
#include "test_util.hpp"

using namespace dl;


TEST(AtomicFile, WritesReplacesAndLeavesNothingElse) {
    test::TempDir t("io_write");
    const std::string path = t.file("a.txt");
    write_file_atomic(path, "first");
    write_file_atomic(path, "second version");
    EXPECT_EQ(read_file(path), "second version");
    struct stat st;
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0644u);
    EXPECT_EQ(test::folder_entries(t.dir()), (std::set<std::string>{"a.txt"}));
    // A file larger than one chunk (1 MiB) goes through whole.
    const std::string big(3 * (1 << 20) + 17, 'x');
    write_file_atomic(path, big);
    EXPECT_EQ(read_file(path), big);
    EXPECT_NE(test::error_of([&] { write_file_atomic(t.file("no/such/folder/f"), "x"); })
                  .find("cannot write '"),
              std::string::npos);
}

// SIGKILL while a figure is being written: the old figure stays, no temporary is left.
TEST(AtomicFile, KilledWhileWritingAFigureKeepsThePreviousOne) {
    test::TempDir t("io_kill_svg");
    const std::string path = t.file("cost_curve.svg");
    SvgPlot("before", "x", "y").line({1, 2, 3}, {3, 1, 2}, "old").save(path);
    const std::string before = read_file(path);
    ASSERT_TRUE(test::kill_during_atomic_write([&] {
        SvgPlot("after", "x", "y").line({1, 2, 3}, {1, 2, 3}, "new").save(path);
    }));
    EXPECT_EQ(read_file(path), before);
    EXPECT_EQ(test::folder_entries(t.dir()), (std::set<std::string>{"cost_curve.svg"}));
}

// The same in the middle of a 64 MiB write (after its first MiB), and for a first write: no
// file at all is better than half of one.
TEST(AtomicFile, KilledInTheMiddleOfALargeWriteLeavesNoTrace) {
    test::TempDir t("io_kill_big");
    const std::string path = t.file("big.bin");
    write_file_atomic(path, "previous content\n");
    ASSERT_TRUE(test::kill_during_atomic_write(
        [&] { write_file_atomic(path, std::string(std::size_t(64) << 20, 'n')); }));
    EXPECT_EQ(read_file(path), "previous content\n");
    EXPECT_EQ(test::folder_entries(t.dir()), (std::set<std::string>{"big.bin"}));
    ASSERT_TRUE(test::kill_during_atomic_write(
        [&] { write_file_atomic(t.file("new.bin"), std::string(3 << 20, 'n')); }));
    EXPECT_EQ(test::folder_entries(t.dir()), (std::set<std::string>{"big.bin"}));
}

TEST(ReadFile, RefusesWhatIsNotARegularFileOrTooLong) {
    test::TempDir t("io_read");
    EXPECT_NE(test::error_of([] { read_file("/dev/zero"); }).find("it is a character device"),
              std::string::npos);
    EXPECT_NE(test::error_of([&] { read_file(t.dir()); }).find("it is a folder"), std::string::npos);
    ASSERT_EQ(::mkfifo(t.file("pipe").c_str(), 0600), 0);
    EXPECT_NE(test::error_of([&] { read_file(t.file("pipe")); }).find("it is a pipe"), std::string::npos);
    write_file_atomic(t.file("f"), "0123456789");
    EXPECT_EQ(read_file(t.file("f"), 10), "0123456789");
    EXPECT_NE(test::error_of([&] { read_file(t.file("f"), 9); })
                  .find("it is 10 bytes long, more than the 9 expected"),
              std::string::npos);
    EXPECT_NE(test::error_of([&] { read_file(t.file("absent")); }).find("cannot read '"),
              std::string::npos);
}
