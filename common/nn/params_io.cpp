/// @file params_io.cpp
/// @brief The parameter file format of params_io.hpp.
#include "params_io.hpp"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "../data/data_file.hpp"
#include "../io/atomic_file.hpp"

namespace dl::nn {

namespace {
constexpr const char* kMagic = "dlcourse-params";
constexpr int kVersion = 1;

bool little_endian() {
    const uint16_t x = 1;
    uint8_t b;
    std::memcpy(&b, &x, 1);
    return b == 1;
}
}  // namespace

std::vector<NamedTensor> named_values(ParamStore& params) {
    std::vector<NamedTensor> out;
    for (const auto& p : params.params()) out.push_back({p->name, &p->value});
    return out;
}

void save_params(const std::string& path, const std::vector<NamedTensor>& params,
                 const std::string& model, bool overwrite) {
    DL_CHECK(little_endian(), "save_params: this format is little-endian only");
    DL_CHECK(overwrite || !std::filesystem::exists(path), "'", path,
             "' already exists: refusing to overwrite it (add --force to replace it)");
    std::ostringstream head;
    head << kMagic << " " << kVersion << "\n";
    head << "model " << (model.empty() ? "-" : model) << "\n";
    head << "tensors " << params.size() << "\n";
    for (const auto& p : params)
        head << p.name << " float32 " << p.value->rows() << " " << p.value->cols() << "\n";
    head << "data\n";
    std::string out = head.str();
    for (const auto& p : params) {
        const Tensor host = p.value->to(Device::CPU);
        std::vector<float> v(static_cast<std::size_t>(host.numel()));
        if (host.dtype() == DType::F32) {
            std::memcpy(v.data(), host.data<float>(), v.size() * sizeof(float));
        } else {
            const auto d = host.values();
            for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(d[i]);
        }
        out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
    }
    write_file_atomic(path, out);
}

void load_params(const std::string& path, const std::vector<NamedTensor>& params) {
    DL_CHECK(little_endian(), "load_params: this format is little-endian only");
    // The file is read in two steps, so that nothing longer than it should be is held in
    // memory: first at most the header such a file can have (lines of at most 4096 bytes: the
    // magic, model, tensors and data lines and one per tensor), then, once the header matches
    // the network, exactly the numbers it needs. Only a regular file is read (not /dev/zero).
    std::size_t need = 0;
    for (const auto& p : params) need += static_cast<std::size_t>(p.value->numel()) * sizeof(float);
    DataFile file(path);
    std::string bytes((params.size() + 4) * 4096, '\0');
    bytes.resize(file.read(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size()));
    std::size_t pos = 0;
    int line_no = 0;
    auto next_line = [&]() -> std::string {
        const std::size_t nl = bytes.find('\n', pos);
        DL_CHECK(nl != std::string::npos && nl - pos < 4096, "'", path,
                 "' is not a parameter file: its header ends early (line ", line_no + 1, ")");
        std::string s = bytes.substr(pos, nl - pos);
        pos = nl + 1;
        ++line_no;
        return s;
    };
    {
        std::istringstream first(next_line());
        std::string magic;
        int version = 0;
        first >> magic >> version;
        DL_CHECK(magic == kMagic, "'", path, "' is not a parameter file (its first line is not '",
                 kMagic, " 1')");
        DL_CHECK(version == kVersion, "'", path, "': parameter file version ", version,
                 " is not supported (expected ", kVersion, ")");
    }
    const std::string model_line = next_line();
    DL_CHECK(model_line.rfind("model ", 0) == 0, "'", path, "': line 2 should start with 'model '");
    std::size_t count = 0;
    {
        std::istringstream ts(next_line());
        std::string word;
        ts >> word >> count;
        DL_CHECK(word == "tensors", "'", path, "': line 3 should be 'tensors <count>'");
    }
    const std::string file_model = model_line.substr(6);
    DL_CHECK(count == params.size(), "'", path, "' holds ", count, " tensors (model ", file_model,
             "), the network needs ", params.size());
    for (const auto& p : params) {
        std::istringstream ls(next_line());
        std::string name, type;
        int64_t rows = -1, cols = -1;
        ls >> name >> type >> rows >> cols;
        DL_CHECK(name == p.name, "'", path, "': tensor ", name, " found where the network expects ",
                 p.name);
        DL_CHECK(type == "float32", "'", path, "': tensor ", name, " has type '", type,
                 "', expected float32");
        DL_CHECK(rows == p.value->rows() && cols == p.value->cols(), "'", path, "': ", name,
                 " is [", rows, " x ", cols, "] in the file (model ", file_model,
                 "), the network needs ", p.value->shape().str());
    }
    DL_CHECK(next_line() == "data", "'", path, "': expected the line 'data' after the tensor list");
    // The numbers: what the first read holds after the header, then the rest (one more byte
    // than needed is asked for, to notice a file that is too long).
    if (bytes.size() - pos < need + 1) {
        const std::size_t have = bytes.size();
        bytes.resize(pos + need + 1);
        bytes.resize(have + file.read(reinterpret_cast<uint8_t*>(bytes.data()) + have,
                                      bytes.size() - have));
    }
    const uint64_t found = file.gzip() ? bytes.size() - pos : file.stored_size() - pos;
    DL_CHECK(bytes.size() - pos == need, "'", path, "': expected ", need, " bytes of numbers, found ",
             found, found > need && file.gzip() ? " or more" : "", " (truncated or damaged file)");
    for (const auto& p : params) {
        const int64_t n = p.value->numel();
        std::vector<double> v(static_cast<std::size_t>(n));
        const float* src = reinterpret_cast<const float*>(bytes.data() + pos);
        for (int64_t i = 0; i < n; ++i) {
            float x;
            std::memcpy(&x, src + i, sizeof x);
            // A NaN or infinite parameter makes every output NaN: the file is damaged or was
            // saved from a run that diverged. Element i is (i mod rows, i div rows).
            DL_CHECK(std::isfinite(x), "'", path, "': ", p.name, " holds ",
                     std::isnan(x) ? "NaN" : "an infinite value", " at [", i % p.value->rows(),
                     ", ", i / p.value->rows(), "] (a damaged file, or saved from a run that "
                     "diverged): the parameters cannot be used");
            v[i] = x;
        }
        pos += static_cast<std::size_t>(n) * sizeof(float);
        p.value->copy_from(Tensor::from_values(p.value->shape(), v, p.value->dtype()));
    }
}

}  // namespace dl::nn
