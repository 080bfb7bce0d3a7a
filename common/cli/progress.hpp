/// @file progress.hpp
/// @brief A one-line progress bar for loops that run longer than about a second.
///
///     Progress bar(total_steps, "epoch 3/10", enabled);
///     for (...) { ...; bar.update(step + 1, "loss 0.4123"); }
///     bar.finish("loss 0.3981 acc 0.912 1.21 s/epoch");
///
/// It redraws at most ten times a second, on stderr, and only when enabled: programs pass
/// `!json && stdout is a terminal` (see progress_enabled()).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace dl {

/// True when a progress bar makes sense: stdout is a terminal and `json` output is off.
bool progress_enabled(bool json);

class Progress {
public:
    Progress(int64_t total, std::string label, bool enabled);
    ~Progress();
    /// Shows `done` of `total` and a short status text.
    void update(int64_t done, const std::string& status = "");
    /// Draws the full bar with a final status and moves to the next line.
    void finish(const std::string& status = "");
    /// Seconds since construction.
    double seconds() const;

private:
    void draw(int64_t done, const std::string& status);
    int64_t total_;
    std::string label_;
    bool enabled_;
    bool finished_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace dl
