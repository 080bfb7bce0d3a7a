/// @file bench_dist.cpp
/// @brief Data-parallel benchmarks, run under mpirun by dist_bench.py (`./course bench`).
///
///     mpirun -np 2 bench_dist allreduce [--device cpu|cuda] [--min-bytes B] [--max-bytes B]
///     mpirun -np K bench_dist train [--samples N] [--batch B] [--epochs E]
///
/// allreduce: the all-reduce of a flat float32 buffer of 1 KB, 4 KB, … 256 MB (powers of 4) with
/// the world's backend (MPI for CPU tensors, NCCL for GPU tensors). Each size runs enough times
/// to move about 1 GB (at least 4), between two barriers; the time is the slowest rank's. As
/// nccl-tests define them,
///
///     algorithm bandwidth  algbw = bytes / time
///     bus bandwidth        busbw = algbw · 2(n − 1)/n
///
/// busbw is what each rank's link carried: a ring all-reduce sends and receives 2(n − 1)/n of
/// the buffer per rank (reduce-scatter, then all-gather), so busbw is comparable with the
/// link's own bandwidth whatever n is. The sum is timed (the trainer's mean adds one scaling
/// pass over the buffer, which moves nothing between ranks).
///
/// train: chapter 4's MLP 784-256-128-10 with Adam on synthetic 28x28 "images" (N samples, a
/// global batch B), one thread per rank; one warm-up epoch, then E epochs; the fastest epoch
/// counts. dist_bench.py runs it on 1 and on 2 ranks: scaling efficiency = t₁ / (2·t₂).
///
/// Rank 0 prints a table and, last, one JSON line.
#include <omp.h>

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "core/device.hpp"
#include "core/rng.hpp"
#include "dist/world.hpp"
#include "io/json.hpp"
#include "nn/mlp.hpp"
#include "nn/trainer.hpp"

using namespace dl;

namespace {

double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/// Waits for every rank (an all-reduce of one number: works with any backend).
void barrier(dist::Communicator& c, Device dev) {
    Tensor t = Tensor::zeros(Shape::column(1), DType::F32, dev);
    c.all_reduce(t, dist::ReduceOp::Sum);
    synchronize(dev);
}

/// The slowest rank's value: each rank writes its own slot of a zero vector, and the sum over
/// the ranks fills them all.
double slowest(double x) {
    std::vector<double> v(dist::size(), 0.0);
    v[dist::rank()] = x;
    Tensor all = Tensor::from_values(Shape::column(int64_t(v.size())), v, DType::F64);
    dist::world(Device::CPU).all_reduce(all, dist::ReduceOp::Sum);
    const auto a = all.values();
    return *std::max_element(a.begin(), a.end());
}

int64_t flag_value(const std::vector<std::string>& args, const std::string& name, int64_t def) {
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == name) {
            char* end = nullptr;
            const long long v = std::strtoll(args[i + 1].c_str(), &end, 10);
            if (*end != '\0' || v <= 0)
                throw UsageError(cat(name, ": expected a positive integer, got '", args[i + 1], "'"));
            return v;
        }
    return def;
}

std::string flag_string(const std::vector<std::string>& args, const std::string& name,
                        const std::string& def) {
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == name) return args[i + 1];
    return def;
}

