// Loading a parameter file never accepts what it cannot use: NaN or infinite values, a file
// longer than the network's parameters can be, something that is not a regular file. And a
// save killed with SIGKILL in the middle keeps the previous file intact with nothing left over.
#include <cmath>
#include <cstring>
#include <limits>

#include "io/atomic_file.hpp"
#include "kill_during_write.hpp"
#include "nn/mlp.hpp"
#include "nn/params_io.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::nn;

namespace {

/// The saved file of a 4-3-2 network with the float at `index` (in file order) replaced.
std::string with_value(const std::string& file, std::size_t data_start, std::size_t index, float v) {
    std::string bytes = file;
    std::memcpy(bytes.data() + data_start + index * sizeof(float), &v, sizeof v);
    return bytes;
}

}  // namespace

TEST(ParamsLoad, NonFiniteValuesAreRefusedWithTheirPlace) {
    test::TempDir dir("params_nan");
    const std::string path = join_path(dir.dir(), "model.bin");
    Rng rng(3);
    auto a = make_mlp_model({4, 3, 2}, Activation::ReLU, Init::He, 4);
    a->initialize(rng);
    save_params(path, named_values(a->params()), "4-3-2 relu", false);
    const std::string good = read_file(path);
    const std::size_t data = good.find("data\n") + 5;
    auto b = make_mlp_model({4, 3, 2}, Activation::ReLU, Init::He, 4);
    // dense1.W is 3 x 4, column-major: float 7 is row 1, column 2.
    write_file_atomic(path, with_value(good, data, 7, std::numeric_limits<float>::quiet_NaN()));
    DL_EXPECT_ERROR_HAS(load_params(path, named_values(b->params())), "dense1.W holds NaN at [1, 2]");
    // dense1.b follows dense1.W's 12 floats; dense2.W (2 x 3) follows dense1.b's 3: float 12 + 3 + 5 is dense2.W [1, 2].
    write_file_atomic(path, with_value(good, data, 20, -std::numeric_limits<float>::infinity()));
    DL_EXPECT_ERROR_HAS(load_params(path, named_values(b->params())), "dense2.W holds an infinite value at [1, 2]");
    // The refused loads changed nothing: the good file still loads into b, exactly.
    write_file_atomic(path, good);
    load_params(path, named_values(b->params()));
    EXPECT_EQ(b->params().param("dense2.W").value.values(), a->params().param("dense2.W").value.values());
}

TEST(ParamsLoad, DevicesAndOverlongFilesAreRefused) {
    test::TempDir dir("params_long");
    auto b = make_mlp_model({4, 3, 2}, Activation::ReLU, Init::He, 4);
    DL_EXPECT_ERROR_HAS(load_params("/dev/zero", named_values(b->params())),
                     "cannot read '/dev/zero': it is a character device");
    DL_EXPECT_ERROR_HAS(load_params(dir.dir(), named_values(b->params())), "it is a folder");
    // A valid header followed by 64 MiB instead of the 92 bytes of 4-3-2's 23 parameters.
    Rng rng(3);
    auto a = make_mlp_model({4, 3, 2}, Activation::ReLU, Init::He, 4);
    a->initialize(rng);
    const std::string path = join_path(dir.dir(), "model.bin");
    save_params(path, named_values(a->params()), "4-3-2 relu", false);
    write_file_atomic(path, read_file(path) + std::string(std::size_t(64) << 20, 'x'));
    DL_EXPECT_ERROR_HAS(load_params(path, named_values(b->params())),
                     "expected 92 bytes of numbers, found 67108956 (truncated or damaged file)");
    // A header line that never ends.
    write_file_atomic(path, "dlcourse-params 1\nmodel " + std::string(std::size_t(8) << 20, 'm'));
    DL_EXPECT_ERROR_HAS(load_params(path, named_values(b->params())), "its header ends early (line 2)");
}

// SIGKILL in the middle of saving the parameters: the previous file loads as before.
TEST(ParamsLoad, SaveKilledMidWriteKeepsThePreviousFile) {
    test::TempDir dir("params_kill");
    const std::string path = join_path(dir.dir(), "model.bin");
    Rng rng(4);
    auto a = make_mlp_model({4, 3, 2}, Activation::ReLU, Init::He, 4);
    a->initialize(rng);
    save_params(path, named_values(a->params()), "4-3-2 relu", false);
    const std::string before = read_file(path);
    ASSERT_TRUE(test::kill_during_atomic_write([&] {
        auto other = make_mlp_model({4, 3, 2}, Activation::ReLU, Init::He, 4);
        Rng r2(99);
        other->initialize(r2);
        save_params(path, named_values(other->params()), "4-3-2 relu", true);
    }));
    EXPECT_EQ(read_file(path), before);
    EXPECT_EQ(test::folder_entries(dir.dir()), (std::set<std::string>{"model.bin"}));
    auto b = make_mlp_model({4, 3, 2}, Activation::ReLU, Init::He, 4);
    load_params(path, named_values(b->params()));
    EXPECT_EQ(b->params().param("dense1.W").value.values(), a->params().param("dense1.W").value.values());
}
