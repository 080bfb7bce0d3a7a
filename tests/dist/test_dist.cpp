// common/dist without MPI: the single-process fallback, the shares of a batch, how a launch is
// recognised, and the data-parallel Trainer with n ranks as n threads (thread_group.hpp) against
// one rank with the same global batch. The MPI backend is tested under mpirun (tests/dist/mpi/).
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "dist/shard.hpp"
#include "dist/single.hpp"
#include "dist/world.hpp"
#include "io/atomic_file.hpp"
#include "nn/mlp.hpp"
#include "nn/trainer.hpp"
#include "../nn/nn_test_util.hpp"
#include "thread_group.hpp"

using namespace dl;
using namespace dl::nn;
using dl::test::message_has;

namespace {

/// max |a − b| / max |b|: the relative error of a whole weight vector.
double rel_error(const std::vector<double>& a, const std::vector<double>& b) {
    double diff = 0, scale = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff = std::max(diff, std::abs(a[i] - b[i]));
        scale = std::max(scale, std::abs(b[i]));
    }
    return diff / scale;
}

/// One rank's run: the tiny two-class images, an MLP, Adam; `comm` null: a single process.
struct RankRun {
    ImageDataset train;
    DeviceImages dtrain;
    ImageSource src;
    std::unique_ptr<Model> model;
    SoftmaxCrossEntropy loss;
    std::unique_ptr<Optimizer> opt;
    std::unique_ptr<Trainer> trainer;

    RankRun(uint64_t seed, int64_t samples, int64_t batch, dist::Communicator* comm,
        OptimizerKind kind = OptimizerKind::Adam, double clip = 0.0)
        : train(test::tiny_images(int(samples), seed)), dtrain(to_device(train, Device::CPU)),
          src(dtrain, 2, 2) {
        model = make_mlp_model({4, 16, 12, 2}, Activation::Tanh, Init::Xavier, batch);
        Rng rng(seed + (comm ? uint64_t(comm->rank()) * 1000 : 0));  // other weights on rank > 0:
        model->initialize(rng);                                       // the broadcast must fix them
        opt = make_optimizer(kind, model->params(), 0.02);
        TrainOptions o;
        o.batch = batch;
        o.seed = seed + 7;
        o.clip_norm = clip;
        o.comm = comm;
        trainer = std::make_unique<Trainer>(*model, loss, *opt, src, o);
    }
    std::vector<double> weights() const { return model->params().values().values(); }
};

/// n threads, each a rank training `epochs` epochs; returns every rank's final weights and
/// rank 0's history.
struct GroupResult {
    std::vector<std::vector<double>> weights;
    std::vector<EpochRecord> history;
};
GroupResult train_in_threads(int n, uint64_t seed, int64_t samples, int64_t batch, int epochs,
                             OptimizerKind kind = OptimizerKind::Adam, double clip = 0.0) {
    test::ThreadGroup group(n);
    GroupResult out;
    out.weights.resize(n);
    std::vector<std::string> errors(n);
    std::vector<std::thread> threads;
    for (int r = 0; r < n; ++r) {
        threads.emplace_back([&, r] {
            try {
                test::ThreadRank comm(group, r);
                RankRun run(seed, samples, batch, &comm, kind, clip);
                run.trainer->fit(epochs);
                out.weights[r] = run.weights();
                if (r == 0) out.history = run.trainer->history();
            } catch (const std::exception& e) {
                errors[r] = e.what();
            }
        });
    }
    for (auto& t : threads) t.join();
    for (int r = 0; r < n; ++r) EXPECT_EQ(errors[r], "") << "rank " << r;
    return out;
}

}  // namespace

TEST(SingleProcess, IsRankZeroOfOneAndLeavesTensorsAlone) {
    dist::SingleProcess one;
    EXPECT_EQ(one.rank(), 0);
    EXPECT_EQ(one.size(), 1);
    EXPECT_TRUE(one.is_root());
    EXPECT_STREQ(one.backend(), "single");
    for (DType t : {DType::F32, DType::F64}) {
        Tensor x = Tensor::from_values(Shape::matrix(3, 5), {1, -2, 3.5, 4, 5e-8, 6, 7, 8, 9, 10,
                                                             11, 12, 13, 1e30, -15},
                                       t);
        const auto before = x.values();
        one.all_reduce(x, dist::ReduceOp::Mean);
        one.all_reduce(x, dist::ReduceOp::Sum);
        one.broadcast(x, 0);
        EXPECT_EQ(x.values(), before);
    }
    Tensor h(Shape::matrix(2, 2), DType::F16);
    EXPECT_TRUE(message_has([&] { one.all_reduce(h, dist::ReduceOp::Sum); },
                            "all_reduce: expected a float32 or float64 tensor, got float16"));
    Tensor x(Shape::matrix(2, 2));
    EXPECT_TRUE(message_has([&] { one.broadcast(x, 1); },
                            "broadcast: root rank 1 does not exist (ranks 0 to 0)"));
}