int allreduce(const std::vector<std::string>& args) {
    const Device dev = parse_device(flag_string(args, "--device", "cpu"));
    require_device(dev);
    const int64_t lo = flag_value(args, "--min-bytes", 1024);
    const int64_t hi = flag_value(args, "--max-bytes", int64_t(256) << 20);
    dist::Communicator& c = dist::world(dev);
    const int n = c.size();
    if (n < 2) throw Error("allreduce: needs at least 2 ranks (mpirun -np 2 bench_dist allreduce)");
    const double factor = 2.0 * (n - 1) / n;
    Json rows = Json::array();
    std::printf("all-reduce (sum) of a float32 buffer over %d ranks, backend %s, on %s%s%s\n", n,
                c.backend(), device_name(dev), dev == Device::CUDA ? ": " : "",
                dev == Device::CUDA ? cuda_device_name().c_str() : "");
    std::printf("%12s %8s %12s %14s %14s\n", "bytes", "iters", "time (us)", "algbw (GB/s)",
                "busbw (GB/s)");
    for (int64_t bytes = lo; bytes <= hi; bytes *= 4) {
        Tensor x = Tensor::full(Shape::column(bytes / 4), 1.0 + c.rank(), DType::F32, dev);
        const int iters = int(std::clamp<int64_t>((int64_t(1) << 30) / bytes, 4, 1000));
        for (int w = 0; w < 2; ++w) c.all_reduce(x, dist::ReduceOp::Sum);  // warm-up
        barrier(c, dev);
        const double t0 = now();
        for (int i = 0; i < iters; ++i) c.all_reduce(x, dist::ReduceOp::Sum);
        synchronize(dev);
        const double t = slowest(now() - t0) / iters;
        const double algbw = bytes / t / 1e9, busbw = algbw * factor;
        std::printf("%12lld %8d %12.1f %14.3f %14.3f\n", (long long)bytes, iters, t * 1e6, algbw,
                    busbw);
        std::fflush(stdout);
        Json row = Json::object();
        row["bytes"] = bytes;
        row["iterations"] = iters;
        row["seconds"] = t;
        row["algbw_gb_s"] = algbw;
        row["busbw_gb_s"] = busbw;
        rows.push_back(row);
    }
    Json j = Json::object();
    j["benchmark"] = "allreduce";
    j["ranks"] = n;
    j["backend"] = c.backend();
    j["device"] = device_name(dev);
    if (dev == Device::CUDA) j["gpu"] = cuda_device_name();
    j["sizes"] = rows;
    std::cout << dl::json_line(j) << std::endl;
    return 0;
}

int train(const std::vector<std::string>& args) {
    const int64_t N = flag_value(args, "--samples", 8192);
    const int64_t B = flag_value(args, "--batch", 128);
    const int epochs = int(flag_value(args, "--epochs", 3));
    Eigen::setNbThreads(1);
    omp_set_num_threads(1);
    // Synthetic 28x28 "images" of 10 classes: the speed does not depend on what they show.
    Rng rng(11);
    Tensor X(Shape::matrix(784, N)), Y = Tensor::zeros(Shape::matrix(10, N));
    rng.fill_uniform(X, 0.0, 1.0);
    float* y = Y.data<float>();
    for (int64_t j = 0; j < N; ++j) y[j * 10 + rng.below(10)] = 1.0f;
    nn::TensorSource src(X, Y);
    auto model = nn::make_mlp_model({784, 256, 128, 10}, Activation::ReLU, nn::Init::He, B);
    model->initialize(rng);
    nn::SoftmaxCrossEntropy loss;
    auto opt = nn::make_optimizer(nn::OptimizerKind::Adam, model->params(), 1e-3);
    nn::TrainOptions o;
    o.batch = B;
    nn::Trainer t(*model, loss, *opt, src, o);
    t.train_epoch();  // warm-up
    double best = 1e300;
    std::vector<double> secs;
    for (int e = 0; e < epochs; ++e) {
        barrier(t.comm(), Device::CPU);
        const double t0 = now();
        t.train_epoch();
        const double s = slowest(now() - t0);
        secs.push_back(s);
        best = std::min(best, s);
    }
    const int n = dist::size();
    std::printf("chapter 4's MLP 784-256-128-10, Adam, %lld samples, global batch %lld, %d rank%s "
                "x 1 thread: fastest epoch %.3f s (%.0f samples/s)\n", (long long)N, (long long)B,
                n, n == 1 ? "" : "s", best, N / best);
    Json j = Json::object();
    j["benchmark"] = "train";
    j["ranks"] = n;
    j["samples"] = N;
    j["batch"] = B;
    j["epoch_seconds"] = secs;
    j["best_epoch_seconds"] = best;
    j["samples_per_second"] = N / best;
    std::cout << dl::json_line(j) << std::endl;
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return run_main("bench_dist", [&] {
        std::vector<std::string> args(argv + 1, argv + argc);
        const std::string mode = args.empty() ? "" : args[0];
        if (mode == "allreduce") return allreduce(args);
        if (mode == "train") return train(args);
        if (mode == "--help" || mode == "-h") {
            std::printf("usage: mpirun -np K bench_dist allreduce|train [flags] (see bench_dist.cpp)\n");
            return 0;
        }
        throw UsageError(cat("usage: mpirun -np K bench_dist allreduce|train [flags]; got '",
                             mode, "'"));
    });
}
