// dist_fault: one rank of a data-parallel run fails on purpose, so that the tests can check the
// others do not hang (tests/dist/mpi/CMakeLists.txt).
//
//     mpirun -np 2 dist_fault throw|hang|crash [STEP]
//
// Every rank trains a small MLP with nn::Trainer; on rank 1 the data source misbehaves when it
// is asked for the batch of step STEP (default 3): it throws a dl::Error (a corrupt file), never
// returns (a stuck rank), or the process is killed (SIGKILL). The other ranks are then waiting in
// the gradients' all-reduce of that step.
#include <csignal>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "cli/args.hpp"
#include "dist/world.hpp"
#include "nn/mlp.hpp"
#include "nn/trainer.hpp"

using namespace dl;
using namespace dl::nn;

namespace {

class FaultySource : public DataSource {
public:
    FaultySource(const DataSource& inner, std::string how, int64_t step)
        : inner_(inner), how_(std::move(how)), step_(step) {}
    int64_t size() const override { return inner_.size(); }
    Shape input_shape(int64_t m) const override { return inner_.input_shape(m); }
    Shape target_shape(int64_t m) const override { return inner_.target_shape(m); }
    Device device() const override { return inner_.device(); }
    void gather(const DeviceArray<int32_t>& order, int64_t offset, Tensor& X,
                Tensor& Y) const override {
        if (++calls_ == step_ && dist::rank() == 1) {
            if (how_ == "throw") fail("the data of step ", step_, " could not be read");
            if (how_ == "crash") std::raise(SIGKILL);
            while (true) std::this_thread::sleep_for(std::chrono::hours(1));  // "hang"
        }
        inner_.gather(order, offset, X, Y);
    }

private:
    const DataSource& inner_;
    std::string how_;
    int64_t step_;
    mutable int64_t calls_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
    return run_main("dist_fault", [&] {
        const std::string how = argc > 1 ? argv[1] : "";
        if (how != "throw" && how != "hang" && how != "crash")
            throw UsageError("usage: dist_fault throw|hang|crash [STEP]");
        const int64_t step = argc > 2 ? std::atoll(argv[2]) : 3;
        Rng rng(5);
        Tensor X(Shape::matrix(4, 256));
        rng.fill_uniform(X, 0.0, 1.0);
        TensorSource plain(X, Tensor::full(Shape::matrix(2, 256), 0.5));  // a regression
        FaultySource src(plain, how, step);
        auto model = make_mlp_model({4, 8, 2}, Activation::ReLU, Init::He, 16);
        model->initialize(rng);
        MeanSquaredError loss;
        Sgd sgd(model->params(), 0.01);
        TrainOptions o;
        o.batch = 16;
        Trainer t(*model, loss, sgd, src, o);
        t.fit(3);
        std::printf("rank %d finished\n", dist::rank());
        return 0;
    });
}