TEST(SingleProcess, IsTheWorldOfAProgramStartedAlone) {
    ASSERT_FALSE(dist::launch_from_environment().launched) << "run this test without mpirun";
    EXPECT_STREQ(dist::world().backend(), "single");
    EXPECT_STREQ(dist::world(Device::CUDA).backend(), "single");
    EXPECT_EQ(dist::rank(), 0);
    EXPECT_EQ(dist::size(), 1);
    EXPECT_EQ(dist::rank_label(), "");
    EXPECT_TRUE(writes_files());
}

// A Trainer given the single-process communicator, and one given none, train bit for bit alike
// (and the allocation test of test_nn still sees no allocation per step through this path).
TEST(SingleProcess, TrainerIsBitForBitTheTrainerWithoutOne) {
    dist::SingleProcess one;
    RankRun plain(3, 90, 16, nullptr), explicit_one(3, 90, 16, &one);
    plain.trainer->fit(3);
    explicit_one.trainer->fit(3);
    EXPECT_EQ(plain.weights(), explicit_one.weights());
    EXPECT_EQ(plain.trainer->history().back().train_loss,
              explicit_one.trainer->history().back().train_loss);
    EXPECT_EQ(&plain.trainer->comm(), &dist::world());
}

TEST(Launch, IsReadFromTheLaunchersEnvironment) {
    ASSERT_EQ(std::getenv("OMPI_COMM_WORLD_SIZE"), nullptr);
    setenv("OMPI_COMM_WORLD_SIZE", "3", 1);
    setenv("OMPI_COMM_WORLD_RANK", "2", 1);
    dist::Launch l = dist::launch_from_environment();
    EXPECT_TRUE(l.launched);
    EXPECT_EQ(l.size, 3);
    EXPECT_EQ(l.rank, 2);
    EXPECT_EQ(l.launcher, "Open MPI");
    unsetenv("OMPI_COMM_WORLD_SIZE");
    unsetenv("OMPI_COMM_WORLD_RANK");
    setenv("PMI_SIZE", "4", 1);
    setenv("PMI_RANK", "1", 1);
    l = dist::launch_from_environment();
    EXPECT_EQ(l.launcher, "MPICH");
    EXPECT_EQ(l.size, 4);
    EXPECT_EQ(l.rank, 1);
    unsetenv("PMI_SIZE");
    unsetenv("PMI_RANK");
    EXPECT_FALSE(dist::launch_from_environment().launched);
}

// Without MPI, a program that mpirun starts several times must not train n times alone.
TEST(Launch, SeveralCopiesOfAProgramBuiltWithoutMpiAreRefused) {
    dist::Launch l;
    l.launched = true;
    l.launcher = "Open MPI";
    l.size = 2;
    if (dist::mpi_compiled()) {
        EXPECT_NO_THROW(dist::check_launch(l, "ch04_mlp"));
    } else {
        EXPECT_TRUE(message_has([&] { dist::check_launch(l, "ch04_mlp"); },
                                "Open MPI's mpirun started 2 copies of ch04_mlp, but it was built "
                                "without MPI"));
    }
    l.size = 1;
    EXPECT_NO_THROW(dist::check_launch(l, "ch04_mlp"));
}

TEST(Shard, SharesCoverTheBatchOnceAndDifferByAtMostOne) {
    for (int n = 1; n <= 7; ++n) {
        for (int64_t m = 1; m <= 70; ++m) {
            int64_t next = 0, lo = m, hi = 0;
            double weights = 0;
            for (int r = 0; r < n; ++r) {
                const dist::Shard s = dist::shard_of(m, r, n);
                EXPECT_EQ(s.offset, next) << "m " << m << " n " << n << " r " << r;
                next += s.count;
                lo = std::min(lo, s.count);
                hi = std::max(hi, s.count);
                weights += dist::shard_weight(m, s.count, n);
            }
            EXPECT_EQ(next, m);
            EXPECT_LE(hi - lo, 1);
            EXPECT_NEAR(weights / n, 1.0, 1e-15);  // the weighted mean is the batch's mean
        }
    }
    // The lecture-sized example: 64 over 3 ranks is 22, 21, 21.
    EXPECT_EQ(dist::shard_of(64, 0, 3).count, 22);
    EXPECT_EQ(dist::shard_of(64, 1, 3).offset, 22);
    EXPECT_EQ(dist::shard_of(64, 2, 3).offset, 43);
    EXPECT_EQ(dist::shard_weight(64, 21, 3), 63.0 / 64.0);
}

