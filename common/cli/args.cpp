/// @file args.cpp
/// @brief dl::ArgParser on CLI11: CLI11 reads the command line and the --config file, the
/// course checks every value with its own one-line messages (see args.hpp).
#include "args.hpp"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <unistd.h>

#include "../io/atomic_file.hpp"
#include "../io/provenance.hpp"

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

/// The shortest text that reads back as exactly `x` ("0.1", "1e-05", "3").
std::string exact(double x) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, r.ptr);
}

/// A TOML string: a literal string ('...', no escapes) when it can be one, else a basic one.
std::string toml_string(const std::string& s) {
    if (s.find_first_of("'\n\r") == std::string::npos) return "'" + s + "'";
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

/// --help in the course's layout: usage, summary, one line per flag with its default, epilog.
class HelpFormatter : public CLI::Formatter {
public:
    std::string make_help(const CLI::App* app, std::string name,
                          CLI::AppFormatMode /*mode*/) const override {
        std::ostringstream os;
        os << "usage: " << name << " [flags]\n\n" << app->get_description() << "\n\n";
        os << "flags:\n";
        for (const CLI::Option* opt : app->get_options()) os << make_option(opt, false);
        const std::string footer = app->get_footer();
        if (!footer.empty()) os << "\n" << footer << (footer.back() == '\n' ? "" : "\n");
        return os.str();
    }
    std::string make_option_name(const CLI::Option* opt, bool) const override {
        return opt->get_name(false, true);
    }
    std::string make_option_opts(const CLI::Option* opt) const override {
        return opt->get_type_size() != 0 && !opt->get_type_name().empty()
                   ? " " + opt->get_type_name()
                   : "";
    }
    std::string make_option_desc(const CLI::Option* opt) const override {
        const std::string def = opt->get_default_str();
        return opt->get_description() + (def.empty() ? "" : " (default: " + def + ")");
    }
};

}  // namespace

/// One flag: CLI11 collects its text (`raw`), `set` checks and stores it, `value` shows the
/// current value of the target as TOML.
struct Flag {
    std::string name;
    CLI::Option* opt = nullptr;
    std::string raw;
    bool is_switch = false;
    std::function<void(const std::string&)> set;
    std::function<std::string()> value;
};

struct ArgParser::Impl {
    std::string program;
    CLI::App app;
    std::vector<std::unique_ptr<Flag>> flags;
    std::vector<std::string> on_command_line;  // the flags argv named
    std::string config;

    Impl(std::string prog, const std::string& summary) : program(std::move(prog)), app(summary, program) {
        app.formatter(std::make_shared<HelpFormatter>());
        app.get_formatter()->column_width(26);
        app.set_help_flag("-h,--help", "this text");
        app.set_config("--config", "",
                       "read flags from a TOML or INI file (key = flag name without --)")
            ->type_name("FILE");
        // One key, one value: CLI11 would split an unquoted `hidden = 256,128` or
        // `data = my file.csv` into several values at the comma or the space.
        auto config_format = std::make_shared<CLI::ConfigTOML>();
        config_format->arrayDelimiter('\x1f');
        app.config_formatter(config_format);
        app.allow_config_extras(CLI::config_extras_mode::error);
        app.allow_extras();  // unknown flags are reported below, in the course's words
    }

    Flag& add(const std::string& name, const std::string& help, const std::string& metavar,
              const std::string& default_text) {
        for (const auto& f : flags) DL_CHECK(f->name != name, "flag ", name, " registered twice");
        auto f = std::make_unique<Flag>();
        f->name = name;
        f->opt = app.add_option(name, f->raw, help)
                     ->type_name(metavar)
                     ->default_str(default_text)
                     ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
        flags.push_back(std::move(f));
        return *flags.back();
    }

    const Flag* find(const std::string& name) const {
        for (const auto& f : flags)
            if (f->name == name) return f.get();
        return nullptr;
    }

    /// "--lr" from CLI11's "--lr: 1 required X missing".
    const Flag* named_in(const std::string& message) const {
        const std::string head = message.substr(0, message.find(':'));
        return find(head);
    }

    std::string where(const std::string& name) const {
        for (const auto& n : on_command_line)
            if (n == name) return "";
        return config.empty() ? "" : cat(" (in --config ", config, ")");
    }
};

ArgParser::ArgParser(std::string program, std::string summary)
    : impl_(std::make_unique<Impl>(std::move(program), summary)) {}

ArgParser::~ArgParser() = default;

void ArgParser::add_epilog(const std::string& text) {
    impl_->app.footer(impl_->app.get_footer() + text);
}

