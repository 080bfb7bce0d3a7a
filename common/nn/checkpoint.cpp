/// @file checkpoint.cpp
/// @brief The checkpoint file format of checkpoint.hpp.
#include "checkpoint.hpp"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "../core/memory.hpp"
#include "../io/atomic_file.hpp"

namespace dl::nn {

namespace {

constexpr const char* kMagic = "dlcourse-checkpoint";
constexpr int kVersion = 1;

struct Block {
    std::string name;
    const Tensor* tensor;
};

/// The flat blocks of a model and its optimizer, in file order.
std::vector<Block> blocks_of(const Model& model, Optimizer* opt) {
    std::vector<Block> b{{"values", &model.params().values()},
                         {"buffers", &model.params().buffer_values()}};
    if (opt)
        for (auto& [name, t] : opt->state()) b.push_back({"state." + name, t});
    return b;
}

std::string hexf(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a", v);
    return buf;
}

bool little_endian() {
    const uint16_t x = 1;
    uint8_t b;
    std::memcpy(&b, &x, 1);
    return b == 1;
}

}  // namespace

void save_checkpoint(const std::string& path, const Model& model, Optimizer* opt,
                     const RunState& run, bool overwrite) {
    DL_CHECK(little_endian(), "save_checkpoint: this format is little-endian only");
    if (!writes_files()) return;  // a data-parallel rank other than 0 (io/atomic_file.hpp)
    DL_CHECK(overwrite || !std::filesystem::exists(path), "'", path,
             "' already exists: refusing to overwrite it (add --force to replace it)");
    const ParamStore& ps = model.params();
    std::ostringstream h;
    h << kMagic << " " << kVersion << "\n";
    h << "model " << model.describe() << "\n";
    h << "dtype " << dtype_name(ps.context().dtype) << "\n";
    h << "epoch " << run.epoch << "\n";
    if (opt)
        h << "optimizer " << opt->name() << " " << opt->steps() << " " << hexf(opt->lr()) << "\n";
    else
        h << "optimizer none 0 0x0p+0\n";
    char rng[160];
    std::snprintf(rng, sizeof rng, "rng %016" PRIx64 " %016" PRIx64 " %016" PRIx64 " %016" PRIx64,
                  run.rng.s[0], run.rng.s[1], run.rng.s[2], run.rng.s[3]);
    h << rng << " " << hexf(run.rng.spare) << " " << (run.rng.has_spare ? 1 : 0) << "\n";
    for (const auto& p : ps.params())
        h << "param " << p->name << " " << p->shape.rows() << " " << p->shape.cols() << " "
          << p->offset << "\n";
    for (const auto& b : ps.buffers())
        h << "buffer " << b->name << " " << b->shape.rows() << " " << b->shape.cols() << " "
          << b->offset << "\n";
    const auto blocks = blocks_of(model, opt);
    for (const auto& b : blocks) h << "block " << b.name << " " << b.tensor->numel() << "\n";
    h << "data\n";
    std::string out = h.str();
    const std::size_t es = dtype_size(ps.context().dtype);
    for (const auto& b : blocks) {
        const std::size_t bytes = static_cast<std::size_t>(b.tensor->numel()) * es;
        const std::size_t at = out.size();
        out.resize(at + bytes);
        device_copy(out.data() + at, Device::CPU, b.tensor->raw(), b.tensor->device(), bytes);
    }
    write_file_atomic(path, out);
}

RunState load_checkpoint(const std::string& path, Model& model, Optimizer* opt) {
    DL_CHECK(little_endian(), "load_checkpoint: this format is little-endian only");
    const std::string bytes = read_file(path);
    std::size_t pos = 0;
    int line_no = 0;
    auto next_line = [&]() -> std::string {
        const std::size_t nl = bytes.find('\n', pos);
        DL_CHECK(nl != std::string::npos && nl - pos < 4096, "'", path,
                 "' is not a checkpoint: its header ends early (line ", line_no + 1, ")");
        std::string s = bytes.substr(pos, nl - pos);
        pos = nl + 1;
        ++line_no;
        return s;
    };
    const ParamStore& ps = model.params();
    {
        std::istringstream first(next_line());
        std::string magic;
        int version = 0;
        first >> magic >> version;
        DL_CHECK(magic == kMagic, "'", path, "' is not a checkpoint (its first line is not '",
                 kMagic, " ", kVersion, "')");
        DL_CHECK(version == kVersion, "'", path, "': checkpoint version ", version,
                 " is not supported (expected ", kVersion, ")");
    }
    RunState run;
    std::vector<std::string> problems;
    std::vector<std::pair<std::string, int64_t>> blocks;
    std::size_t params_seen = 0, buffers_seen = 0;
    std::string file_model = "?";
    for (;;) {
        const std::string line = next_line();
        if (line == "data") break;
        std::istringstream ls(line);
        std::string key;
        ls >> key;
        if (key == "model") {
            file_model = line.size() > 6 ? line.substr(6) : "";
        } else if (key == "dtype") {
            std::string t;
            ls >> t;
            if (t != dtype_name(ps.context().dtype))
                problems.push_back(cat("dtype ", t, " (the model is ",
                                       dtype_name(ps.context().dtype), ")"));
        } else if (key == "epoch") {
            ls >> run.epoch;
            DL_CHECK(!ls.fail() && run.epoch >= 0, "'", path, "': bad epoch line '", line, "'");
        } else if (key == "optimizer") {
            std::string name, lr_text;
            int64_t steps = -1;
            ls >> name >> steps >> lr_text;
            DL_CHECK(!ls.fail() && steps >= 0, "'", path, "': bad optimizer line '", line, "'");
            if (opt) {
                if (name != opt->name())
                    problems.push_back(cat("optimizer ", name, " (this run uses ", opt->name(), ")"));
                const double lr = std::strtod(lr_text.c_str(), nullptr);
                if (std::isfinite(lr) && lr > 0) opt->set_lr(lr);
                opt->set_steps(steps);
            }
        } else if (key == "rng") {
            std::string w[4], spare;
            int has = 0;
            ls >> w[0] >> w[1] >> w[2] >> w[3] >> spare >> has;
            DL_CHECK(!ls.fail(), "'", path, "': bad rng line '", line, "'");
            for (int i = 0; i < 4; ++i) run.rng.s[i] = std::strtoull(w[i].c_str(), nullptr, 16);
            run.rng.spare = std::strtod(spare.c_str(), nullptr);
            run.rng.has_spare = has != 0;
        } else if (key == "param" || key == "buffer") {
            std::string name;
            int64_t rows = -1, cols = -1, offset = -1;
            ls >> name >> rows >> cols >> offset;
            DL_CHECK(!ls.fail(), "'", path, "': bad line '", line, "'");
            const bool is_param = key == "param";
            const std::size_t i = is_param ? params_seen++ : buffers_seen++;
            const std::size_t have = is_param ? ps.params().size() : ps.buffers().size();
            if (i >= have) {
                problems.push_back(cat(key, " ", name, " [", rows, " x ", cols,
                                       "] is not in the model"));
                continue;
            }
            const std::string& mn = is_param ? ps.params()[i]->name : ps.buffers()[i]->name;
            const Shape& ms = is_param ? ps.params()[i]->shape : ps.buffers()[i]->shape;
            const int64_t mo = is_param ? ps.params()[i]->offset : ps.buffers()[i]->offset;
            if (name != mn || rows != ms.rows() || cols != ms.cols() || offset != mo)
                problems.push_back(cat(key, " ", name, " [", rows, " x ", cols, "] at ", offset,
                                       " where the model has ", mn, " ", ms.str(), " at ", mo));
        } else if (key == "block") {
            std::string name;
            int64_t count = -1;
            ls >> name >> count;
            DL_CHECK(!ls.fail() && count >= 0, "'", path, "': bad block line '", line, "'");
            blocks.emplace_back(name, count);
        } else {
            fail("'", path, "': unknown header line '", line, "'");
        }
    }
    for (std::size_t i = params_seen; i < ps.params().size(); ++i)
        problems.push_back(cat("param ", ps.params()[i]->name, " ", ps.params()[i]->shape.str(),
                               " is missing from the file"));
    for (std::size_t i = buffers_seen; i < ps.buffers().size(); ++i)
        problems.push_back(cat("buffer ", ps.buffers()[i]->name, " is missing from the file"));
    const auto want = blocks_of(model, opt);
    for (const auto& w : want) {
        bool found = false;
        for (const auto& [name, count] : blocks)
            if (name == w.name) {
                found = true;
                if (count != w.tensor->numel())
                    problems.push_back(cat("block ", name, " has ", count, " numbers, the run needs ",
                                           w.tensor->numel()));
            }
        if (!found) problems.push_back(cat("block ", w.name, " is missing from the file"));
    }
    if (!problems.empty()) {
        std::string all;
        for (const auto& p : problems) all += "\n  " + p;
        fail("'", path, "' does not fit this model (file: ", file_model, ", model: ",
             model.describe(), "):", all);
    }
    // Sizes, then the numbers.
    const std::size_t es = dtype_size(ps.context().dtype);
    std::size_t need = 0;
    for (const auto& [name, count] : blocks) need += static_cast<std::size_t>(count) * es;
    DL_CHECK(bytes.size() - pos == need, "'", path, "': expected ", need,
             " bytes of numbers, found ", bytes.size() - pos, " (truncated or damaged file)");
    for (const auto& [name, count] : blocks) {
        const std::size_t n = static_cast<std::size_t>(count) * es;
        for (const auto& w : want)
            if (w.name == name)
                device_copy(w.tensor->raw(), w.tensor->device(), bytes.data() + pos, Device::CPU, n);
        pos += n;
    }
    // Non-finite parameters cannot come from a healthy run: refuse them.
    for (const auto& p : ps.params()) {
        for (double v : p->value.values())
            DL_CHECK(std::isfinite(v), "'", path, "': parameter ", p->name,
                     " holds a non-finite number (", v, "): the run that wrote it had diverged");
    }
    return run;
}

}  // namespace dl::nn
