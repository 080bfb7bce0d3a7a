// dl::ArgParser on CLI11: the course's messages for every kind of bad flag, the checks against
// the type a value is used as, --config files (TOML and INI) and the config.toml a run writes.
#include <gtest/gtest.h>

#include <cfloat>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <unistd.h>

#include "cli/args.hpp"
#include "io/atomic_file.hpp"
#include "io/provenance.hpp"

using namespace dl;
namespace fs = std::filesystem;

namespace {

struct Folder {
    fs::path path = fs::temp_directory_path() / ("dl_args_test_" + std::to_string(::getpid()));
    Folder() { fs::create_directories(path); }
    ~Folder() { fs::remove_all(path); }
    std::string file(const std::string& name, const std::string& text) const {
        const std::string p = (path / name).string();
        std::ofstream(p) << text;
        return p;
    }
};

/// A program with the shared flags and one of each other kind, parsed from `args`.
struct Program {
    CommonOptions o;
    int threads = 2;
    double keep_prob = 0.8;
    std::string optimizer = "adam";
    bool force = false;
    ArgParser p{"prog", "A test program."};
    Program() {
        p.add_common(o);
        p.add_int("--threads", "CPU threads", &threads, 1, 256);
        RealRange keep;
        keep.positive = true;
        keep.max = 1.0;
        p.add_double("--keep-prob", "keep probability", &keep_prob, keep);
        p.add_choice("--optimizer", "optimizer", &optimizer, {"sgd", "adam"});
        p.add_flag("--force", "replace files", &force);
    }
    bool parse(std::vector<std::string> args) {
        args.insert(args.begin(), "prog");
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        return p.parse(static_cast<int>(argv.size()), argv.data());
    }
};

/// The message of the UsageError parsing `args` throws ("" when none).
std::string usage_error(std::vector<std::string> args) {
    Program prog;
    try {
        prog.parse(std::move(args));
    } catch (const UsageError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(Args, ValuesAndDefaults) {
    Program prog;
    ASSERT_TRUE(prog.parse({"--seed", "7", "--lr=0.25", "--epochs", "3", "--quick", "--device",
                            "cpu", "--threads", "4", "--optimizer", "sgd", "--out", "x/y"}));
    EXPECT_EQ(prog.o.seed, 7u);
    EXPECT_EQ(prog.o.lr, 0.25);
    EXPECT_EQ(prog.o.epochs, 3);
    EXPECT_TRUE(prog.o.quick);
    EXPECT_FALSE(prog.o.json);
    EXPECT_EQ(prog.threads, 4);
    EXPECT_EQ(prog.optimizer, "sgd");
    EXPECT_EQ(prog.o.out, "x/y");
    EXPECT_TRUE(prog.p.given("--lr"));
    EXPECT_FALSE(prog.p.given("--data"));
    EXPECT_EQ(prog.keep_prob, 0.8);  // untouched default
}

TEST(Args, NegativeNumbersAreValuesAndTheLastOneWins) {
    EXPECT_EQ(usage_error({"--lr", "-1"}), "--lr: expected a positive finite number, got '-1'");
    Program prog;
    ASSERT_TRUE(prog.parse({"--epochs", "2", "--epochs", "5"}));
    EXPECT_EQ(prog.o.epochs, 5);
}

TEST(Args, EveryBadFlagGetsOneLineNamingFlagAndValue) {
    EXPECT_EQ(usage_error({"--no-such-flag", "5"}), "unknown flag '--no-such-flag' (see prog --help)");
    EXPECT_EQ(usage_error({"stray"}),
              "unexpected argument 'stray' (flags start with --; see prog --help)");
    EXPECT_EQ(usage_error({"--out"}), "--out: expected a value (S)");
    EXPECT_EQ(usage_error({"--epochs", "0"}), "--epochs: expected an integer >= 1, got '0'");
    EXPECT_EQ(usage_error({"--epochs", "ten"}), "--epochs: expected an integer, got 'ten'");
    EXPECT_EQ(usage_error({"--epochs", "99999999999"}),
              "--epochs: expected an integer from 1 to 1000000000, got '99999999999'");
    EXPECT_EQ(usage_error({"--seed", "-1"}), "--seed: expected a non-negative integer, got '-1'");
    EXPECT_EQ(usage_error({"--lr", "abc"}), "--lr: expected a number, got 'abc'");
    EXPECT_EQ(usage_error({"--lr", "nan"}), "--lr: expected a positive finite number, got 'nan'");
    EXPECT_EQ(usage_error({"--lr", "inf"}), "--lr: expected a positive finite number, got 'inf'");
    EXPECT_EQ(usage_error({"--lr", "1e400"}), "--lr: expected a number, got '1e400'");
    EXPECT_EQ(usage_error({"--device", "tpu"}), "--device: expected cpu or cuda, got 'tpu'");
    EXPECT_EQ(usage_error({"--data", ""}), "--data: expected a value, got ''");
    EXPECT_EQ(usage_error({"--optimizer", "rmsprop"}),
              "--optimizer: expected one of sgd|adam, got 'rmsprop'");
    EXPECT_EQ(usage_error({"--quick=maybe"}),
              "--quick: expected no value (or true/false), got 'maybe'");
}

TEST(Args, ValuesAreCheckedAgainstTheTypeTheyAreUsedAs) {
    // --lr feeds float kernels: 1e39 (and 1e308) would be infinite there. FLT_MAX itself fits.
    EXPECT_EQ(usage_error({"--lr", "1e39"}),
              "--lr: expected a positive finite number that fits in a float (at most "
              "3.40282e+38), got '1e39'");
    EXPECT_NE(usage_error({"--lr", "1e308"}).find("fits in a float"), std::string::npos);
    EXPECT_EQ(usage_error({"--lr", "3.4e38"}), "");
    // Bounded integers and reals name their range.
    EXPECT_EQ(usage_error({"--threads", "1000000000"}),
              "--threads: expected an integer from 1 to 256, got '1000000000'");
    EXPECT_EQ(usage_error({"--threads", "0"}), "--threads: expected an integer from 1 to 256, got '0'");
    EXPECT_EQ(usage_error({"--threads", "256"}), "");
    EXPECT_EQ(usage_error({"--keep-prob", "1.5"}), "--keep-prob: expected a number <= 1, got '1.5'");
    EXPECT_EQ(usage_error({"--keep-prob", "0"}),
              "--keep-prob: expected a positive finite number, got '0'");
}

TEST(Args, HelpListsEveryFlagWithItsDefault) {
    Program prog;
    prog.p.add_epilog("Try: prog --lr 1\n");
    const std::string h = prog.p.help();
    EXPECT_EQ(h.rfind("usage: prog [flags]\n\nA test program.\n", 0), 0u) << h;
    for (const char* part : {"--config FILE", "--seed N", "(default: 1)", "--lr X",
                             "--device cpu|cuda", "--optimizer sgd|adam", "(default: adam)",
                             "--threads N", "--quick", "--help", "Try: prog --lr 1"})
        EXPECT_NE(h.find(part), std::string::npos) << part << " missing from\n" << h;
    testing::internal::CaptureStdout();
    EXPECT_FALSE(prog.parse({"--seed", "3", "--help"}));  // false: --help was printed
    EXPECT_EQ(testing::internal::GetCapturedStdout(), h);
}

TEST(Args, ConfigFileTomlAndIniWithTheCommandLineWinning) {
    Folder d;
    const std::string toml = d.file("run.toml",
                                    "# a comment\nseed = 5\nlr = 0.5\nquick = true\n"
                                    "optimizer = 'sgd'\nout = \"figs\"\nthreads = 3\n");
    Program a;
    ASSERT_TRUE(a.parse({"--config", toml, "--lr", "0.125"}));
    EXPECT_EQ(a.o.seed, 5u);
    EXPECT_EQ(a.o.lr, 0.125);  // the command line wins
    EXPECT_TRUE(a.o.quick);
    EXPECT_EQ(a.optimizer, "sgd");
    EXPECT_EQ(a.o.out, "figs");
    EXPECT_EQ(a.threads, 3);
    EXPECT_TRUE(a.p.given("--seed"));
    EXPECT_EQ(a.p.config_file(), toml);

    const std::string ini = d.file("run.ini", "[default]\nepochs=4\nkeep-prob=0.5\n"
                                              "data = my file,v2.csv\n");
    Program b;
    ASSERT_TRUE(b.parse({"--config", ini}));
    EXPECT_EQ(b.o.epochs, 4);
    EXPECT_EQ(b.keep_prob, 0.5);
    EXPECT_EQ(b.o.data, "my file,v2.csv");  // one value, not split at the comma or the space
}

TEST(Args, BadConfigFilesAreNamed) {
    Folder d;
    EXPECT_EQ(usage_error({"--config", d.file("a.toml", "bogus = 3\n")}),
              "--config " + (d.path / "a.toml").string() +
                  ": unknown flag 'bogus' (keys are flag names without --; see prog --help)");
    EXPECT_EQ(usage_error({"--config", d.file("b.toml", "epochs = 0\n")}),
              "--epochs: expected an integer >= 1, got '0' (in --config " +
                  (d.path / "b.toml").string() + ")");
    EXPECT_EQ(usage_error({"--config", d.file("c.toml", "lr = 1e39\n")}).rfind(
                  "--lr: expected a positive finite number that fits in a float", 0),
              0u);
    // A file that cannot be read is a runtime error (exit 1), as for data files.
    Program prog;
    try {
        prog.parse({"--config", "/nonexistent/run.toml"});
        FAIL() << "no error";
    } catch (const UsageError& e) {
        FAIL() << "a usage error: " << e.what();
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "--config: cannot read '/nonexistent/run.toml': No such file or directory");
    }
}

TEST(Args, TheRunConfigReadsBackToTheSameValues) {
    Folder d;
    Program a;
    ASSERT_TRUE(a.parse({"--seed", "42", "--lr", "0.1", "--epochs", "7", "--json", "--optimizer",
                         "sgd", "--data", "it's here", "--out", d.path.string()}));
    a.o.epochs = 9;  // a value the program settled after parsing is what it writes
    record_input_file(d.file("data.csv", "1,2\n"));
    const std::string path = a.p.write_run_config(d.path.string());
    EXPECT_EQ(path, (d.path / "config.toml").string());
    const std::string text = read_file(path);
    for (const char* part : {"seed = 42\n", "lr = 0.1\n", "epochs = 9\n", "json = true\n",
                             "quick = false\n", "optimizer = 'sgd'\n", "data = \"it's here\"\n",
                             "keep-prob = 0.8\n", "device = 'cpu'\n", "# git commit: "})
        EXPECT_NE(text.find(part), std::string::npos) << part << " missing from\n" << text;
    // sha256("1,2\n"), as `printf '1,2\n' | sha256sum` prints it.
    EXPECT_NE(text.find("# data file: " + (d.path / "data.csv").string() + "  sha256 " +
                        "52186c933993da4082b3cdc7c40bb4bf735b391ff54a2ef78c037dda6c38a680"),
              std::string::npos) << text;
    Program b;
    ASSERT_TRUE(b.parse({"--config", path}));
    EXPECT_EQ(b.o.seed, 42u);
    EXPECT_EQ(b.o.lr, 0.1);
    EXPECT_EQ(b.o.epochs, 9);
    EXPECT_TRUE(b.o.json);
    EXPECT_EQ(b.optimizer, "sgd");
    EXPECT_EQ(b.o.data, "it's here");
    EXPECT_EQ(b.o.out, d.path.string());
    EXPECT_EQ(b.p.config_text(), a.p.config_text());
}

TEST(Args, GitCommitIsAHashOrUnknown) {
    const std::string c = git_commit();
    const bool hash = c.size() >= 40 &&
                      c.find_first_not_of("0123456789abcdef") >= 40;
    EXPECT_TRUE(hash || c == "unknown") << c;
}