void ArgParser::add_flag(const std::string& name, const std::string& help, bool* target) {
    for (const auto& f : impl_->flags) DL_CHECK(f->name != name, "flag ", name, " registered twice");
    auto f = std::make_unique<Flag>();
    f->name = name;
    f->is_switch = true;
    f->opt = impl_->app.add_flag(name, *target, help);
    f->value = [target] { return std::string(*target ? "true" : "false"); };
    impl_->flags.push_back(std::move(f));
}

void ArgParser::add_int(const std::string& name, const std::string& help, int* target,
                        int min_value, int max_value) {
    Flag& f = impl_->add(name, help, "N", std::to_string(*target));
    f.set = [name, target, min_value, max_value](const std::string& v) {
        const long long x = to_int(name, v);
        if (x < min_value || x > max_value) {
            if (max_value == kIntFlagMax && x < min_value)
                throw UsageError(cat(name, ": expected an integer >= ", min_value, ", got '", v, "'"));
            throw UsageError(cat(name, ": expected an integer from ", min_value, " to ", max_value,
                                 ", got '", v, "'"));
        }
        *target = static_cast<int>(x);
    };
    f.value = [target] { return std::to_string(*target); };
}

void ArgParser::add_uint64(const std::string& name, const std::string& help, uint64_t* target) {
    Flag& f = impl_->add(name, help, "N", std::to_string(*target));
    f.set = [name, target](const std::string& v) {
        const char* bad = "expected a non-negative integer";
        if (v.empty() || v[0] == '-' || v[0] == '+' || std::isspace(static_cast<unsigned char>(v[0])))
            throw UsageError(cat(name, ": ", bad, ", got '", v, "'"));
        char* end = nullptr;
        errno = 0;
        const unsigned long long x = std::strtoull(v.c_str(), &end, 10);
        if (end != v.c_str() + v.size() || errno == ERANGE)
            throw UsageError(cat(name, ": ", bad, " below 2^64, got '", v, "'"));
        *target = x;
    };
    f.value = [target] { return std::to_string(*target); };
}

void ArgParser::add_double(const std::string& name, const std::string& help, double* target,
                           bool positive) {
    RealRange r;
    r.positive = positive;
    add_double(name, help, target, r);
}

void ArgParser::add_double(const std::string& name, const std::string& help, double* target,
                           RealRange range) {
    std::ostringstream def;
    def << *target;
    Flag& f = impl_->add(name, help, "X", def.str());
    f.set = [name, target, range](const std::string& v) {
        const double x = to_double(name, v);
        const char* kind = range.positive ? "positive finite number" : "finite number";
        if (!std::isfinite(x) || (range.positive && x <= 0))
            throw UsageError(cat(name, ": expected a ", kind, ", got '", v, "'"));
        if (range.as_float && std::fabs(x) > std::numeric_limits<float>::max())
            throw UsageError(cat(name, ": expected a ", kind, " that fits in a float (at most ",
                                 std::numeric_limits<float>::max(), "), got '", v, "'"));
        if (x < range.min || x > range.max) {
            const double lo = std::numeric_limits<double>::max();
            if (range.max == lo)
                throw UsageError(cat(name, ": expected a number >= ", range.min, ", got '", v, "'"));
            if (range.min == -lo)
                throw UsageError(cat(name, ": expected a number <= ", range.max, ", got '", v, "'"));
            throw UsageError(cat(name, ": expected a number from ", range.min, " to ", range.max,
                                 ", got '", v, "'"));
        }
        *target = x;
    };
    f.value = [target] { return exact(*target); };
}

void ArgParser::add_string(const std::string& name, const std::string& help,
                           std::string* target) {
    Flag& f = impl_->add(name, help, "S", *target);
    f.set = [name, target](const std::string& v) {
        if (v.empty()) throw UsageError(cat(name, ": expected a value, got ''"));
        *target = v;
    };
    f.value = [target] { return toml_string(*target); };
}

void ArgParser::add_choice(const std::string& name, const std::string& help, std::string* target,
                           std::vector<std::string> choices) {
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : "|") + c;
    Flag& f = impl_->add(name, help, list, *target);
    f.set = [name, target, choices, list](const std::string& v) {
        for (const auto& c : choices)
            if (c == v) {
                *target = v;
                return;
            }
        throw UsageError(cat(name, ": expected one of ", list, ", got '", v, "'"));
    };
    f.value = [target] { return toml_string(*target); };
}

