/// @file provenance.cpp
/// @brief The list of the files a run read (see provenance.hpp).
#include "provenance.hpp"

#include <mutex>

#include "../data/sha256.hpp"

namespace dl {

namespace {
std::mutex& files_mutex() {
    static std::mutex m;
    return m;
}
std::vector<InputFile>& files() {
    static std::vector<InputFile> f;
    return f;
}
}  // namespace

void record_input_file(const std::string& path, const std::string& sha256) {
    {
        std::lock_guard<std::mutex> lock(files_mutex());
        for (const auto& f : files())
            if (f.path == path) return;
    }
    const std::string digest = sha256.empty() ? sha256_file(path) : sha256;
    std::lock_guard<std::mutex> lock(files_mutex());
    for (const auto& f : files())
        if (f.path == path) return;
    files().push_back({path, digest});
}

std::vector<InputFile> input_files() {
    std::lock_guard<std::mutex> lock(files_mutex());
    return files();
}

}  // namespace dl
