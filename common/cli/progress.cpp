#include "progress.hpp"

#include <cstdio>

#include <unistd.h>

namespace dl {

bool progress_enabled(bool json) { return !json && ::isatty(STDOUT_FILENO) && ::isatty(STDERR_FILENO); }

Progress::Progress(int64_t total, std::string label, bool enabled)
    : total_(total > 0 ? total : 1), label_(std::move(label)), enabled_(enabled),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

Progress::~Progress() {
    if (enabled_ && !finished_) std::fprintf(stderr, "\n");
}

double Progress::seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::update(int64_t done, const std::string& status) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (done < total_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    draw(done, status);
}

void Progress::finish(const std::string& status) {
    if (!enabled_ || finished_) return;
    draw(total_, status);
    std::fprintf(stderr, "\n");
    finished_ = true;
}

void Progress::draw(int64_t done, const std::string& status) {
    constexpr int width = 30;
    const double frac = static_cast<double>(done) / static_cast<double>(total_);
    const int filled = static_cast<int>(frac * width + 0.5);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(width, '.');
    std::fprintf(stderr, "\r\033[K%s [%s] %3d%% %5.1fs %s", label_.c_str(), bar.c_str(),
                 static_cast<int>(frac * 100 + 0.5), seconds(), status.c_str());
    std::fflush(stderr);
}

}  // namespace dl
