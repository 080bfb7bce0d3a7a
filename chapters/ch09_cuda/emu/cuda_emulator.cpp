/// @file cuda_emulator.cpp
/// @brief The emulator's threads and barriers (see cuda_emulator.hpp).
#include "cuda_emulator.hpp"

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/error.hpp"

namespace emu {

/// A reusable barrier for a group of threads. A thread that finishes its kernel leaves the
/// group (drop), as an exited thread stops counting for bar.sync on the GPU: a kernel whose
/// threads return early does not hang the emulator.
class Barrier {
public:
    explicit Barrier(int expected) : expected_(expected) {}

    void wait() {
        std::unique_lock<std::mutex> lock(m_);
        const uint64_t gen = generation_;
        if (++arrived_ >= expected_) {
            release();
        } else {
            cv_.wait(lock, [&] { return generation_ != gen; });
        }
    }

    void drop() {
        std::lock_guard<std::mutex> lock(m_);
        --expected_;
        if (arrived_ > 0 && arrived_ >= expected_) release();
    }

private:
    void release() {
        arrived_ = 0;
        ++generation_;
        cv_.notify_all();
    }

    std::mutex m_;
    std::condition_variable cv_;
    int expected_;
    int arrived_ = 0;
    uint64_t generation_ = 0;
};

ThreadContext& context() {
    thread_local ThreadContext ctx;
    return ctx;
}

void sync_block() {
    Barrier* b = context().block;
    DL_CHECK(b != nullptr, "__syncthreads() called outside an emulated kernel");
    b->wait();
}

void sync_warp() {
    Barrier* b = context().warp;
    DL_CHECK(b != nullptr, "__syncwarp() called outside an emulated kernel");
    b->wait();
}

void run_grid(dim3 grid, dim3 block, const std::function<void()>& body) {
    const int64_t threads = int64_t(block.x) * block.y * block.z;
    DL_CHECK(threads >= 1 && threads <= 1024, "emulated launch: a block has 1 to 1024 threads "
             "(CUDA's limit), got ", block.x, " x ", block.y, " x ", block.z);
    DL_CHECK(grid.x >= 1 && grid.y >= 1 && grid.z >= 1, "emulated launch: empty grid ", grid.x,
             " x ", grid.y, " x ", grid.z);
    const int n = static_cast<int>(threads);
    const int warps = (n + 31) / 32;
    for (unsigned bz = 0; bz < grid.z; ++bz)
        for (unsigned by = 0; by < grid.y; ++by)
            for (unsigned bx = 0; bx < grid.x; ++bx) {
                Barrier block_barrier(n);
                std::vector<std::unique_ptr<Barrier>> warp_barriers;
                for (int w = 0; w < warps; ++w)
                    warp_barriers.push_back(std::make_unique<Barrier>(std::min(32, n - 32 * w)));
                std::exception_ptr error;
                std::mutex error_mutex;
                std::vector<std::thread> pool;
                pool.reserve(static_cast<std::size_t>(n));
                for (int t = 0; t < n; ++t) {
                    pool.emplace_back([&, t] {
                        ThreadContext& c = context();
                        c.thread_idx.x = t % block.x;
                        c.thread_idx.y = (t / block.x) % block.y;
                        c.thread_idx.z = t / (block.x * block.y);
                        c.block_idx.x = bx;
                        c.block_idx.y = by;
                        c.block_idx.z = bz;
                        c.block_dim = block;
                        c.grid_dim = grid;
                        c.block = &block_barrier;
                        c.warp = warp_barriers[t / 32].get();
                        try {
                            body();
                        } catch (...) {
                            std::lock_guard<std::mutex> lock(error_mutex);
                            if (!error) error = std::current_exception();
                        }
                        c.warp->drop();
                        c.block->drop();
                        c.block = c.warp = nullptr;
                    });
                }
                for (auto& th : pool) th.join();
                if (error) std::rethrow_exception(error);
            }
}

}  // namespace emu