// The heart of data parallelism: n ranks with shares of each batch reach the weights of one
// rank with the whole batch — here with batches that do not divide evenly (16 over 3 ranks:
// 6, 5, 5) and a last batch of 4 samples (2, 1, 1), on several seeds, with Adam and with SGD
// plus clipping (the norm is taken after the average).
TEST(DataParallel, RanksInThreadsReachTheWeightsOfOneRank) {
    for (uint64_t seed : {1, 2, 3}) {
        for (int n : {2, 3}) {
            RankRun one(seed, 180, 16, nullptr);
            one.trainer->fit(3);
            const GroupResult g = train_in_threads(n, seed, 180, 16, 3);
            for (int r = 0; r < n; ++r) {
                ASSERT_EQ(g.weights[r].size(), one.weights().size());
                EXPECT_LE(rel_error(g.weights[r], one.weights()), 1e-6)
                    << "seed " << seed << ", " << n << " ranks, rank " << r;
                EXPECT_EQ(g.weights[r], g.weights[0]) << "rank " << r << " drifted from rank 0";
            }
            // The epoch's loss and accuracy are the whole training set's (summed over ranks).
            const EpochRecord& a = g.history.back();
            const EpochRecord& b = one.trainer->history().back();
            EXPECT_NEAR(a.train_loss, b.train_loss, 1e-5 * std::abs(b.train_loss));
            EXPECT_DOUBLE_EQ(a.train_accuracy, b.train_accuracy);
        }
    }
    RankRun one(4, 100, 10, nullptr, OptimizerKind::SGD, 0.5);
    one.trainer->fit(2);
    const GroupResult g = train_in_threads(2, 4, 100, 10, 2, OptimizerKind::SGD, 0.5);
    EXPECT_LE(rel_error(g.weights[1], one.weights()), 1e-6);
}

// A last batch of one sample leaves rank 1 with nothing: it still joins the all-reduce.
TEST(DataParallel, ARankWithoutASampleInTheLastBatchStillJoins) {
    RankRun one(5, 33, 16, nullptr);  // batches of 16, 16, 1
    one.trainer->fit(2);
    const GroupResult g = train_in_threads(2, 5, 33, 16, 2);
    EXPECT_LE(rel_error(g.weights[1], one.weights()), 1e-6);
}

namespace {
/// Rank `rank` of `size`: collectives that change nothing (as if every rank held these values),
/// or, with `root_values`, a broadcast that hands back rank 0's (other) values.
class FakeRanks : public dist::Communicator {
public:
    FakeRanks(int rank, int size) : rank_(rank), size_(size) {}
    int rank() const override { return rank_; }
    int size() const override { return size_; }
    const char* backend() const override { return "fake"; }
    void all_reduce(Tensor&, dist::ReduceOp) override {}
    void broadcast(Tensor& x, int) override {
        if (!root_values.empty() && x.numel() == int64_t(root_values.size()))
            x.copy_from(Tensor::from_values(x.shape(), root_values, x.dtype()));
    }
    std::vector<double> root_values;

private:
    int rank_, size_;
};
}  // namespace

TEST(DataParallel, MoreRanksThanSamplesAreRefused) {
    FakeRanks three(0, 3);
    EXPECT_TRUE(message_has([&] { RankRun r(1, 90, 2, &three); },
                            "there are more ranks (3) than samples in a batch (2): each rank needs "
                            "at least one sample of every batch; use at most 2 ranks, or a larger "
                            "batch"));
    FakeRanks five(0, 5);
    EXPECT_TRUE(message_has([&] { RankRun r(1, 4, 16, &five); },
                            "there are more ranks (5) than training samples (4)"));
    EXPECT_NO_THROW(RankRun(1, 90, 3, &three));
}

TEST(DataParallel, RanksThatDifferFromRankZeroAreNamed) {
    FakeRanks rank1(1, 2);
    rank1.root_values = {200, 16, 0, 0, 8};  // rank 0: 200 samples (this rank has 180)
    EXPECT_TRUE(message_has([&] { RankRun r(1, 180, 16, &rank1); },
                            "the ranks differ in their number of training samples: 180 here, 200 "
                            "on rank 0; every rank must train the same model on the same data"));
}

TEST(DataParallel, OnlyRankZeroWritesTheCheckpoint) {
    const std::string dir = test::temp_dir("dist_ckpt");
    FakeRanks rank1(1, 2), rank0(0, 2);
    RankRun a(1, 40, 8, &rank1), b(1, 40, 8, &rank0);
    a.trainer->fit(1);
    a.trainer->save_checkpoint(join_path(dir, "r1.ckpt"), false);
    b.trainer->save_checkpoint(join_path(dir, "r0.ckpt"), false);
    EXPECT_FALSE(std::filesystem::exists(join_path(dir, "r1.ckpt")));
    EXPECT_TRUE(std::filesystem::exists(join_path(dir, "r0.ckpt")));
    std::filesystem::remove_all(dir);
}

// The other ranks write no file at all (figures, histories, saved parameters): the switch
// dist::init() turns off there.
TEST(DataParallel, ARankThatWritesNoFilesNeitherWritesNorRefuses) {
    const std::string dir = test::temp_dir("dist_files");
    const std::string path = join_path(dir, "figure.svg");
    write_file_atomic(path, "rank 0's figure");
    set_writes_files(false);
    EXPECT_NO_THROW(check_new_file(path, false));  // rank 0 checks; this rank need not
    write_file_atomic(path, "another rank's copy");
    write_file_atomic(join_path(dir, "other.svg"), "x");
    set_writes_files(true);
    EXPECT_EQ(read_file(path), "rank 0's figure");
    EXPECT_FALSE(std::filesystem::exists(join_path(dir, "other.svg")));
    EXPECT_TRUE(message_has([&] { check_new_file(path, false); }, "already exists"));
    std::filesystem::remove_all(dir);
}
