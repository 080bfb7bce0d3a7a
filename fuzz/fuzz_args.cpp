/// @file fuzz_args.cpp
/// @brief Fuzz target: the flag parser, through dl::ArgParser's public API only.
///
/// Input: the arguments, separated by NUL bytes (argv[0] is added). The parser has the shared
/// flags and one flag of every kind a chapter can add. A usage error (dl::UsageError, a
/// dl::Error) is the expected rejection.
#include <iostream>

#include "cli/args.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    std::cout.rdbuf(nullptr);  // --help text goes nowhere
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    std::vector<std::string> words = {"fuzz_args"};
    std::string word;
    for (std::size_t i = 0; i < size && words.size() < 64; ++i) {
        if (data[i] == 0) {
            words.push_back(word);
            word.clear();
        } else {
            word += static_cast<char>(data[i]);
        }
    }
    words.push_back(word);
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);

    dl::CommonOptions opts;
    bool flag = false;
    int count = 3;
    uint64_t big = 0;
    double keep = 0.5, shift = 0.0;
    std::string text, choice = "sgd";
    try {
        dl::ArgParser args("fuzz_args", "every kind of flag");
        args.add_common(opts);
        args.add_flag("--force", "a switch", &flag);
        args.add_int("--batch", "an integer >= 1", &count, 1);
        args.add_uint64("--steps", "a non-negative integer", &big);
        args.add_double("--keep-prob", "a positive number", &keep, true);
        args.add_double("--shift", "any finite number", &shift, false);
        args.add_string("--save", "a string", &text);
        args.add_choice("--optimizer", "one of three", &choice, {"sgd", "momentum", "adam"});
        args.add_epilog("Try: fuzz_args --batch 3\n");
        args.parse(static_cast<int>(words.size()), argv.data());
    } catch (const dl::Error&) {
    }
    return 0;
}
