/// @file args.hpp
/// @brief Command-line flags: the ones every chapter program shares, and a parser for more.
///
/// Every chapter program accepts
///
///     --help  --config FILE  --seed N  --epochs N  --lr X  --device cpu|cuda  --data NAME|PATH
///     --out DIR  --quick  --json
///
/// A bad flag is a usage error (exit status 2) whose one-line message names the flag and the
/// value: `--lr: expected a positive finite number, got '-3'`.
///
/// The parsing itself (`--flag value`, `--flag=value`, `--help`, the TOML or INI file of
/// `--config`) is CLI11's; the checks of each value, and their messages, are the course's.
/// `--config FILE` reads flags from a file whose keys are the flag names without `--`:
///
///     # ch02.toml: the command line wins over the file
///     seed = 3
///     lr = 0.25
///     softmax-epochs = 30
///
/// and write_run_config() writes the file a run used (every flag with its value, the data it
/// read, the git commit) so that `--config` reproduces the run.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "../core/device.hpp"
#include "../core/error.hpp"

namespace dl {

/// The flags every chapter program shares. Chapters set their own defaults before parsing.
struct CommonOptions {
    uint64_t seed = 1;           ///< --seed: every random choice derives from it
    int epochs = 10;             ///< --epochs: passes over the training data (> 0)
    double lr = 0.1;             ///< --lr: learning rate α (> 0, and it must fit in a float)
    Device device = Device::CPU; ///< --device
    std::string data;            ///< --data: a data set name or path ("" = the chapter's default)
    std::string out;             ///< --out: folder for figures (created; must be writable)
    bool quick = false;          ///< --quick: a smaller, faster run (used by `./course run`)
    bool json = false;           ///< --json: last line of stdout is one JSON object
};

/// What a real-valued flag accepts, checked against the type the program computes with. Every
/// real flag must be finite (no inf, no nan); `as_float` flags must also fit in a float
/// (|x| ≤ FLT_MAX ≈ 3.4e38): a learning rate of 1e39 would be infinite in the float kernels.
struct RealRange {
    bool positive = false;                                 ///< x > 0
    double min = -std::numeric_limits<double>::max();      ///< x ≥ min
    double max = std::numeric_limits<double>::max();       ///< x ≤ max
    bool as_float = false;                                 ///< the program uses x as a float
};

/// The largest value add_int() accepts unless told otherwise.
inline constexpr int kIntFlagMax = 1000000000;

class ArgParser {
public:
    /// `program` names the program in messages and --help; `summary` is the --help text's
    /// first paragraph. Every parser has --help and --config FILE.
    ArgParser(std::string program, std::string summary);
    ~ArgParser();
    ArgParser(const ArgParser&) = delete;
    ArgParser& operator=(const ArgParser&) = delete;

    /// Registers --seed --epochs --lr --device --data --out --quick --json into `o`.
    void add_common(CommonOptions& o);

    void add_flag(const std::string& name, const std::string& help, bool* target);
    /// An integer in [min_value, max_value]; the message names the range when it is bounded
    /// above (`--threads: expected an integer from 1 to 256, got '1000'`).
    void add_int(const std::string& name, const std::string& help, int* target, int min_value,
                 int max_value = kIntFlagMax);
    void add_uint64(const std::string& name, const std::string& help, uint64_t* target);
    /// A number that must be > 0 and finite when `positive` (learning rates, keep_prob, ...).
    void add_double(const std::string& name, const std::string& help, double* target,
                    bool positive);
    /// A number checked against `range` (see RealRange).
    void add_double(const std::string& name, const std::string& help, double* target,
                    RealRange range);
    void add_string(const std::string& name, const std::string& help, std::string* target);
    /// A string restricted to `choices`.
    void add_choice(const std::string& name, const std::string& help, std::string* target,
                    std::vector<std::string> choices);
    /// Extra text printed at the end of --help (examples, "try this" experiments).
    void add_epilog(const std::string& text);

    /// Parses argv (and the file of --config, whose values the command line overrides).
    /// Returns false when --help was printed (the program should exit 0). Throws
    /// dl::UsageError for anything it does not understand, dl::Error when the --config file
    /// cannot be read.
    bool parse(int argc, char** argv);

    std::string help() const;

    /// True when the flag was given, on the command line or in the --config file.
    bool given(const std::string& name) const;

    /// The --config file that was read ("" when none).
    const std::string& config_file() const;

    /// Every flag with its current value, as TOML that --config reads back: call it after the
    /// program has settled its values (a chapter that derives a default writes it back into the
    /// flag's variable first, so that the file says what the run used).
    std::string config_text() const;

    /// Writes `dir`/config.toml atomically: a comment header (the program, the git commit, the
    /// SHA-256 of every data file the run read, see io/provenance.hpp) and config_text().
    /// `PROGRAM --config dir/config.toml` runs the same configuration again. Returns the path.
    std::string write_run_config(const std::string& dir) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Runs a chapter program's body and turns errors into one-line messages and exit codes:
/// 0 on success, 2 for a usage error, 1 for anything else. Never lets an exception escape.
int run_main(const char* program, const std::function<int()>& body);

/// Creates `dir` (and parents) if needed and checks a file can be written in it; throws
/// dl::Error naming the folder and the reason otherwise.
void ensure_writable_dir(const std::string& dir);

}  // namespace dl
