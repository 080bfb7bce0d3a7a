/// @file watchdog.cpp
/// @brief The collective watchdog (see watchdog.hpp).
#include "watchdog.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "../core/error.hpp"

namespace dl::dist {

namespace {
int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
}  // namespace

double Watchdog::timeout_from_environment() {
    const char* v = std::getenv("DL_DIST_TIMEOUT");
    if (v == nullptr || *v == '\0') return 300.0;
    char* end = nullptr;
    const double s = std::strtod(v, &end);
    DL_CHECK(end != v && *end == '\0' && std::isfinite(s) && s >= 0 && s <= 1e6,
             "DL_DIST_TIMEOUT: expected seconds from 0 (no limit) to 1000000, got '", v, "'");
    return s;
}

Watchdog::Watchdog(double seconds, std::string who) : seconds_(seconds), who_(std::move(who)) {
    if (seconds_ > 0) thread_ = std::thread([this] { run(); });
}

Watchdog::~Watchdog() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void Watchdog::enter(const char* what) {
    what_.store(what, std::memory_order_relaxed);
    pending_.store(nullptr, std::memory_order_relaxed);
    since_ns_.store(now_ns(), std::memory_order_release);
}

void Watchdog::leave() { since_ns_.store(0, std::memory_order_release); }

void Watchdog::enter_pending(const char* what, Pending* pending) {
    what_.store(what, std::memory_order_relaxed);
    pending_.store(pending, std::memory_order_relaxed);
    since_ns_.store(now_ns(), std::memory_order_release);
}

void Watchdog::run() {
    const auto tick = std::chrono::milliseconds(seconds_ < 5 ? 50 : 200);
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, tick, [this] { return stop_; })) {
        const int64_t since = since_ns_.load(std::memory_order_acquire);
        if (since == 0) continue;
        const double waited = (now_ns() - since) * 1e-9;
        if (waited < seconds_) continue;
        Pending* p = pending_.load(std::memory_order_relaxed);
        if (p != nullptr && p->done()) {
            int64_t expected = since;  // finished: nothing is waited for until the next one
            since_ns_.compare_exchange_strong(expected, 0);
            continue;
        }
        const char* what = what_.load(std::memory_order_relaxed);
        std::fflush(stdout);
        std::fprintf(stderr,
                     "%s: the %s has waited %.0f s for the other ranks: one of them has failed "
                     "or stopped; giving up (the limit is DL_DIST_TIMEOUT=%g s)\n",
                     who_.c_str(), what ? what : "collective", waited, seconds_);
        std::fflush(stderr);
        // Not exit(): the main thread is inside the MPI library, and destructors or MPI calls
        // from here could block. mpirun sees the exit status and stops the other ranks.
        ::_exit(1);
    }
}

}  // namespace dl::dist
