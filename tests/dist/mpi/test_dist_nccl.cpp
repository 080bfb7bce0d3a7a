// common/dist's NCCL backend under mpirun (tests/dist/mpi/CMakeLists.txt; built with CUDA and
// NCCL): the collectives on GPU buffers, bootstrapped through MPI, and — with a GPU per rank —
// N training steps on the ranks' GPUs against one GPU with the same global batch.
//
// Without a GPU every test skips with the reason and the program exits with 77, which CTest
// reports as skipped (as tests/test_main.cpp does for the other CUDA tests). One GPU is enough
// for the 1-rank run (NCCL's set-up, the MPI broadcast of its id, its all-reduce and broadcast
// on one rank); the 2-rank run needs two GPUs (NCCL refuses two ranks on one GPU) and skips,
// saying so, on a machine with fewer.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "data/digits.hpp"
#include "dist/single.hpp"
#include "dist/world.hpp"
#include "nn/mlp.hpp"
#include "nn/trainer.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::nn;

namespace {

/// Skips unless a GPU can be used and this machine has one for each of its ranks
/// (require_device() selects this rank's GPU, or says how many the machine lacks).
#define DL_REQUIRE_GPU_PER_RANK()                                                             \
    do {                                                                                      \
        DL_REQUIRE_CUDA();                                                                    \
        try {                                                                                 \
            require_device(Device::CUDA);                                                     \
        } catch (const Error& e) {                                                            \
            GTEST_SKIP() << "NCCL test skipped: " << e.what();                                \
        }                                                                                     \
    } while (0)

dist::Communicator& gpu_comm() { return dist::world(Device::CUDA); }

const ImageDataset& digits() {
    static const ImageDataset train = [] {
        const Dataset d = load_digits(find_dataset_file("digits.csv.gz"));
        Rng rng(1);
        auto [tr, te] = stratified_split(d, 0.2, rng);
        return images_from_dataset(tr, 8, 8, 16);
    }();
    return train;
}

/// Chapter 4's 64-128-64-10 ReLU MLP trained on the GPU with `c` for `epochs` epochs.
std::vector<double> train_on_gpu(dist::Communicator& c, uint64_t seed, int64_t batch,
                                 int epochs) {
    const DeviceImages d = to_device(digits(), Device::CUDA);
    const ImageSource src(d, 8, 8);
    Context ctx;
    ctx.device = Device::CUDA;
    auto model = make_mlp_model({64, 128, 64, 10}, Activation::ReLU, Init::He, batch, ctx);
    Rng rng(seed + 100 * uint64_t(c.rank()));  // rank 0's weights must reach every rank
    model->initialize(rng);
    SoftmaxCrossEntropy loss;
    auto opt = make_optimizer(OptimizerKind::Momentum, model->params(), 0.05);
    TrainOptions o;
    o.batch = batch;
    o.seed = seed;
    o.comm = &c;
    Trainer t(*model, loss, *opt, src, o);
    t.fit(epochs);
    return model->params().values().values();
}

}  // namespace

TEST(DistNcclCuda, CollectivesOnGpuBuffers) {
    DL_REQUIRE_GPU_PER_RANK();
    dist::Communicator& c = gpu_comm();
    EXPECT_STREQ(c.backend(), "nccl");
    const int n = c.size(), r = c.rank();
    for (DType t : {DType::F32, DType::F64}) {
        for (int64_t count : {1, 1000, 100003}) {
            // Σ_r (r + 1) = n(n + 1)/2; the mean of 0, 2, …, 2(n − 1) is n − 1: exact in
            // binary floating point for these small integers, whatever the order of the sum.
            Tensor x = Tensor::full(Shape::column(count), r + 1.0, t).to(Device::CUDA);
            c.all_reduce(x, dist::ReduceOp::Sum);
            EXPECT_EQ(x.values()[count - 1], n * (n + 1) / 2.0);
            Tensor y = Tensor::full(Shape::column(count), 2.0 * r, t).to(Device::CUDA);
            c.all_reduce(y, dist::ReduceOp::Mean);
            EXPECT_EQ(y.values()[0], n - 1.0);
            Tensor z = Tensor::full(Shape::column(count), 10.0 + r, t).to(Device::CUDA);
            c.broadcast(z, n - 1);
            EXPECT_EQ(z.values()[count / 2], 10.0 + n - 1);
        }
    }
    // A CPU tensor is the MPI backend's job: refused with a message, not reduced wrongly.
    Tensor host(Shape::column(3));
    EXPECT_THROW(c.all_reduce(host, dist::ReduceOp::Sum), Error);
}

// The same global batch on n GPUs and on one: the weights agree within 1e-6 relative (float32
// sums in another order; see test_dist_mpi.cpp and docs/pages/distributed.md).
TEST(DistNcclCuda, Chapter4MlpOnGpuRanksMatchesOneGpu) {
    DL_REQUIRE_GPU_PER_RANK();
    if (gpu_comm().size() < 2) GTEST_SKIP() << "needs mpirun -np 2 or more, a GPU per rank";
    const std::vector<double> w_n = train_on_gpu(gpu_comm(), 1, 64, 2);
    if (!gpu_comm().is_root()) return;
    dist::SingleProcess alone;
    const std::vector<double> w_1 = train_on_gpu(alone, 1, 64, 2);
    double diff = 0, scale = 0;
    for (std::size_t i = 0; i < w_n.size(); ++i) {
        diff = std::max(diff, std::abs(w_n[i] - w_1[i]));
        scale = std::max(scale, std::abs(w_1[i]));
    }
    std::printf("chapter 4 MLP on %d GPUs vs 1: weights' relative error %.3g\n",
                gpu_comm().size(), diff / scale);
    EXPECT_LE(diff / scale, 1e-6);
}

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    int rc = 1;
    try {
        dl::dist::init("test_dist_nccl", /*only_root_speaks=*/false);
        rc = RUN_ALL_TESTS();
        const auto* unit = ::testing::UnitTest::GetInstance();
        // Every test skipped (no GPU, or fewer GPUs than ranks): 77, which CTest reports as
        // skipped. The ranks decide alike (the same machine), so none is left waiting in a
        // collective. With DL_REQUIRE_GPU=1 a missing GPU has already failed the test; a
        // missing second GPU is not a failure.
        if (rc == 0 && unit->skipped_test_count() > 0 && unit->successful_test_count() == 0) {
            dl::dist::finalize();
            return 77;
        }
        // A failure on any rank fails the run on every rank.
        Tensor bad = Tensor::full(Shape::column(1), rc != 0 ? 1.0 : 0.0, DType::F64);
        dl::dist::world(Device::CPU).all_reduce(bad, dl::dist::ReduceOp::Sum);
        if (bad.values()[0] != 0) rc = 1;
        dl::dist::finalize();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "test_dist_nccl: error: %s%s\n", dl::dist::rank_label().c_str(),
                     e.what());
        dl::dist::abort(1);
    }
    return rc;
}