void ArgParser::add_common(CommonOptions& o) {
    add_uint64("--seed", "seed of every random choice (same seed, same run)", &o.seed);
    add_int("--epochs", "passes over the training data", &o.epochs, 1);
    RealRange lr;
    lr.positive = true;
    lr.as_float = true;  // the course's parameters and kernels are float
    add_double("--lr", "learning rate alpha", &o.lr, lr);
    Flag& dev = impl_->add("--device", "where tensors live and kernels run", "cpu|cuda",
                           device_name(o.device));
    dev.set = [&o](const std::string& v) { o.device = parse_device(v); };
    dev.value = [&o] { return toml_string(device_name(o.device)); };
    add_string("--data", "data set name or path (default: the chapter's shipped data)", &o.data);
    add_string("--out", "folder for the figures (created if missing)", &o.out);
    add_flag("--quick", "a smaller, faster run", &o.quick);
    add_flag("--json", "print one JSON object with the results as the last line", &o.json);
}

bool ArgParser::parse(int argc, char** argv) {
    Impl& m = *impl_;
    m.on_command_line.clear();
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        a = a.substr(0, a.find('='));
        for (const auto& f : m.flags)
            if (f->name == a) m.on_command_line.push_back(a);
    }
    try {
        m.app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << help();
        return false;
    } catch (const CLI::FileError&) {
        const std::string file = m.app.get_config_ptr()->as<std::string>();
        std::FILE* f = std::fopen(file.c_str(), "r");
        const std::string why = f ? "not a readable file" : std::strerror(errno);
        if (f) std::fclose(f);
        fail("--config: cannot read '", file, "': ", why);
    } catch (const CLI::ConfigError& e) {
        const std::string what = e.what();
        const std::string prefix = "INI was not able to parse ";
        const std::string file = m.app.get_config_ptr()->as<std::string>();
        if (what.rfind(prefix, 0) == 0)
            throw UsageError(cat("--config ", file, ": unknown flag '", what.substr(prefix.size()),
                                 "' (keys are flag names without --; see ", m.program, " --help)"));
        throw UsageError(cat("--config ", file, ": ", what));
    } catch (const CLI::ArgumentMismatch& e) {
        const Flag* f = m.named_in(e.what());
        if (f) throw UsageError(cat(f->name, ": expected a value (", f->opt->get_type_name(), ")"));
        throw UsageError(e.what());
    } catch (const CLI::ConversionError& e) {
        // Only switches convert inside CLI11 (--quick=maybe); every other value is text here.
        for (const auto& f : m.flags)
            if (f->is_switch && std::string(e.what()).find(f->name) != std::string::npos)
                throw UsageError(cat(f->name, ": expected no value (or true/false), got '",
                                     f->opt->results().empty() ? "" : f->opt->results().back(),
                                     "'"));
        throw UsageError(e.what());
    } catch (const CLI::ParseError& e) {
        throw UsageError(e.what());
    }
    m.config = m.app.get_config_ptr()->count() ? m.app.get_config_ptr()->as<std::string>() : "";

    const std::vector<std::string> rest = m.app.remaining();
    if (!rest.empty()) {
        const std::string& r = rest.front();
        if (!r.empty() && r[0] == '-')
            throw UsageError(cat("unknown flag '", r, "' (see ", m.program, " --help)"));
        throw UsageError(cat("unexpected argument '", r, "' (flags start with --; see ",
                             m.program, " --help)"));
    }
    for (const auto& f : m.flags) {
        if (f->is_switch || f->opt->count() == 0) continue;
        try {
            f->set(f->raw);
        } catch (const UsageError& e) {
            throw UsageError(e.what() + m.where(f->name));
        }
    }
    return true;
}

std::string ArgParser::help() const { return impl_->app.help(); }

bool ArgParser::given(const std::string& name) const {
    const Flag* f = impl_->find(name);
    DL_CHECK(f, "given(): no flag ", name);
    return f->opt->count() > 0;
}

const std::string& ArgParser::config_file() const { return impl_->config; }

std::string ArgParser::config_text() const {
    std::ostringstream os;
    for (const auto& f : impl_->flags) {
        const std::string v = f->value();
        // An empty text flag means "not set" (the program's own default); it cannot be given.
        if (v == "''") os << "# " << f->name.substr(2) << " = (not set)\n";
        else os << f->name.substr(2) << " = " << v << "\n";
    }
    return os.str();
}

std::string ArgParser::write_run_config(const std::string& dir) const {
    std::ostringstream os;
    os << "# The configuration of one run of " << impl_->program
       << ": every flag with the value it used.\n"
       << "# Run it again with:  " << impl_->program << " --config " << join_path(dir, "config.toml")
       << "\n# git commit: " << git_commit() << "\n";
    const auto files = input_files();
    if (files.empty()) os << "# data files read: none (the data are generated from the seed)\n";
    for (const auto& f : files) os << "# data file: " << f.path << "  sha256 " << f.sha256 << "\n";
    if (!impl_->config.empty()) os << "# read from --config " << impl_->config << "\n";
    os << config_text();
    const std::string path = join_path(dir, "config.toml");
    write_file_atomic(path, os.str());
    return path;
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
