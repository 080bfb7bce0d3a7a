/// @file watchdog.hpp
/// @brief dl::dist::Watchdog: a collective that waits too long ends the process with a message.
///
/// A collective returns only when every rank has joined it. When one rank dies, mpirun notices
/// and stops the others; but a rank that is alive and never arrives — stuck in a loop, stopped,
/// waiting on a file — would leave the others waiting forever inside MPI_Allreduce, printing
/// nothing. The watchdog is a thread that looks, a few times a second, at the collective the
/// program is waiting in; past the time limit it prints which collective, on which rank, for how
/// long, and ends the process (exit status 1). mpirun then stops every other rank.
///
/// The limit is DL_DIST_TIMEOUT seconds (default 300; 0 turns the watchdog off). It only has
/// to exceed the longest gap between two ranks arriving at the same step, which is normally
/// milliseconds; a program whose rank 0 spends longer on its own work (plots, checkpoints)
/// between two collectives needs a larger value.
///
/// The thread only reads two atomics and sleeps: marking a collective costs two atomic stores.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace dl::dist {

/// Something the watchdog can ask whether the collective it watches has finished — for the GPU,
/// where a collective is queued and finishes later (an event on the communication stream).
class Pending {
public:
    virtual ~Pending() = default;
    virtual bool done() = 0;
};

class Watchdog {
public:
    /// `seconds` ≤ 0: no thread, nothing is watched. `who` starts the message ("ch04_mlp:
    /// error: rank 1 of 2").
    Watchdog(double seconds, std::string who);
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    /// A blocking collective `what` (a string literal, "all-reduce") starts now …
    void enter(const char* what);
    /// … and has returned.
    void leave();
    /// A queued collective `what` starts now and is finished when pending.done().
    void enter_pending(const char* what, Pending* pending);

    double seconds() const { return seconds_; }

    /// The limit DL_DIST_TIMEOUT gives (default 300 s); throws dl::Error naming a bad value.
    static double timeout_from_environment();

private:
    void run();

    double seconds_;
    std::string who_;
    std::atomic<int64_t> since_ns_{0};  ///< when the watched collective started; 0: none
    std::atomic<const char*> what_{nullptr};
    std::atomic<Pending*> pending_{nullptr};
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;
};

/// Marks a blocking collective for the watchdog while it lives (no-op with a null watchdog).
class Watched {
public:
    Watched(Watchdog* w, const char* what) : w_(w) {
        if (w_) w_->enter(what);
    }
    ~Watched() {
        if (w_) w_->leave();
    }
    Watched(const Watched&) = delete;
    Watched& operator=(const Watched&) = delete;

private:
    Watchdog* w_;
};

}  // namespace dl::dist
