/// @file args.hpp
/// @brief Command-line flags: the ones every chapter program shares, and a parser for more.
///
/// Every chapter program accepts
///
///     --help  --seed N  --epochs N  --lr X  --device cpu|cuda  --data NAME|PATH
///     --out DIR  --quick  --json
///
/// A bad flag is a usage error (exit status 2) whose one-line message names the flag and the
/// value: `--lr: expected a positive number, got '-3'`.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "../core/device.hpp"
#include "../core/error.hpp"

namespace dl {

/// The flags every chapter program shares. Chapters set their own defaults before parsing.
struct CommonOptions {
    uint64_t seed = 1;           ///< --seed: every random choice derives from it
    int epochs = 10;             ///< --epochs: passes over the training data (> 0)
    double lr = 0.1;             ///< --lr: learning rate α (> 0)
    Device device = Device::CPU; ///< --device
    std::string data;            ///< --data: a data set name or path ("" = the chapter's default)
    std::string out;             ///< --out: folder for figures (created; must be writable)
    bool quick = false;          ///< --quick: a smaller, faster run (used by `./course run`)
    bool json = false;           ///< --json: last line of stdout is one JSON object
};

class ArgParser {
public:
    ArgParser(std::string program, std::string summary);

    /// Registers --seed --epochs --lr --device --data --out --quick --json into `o`.
    void add_common(CommonOptions& o);

    void add_flag(const std::string& name, const std::string& help, bool* target);
    void add_int(const std::string& name, const std::string& help, int* target, int min_value);
    void add_uint64(const std::string& name, const std::string& help, uint64_t* target);
    /// A number that must be > 0 and finite when `positive` (learning rates, keep_prob, ...).
    void add_double(const std::string& name, const std::string& help, double* target,
                    bool positive);
    void add_string(const std::string& name, const std::string& help, std::string* target);
    /// A string restricted to `choices`.
    void add_choice(const std::string& name, const std::string& help, std::string* target,
                    std::vector<std::string> choices);
    /// Extra text printed at the end of --help (examples, "try this" experiments).
    void add_epilog(const std::string& text) { epilog_ += text; }

    /// Parses argv. Returns false when --help was printed (the program should exit 0).
    /// Throws dl::UsageError for anything it does not understand.
    bool parse(int argc, char** argv);

    std::string help() const;

private:
    struct Option {
        std::string name, metavar, help, default_text;
        bool takes_value = true;
        std::function<void(const std::string&)> set;
    };
    void add(Option o);
    std::string program_, summary_, epilog_;
    std::vector<Option> options_;
};

/// Runs a chapter program's body and turns errors into one-line messages and exit codes:
/// 0 on success, 2 for a usage error, 1 for anything else. Never lets an exception escape.
int run_main(const char* program, const std::function<int()>& body);

/// Creates `dir` (and parents) if needed and checks a file can be written in it; throws
/// dl::Error naming the folder and the reason otherwise.
void ensure_writable_dir(const std::string& dir);

}  // namespace dl
