#include "args.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <unistd.h>

namespace dl {

namespace {
double to_double(const std::string& flag, const std::string& v) {
    char* end = nullptr;
    errno = 0;
    const double x = std::strtod(v.c_str(), &end);
    if (v.empty() || end != v.c_str() + v.size() || errno == ERANGE)
        throw UsageError(cat(flag, ": expected a number, got '", v, "'"));
    return x;
}
long long to_int(const std::string& flag, const std::string& v) {
    char* end = nullptr;
    errno = 0;
    const long long x = std::strtoll(v.c_str(), &end, 10);
    if (v.empty() || end != v.c_str() + v.size() || errno == ERANGE)
        throw UsageError(cat(flag, ": expected an integer, got '", v, "'"));
    return x;
}
}  // namespace

ArgParser::ArgParser(std::string program, std::string summary)
    : program_(std::move(program)), summary_(std::move(summary)) {}

void ArgParser::add(Option o) {
    for (const auto& e : options_)
        DL_CHECK(e.name != o.name, "flag ", o.name, " registered twice");
    options_.push_back(std::move(o));
}

void ArgParser::add_flag(const std::string& name, const std::string& help, bool* target) {
    add({name, "", help, "", false, [target](const std::string&) { *target = true; }});
}

void ArgParser::add_int(const std::string& name, const std::string& help, int* target,
                        int min_value) {
    add({name, "N", help, std::to_string(*target), true,
         [name, target, min_value](const std::string& v) {
             const long long x = to_int(name, v);
             if (x < min_value || x > 1000000000)
                 throw UsageError(cat(name, ": expected an integer >= ", min_value, ", got '", v,
                                      "'"));
             *target = static_cast<int>(x);
         }});
}

void ArgParser::add_uint64(const std::string& name, const std::string& help, uint64_t* target) {
    add({name, "N", help, std::to_string(*target), true, [name, target](const std::string& v) {
             if (!v.empty() && v[0] == '-')
                 throw UsageError(cat(name, ": expected a non-negative integer, got '", v, "'"));
             char* end = nullptr;
             errno = 0;
             const unsigned long long x = std::strtoull(v.c_str(), &end, 10);
             if (v.empty() || end != v.c_str() + v.size() || errno == ERANGE)
                 throw UsageError(cat(name, ": expected a non-negative integer, got '", v, "'"));
             *target = x;
         }});
}

void ArgParser::add_double(const std::string& name, const std::string& help, double* target,
                           bool positive) {
    std::ostringstream def;
    def << *target;
    add({name, "X", help, def.str(), true, [name, target, positive](const std::string& v) {
             const double x = to_double(name, v);
             if (!std::isfinite(x) || (positive && x <= 0))
                 throw UsageError(cat(name, ": expected a ", positive ? "positive " : "",
                                      "finite number, got '", v, "'"));
             *target = x;
         }});
}

void ArgParser::add_string(const std::string& name, const std::string& help,
                           std::string* target) {
    add({name, "S", help, *target, true, [name, target](const std::string& v) {
             if (v.empty()) throw UsageError(cat(name, ": expected a value, got ''"));
             *target = v;
         }});
}

void ArgParser::add_choice(const std::string& name, const std::string& help, std::string* target,
                           std::vector<std::string> choices) {
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : "|") + c;
    add({name, list, help, *target, true, [name, target, choices, list](const std::string& v) {
             for (const auto& c : choices)
                 if (c == v) {
                     *target = v;
                     return;
                 }
             throw UsageError(cat(name, ": expected one of ", list, ", got '", v, "'"));
         }});
}

void ArgParser::add_common(CommonOptions& o) {
    add_uint64("--seed", "seed of every random choice (same seed, same run)", &o.seed);
    add_int("--epochs", "passes over the training data", &o.epochs, 1);
    add_double("--lr", "learning rate alpha", &o.lr, true);
    add({"--device", "cpu|cuda", "where tensors live and kernels run", "cpu", true,
         [&o](const std::string& v) { o.device = parse_device(v); }});
    add_string("--data", "data set name or path (default: the chapter's shipped data)", &o.data);
    add_string("--out", "folder for the figures (created if missing)", &o.out);
    add_flag("--quick", "a smaller, faster run", &o.quick);
    add_flag("--json", "print one JSON object with the results as the last line", &o.json);
}

bool ArgParser::parse(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::cout << help();
            return false;
        }
        std::string value;
        bool has_value = false;
        const auto eq = arg.find('=');
        if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            has_value = true;
        }
        const Option* opt = nullptr;
        for (const auto& o : options_)
            if (o.name == arg) opt = &o;
        if (!opt)
            throw UsageError(cat("unknown flag '", argv[i], "' (see ", program_, " --help)"));
        if (opt->takes_value && !has_value) {
            if (i + 1 >= argc) throw UsageError(cat(arg, ": expected a value (", opt->metavar, ")"));
            value = argv[++i];
        } else if (!opt->takes_value && has_value) {
            throw UsageError(cat(arg, " takes no value, got '", value, "'"));
        }
        opt->set(value);
    }
    return true;
}

std::string ArgParser::help() const {
    std::ostringstream os;
    os << "usage: " << program_ << " [flags]\n\n" << summary_ << "\n\nflags:\n";
    for (const auto& o : options_) {
        std::string left = "  " + o.name + (o.takes_value ? " " + o.metavar : "");
        os << left;
        if (left.size() < 26) os << std::string(26 - left.size(), ' ');
        else os << "\n" << std::string(26, ' ');
        os << o.help;
        if (o.takes_value && !o.default_text.empty()) os << " (default: " << o.default_text << ")";
        os << "\n";
    }
    os << "  --help                  this text\n";
    if (!epilog_.empty()) os << "\n" << epilog_ << (epilog_.back() == '\n' ? "" : "\n");
    return os.str();
}

int run_main(const char* program, const std::function<int()>& body) {
    try {
        return body();
    } catch (const UsageError& e) {
        std::cout.flush();
        std::fprintf(stderr, "%s: %s\n", program, e.what());
        return 2;
    } catch (const std::exception& e) {
        std::cout.flush();
        std::fprintf(stderr, "%s: error: %s\n", program, e.what());
        return 1;
    } catch (...) {
        std::fprintf(stderr, "%s: error: unknown exception\n", program);
        return 1;
    }
}

void ensure_writable_dir(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir))
        fail("--out: cannot create folder '", dir, "': ",
             ec ? ec.message() : std::string("a file of that name exists"));
    if (::access(dir.c_str(), W_OK) != 0)
        fail("--out: cannot write to folder '", dir, "': ", std::strerror(errno));
}

}  // namespace dl
