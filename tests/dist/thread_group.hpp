/// @file thread_group.hpp
/// @brief A test double of dl::dist::Communicator: n "ranks" as n threads of one process.
///
/// It lets the data-parallel Trainer be tested on every machine, without MPI: each thread
/// builds its own model, optimizer and trainer with its own ThreadRank, and the collectives meet
/// in shared memory. The sums are taken in double, in rank order, so the result does not depend
/// on which thread arrives first. The MPI backend itself is tested under mpirun
/// (tests/dist/mpi/).
#pragma once

#include <condition_variable>
#include <mutex>
#include <vector>

#include "dist/check.hpp"
#include "dist/communicator.hpp"

namespace dl::test {

/// What the n threads share: one collective at a time, in the order the ranks call them.
class ThreadGroup {
public:
    explicit ThreadGroup(int n) : n_(n), in_(n) {}
    int size() const { return n_; }

    /// Every rank hands in its values; every rank gets back combine(all of them).
    template <class Combine>
    std::vector<double> meet(int rank, std::vector<double> mine, Combine combine) {
        std::unique_lock<std::mutex> lock(m_);
        const uint64_t gen = gen_;
        in_[rank] = std::move(mine);
        if (++arrived_ == n_) {
            out_[gen % 2] = combine(in_);  // the previous result stays for late readers
            arrived_ = 0;
            ++gen_;
            cv_.notify_all();
        } else {
            cv_.wait(lock, [&] { return gen_ != gen; });
        }
        return out_[gen % 2];
    }

private:
    int n_, arrived_ = 0;
    uint64_t gen_ = 0;
    std::vector<std::vector<double>> in_;
    std::vector<double> out_[2];
    std::mutex m_;
    std::condition_variable cv_;
};

class ThreadRank : public dist::Communicator {
public:
    ThreadRank(ThreadGroup& g, int rank) : g_(g), rank_(rank) {}
    int rank() const override { return rank_; }
    int size() const override { return g_.size(); }
    const char* backend() const override { return "threads"; }

    void all_reduce(Tensor& x, dist::ReduceOp op) override {
        dist::check_reducible("all_reduce", x);
        const int n = g_.size();
        const auto r = g_.meet(rank_, x.values(), [&](const std::vector<std::vector<double>>& in) {
            std::vector<double> s(in[0].size(), 0.0);
            for (const auto& v : in)
                for (std::size_t i = 0; i < s.size(); ++i) s[i] += v[i];
            if (op == dist::ReduceOp::Mean)
                for (double& e : s) e /= n;
            return s;
        });
        x.copy_from(Tensor::from_values(x.shape(), r, x.dtype()).to(x.device()));
    }
    void broadcast(Tensor& x, int root) override {
        dist::check_reducible("broadcast", x);
        dist::check_root(root, g_.size());
        const auto r = g_.meet(rank_, x.values(),
                               [&](const std::vector<std::vector<double>>& in) { return in[root]; });
        x.copy_from(Tensor::from_values(x.shape(), r, x.dtype()).to(x.device()));
    }

private:
    ThreadGroup& g_;
    int rank_;
};

}  // namespace dl::test
