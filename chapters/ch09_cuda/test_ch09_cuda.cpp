// Chapter 9 on a GPU (suites ending in Cuda: skipped, exit 77, without one): every rung of the
// ladder against the double-precision reference with the tolerances (fp32 rungs
// 1e-5·√K relative, fp16 4·2^-11, bf16 4·2^-8), on poisoned outputs, at the validation size and
// at odd sizes for the rungs that take any size; the tensor-core tile exactly; the hierarchy
// kernel as in the emulator.
#include <cmath>

#include "gemm_ladder.hpp"
#include "ladder_backends.hpp"
#include "test_util.hpp"

using namespace ch09;

namespace {

TEST(GemmLadderCuda, EveryRungAgreesWithTheReference) {
    DL_REQUIRE_CUDA();
    for (const auto& i : ladder()) {
        for (uint64_t seed : {1, 2}) {
            const Check c = validate_on_gpu(i.rung, 512, 384, 288, seed);
            EXPECT_TRUE(c.ok) << i.name << " seed " << seed << ": " << c.str();
            EXPECT_EQ(c.checked, 512 * 384);
        }
    }
}

TEST(GemmLadderCuda, AnySizeRungsAtOddSizes) {
    DL_REQUIRE_CUDA();
    for (Rung r : {Rung::Naive, Rung::Coalesced, Rung::SharedTiles, Rung::CublasSgemm})
        for (auto [M, N, K] : std::vector<std::tuple<int, int, int>>{{1, 1, 1}, {37, 29, 23}, {129, 67, 300}, {300, 1, 65}}) {
            const Check c = validate_on_gpu(r, M, N, K, 3);
            EXPECT_TRUE(c.ok) << info(r).name << " " << M << "x" << N << "x" << K << ": " << c.str();
        }
}

TEST(GemmLadderCuda, LargeProblemSampled) {
    DL_REQUIRE_CUDA();
    // 2048³: sampled elements plus a NaN scan of all of them, as the timed ladder checks.
    for (Rung r : {Rung::WarpTiling, Rung::WmmaF16, Rung::WmmaBF16}) {
        const Check c = validate_on_gpu(r, 2048, 2048, 2048, 4);
        EXPECT_TRUE(c.ok) << info(r).name << ": " << c.str();
        EXPECT_EQ(c.nans, 0);
    }
}

TEST(TensorCoreTileCuda, DIsABPlusCExactly) {
    DL_REQUIRE_CUDA();
    for (bool bf16 : {false, true}) {
        const TileDemo d = tensor_core_tile_demo(true, bf16, 7);
        EXPECT_EQ(d.max_error, 0.0) << (bf16 ? "bf16" : "fp16");
    }
}

TEST(HierarchyCuda, MatchesTheEmulator) {
    DL_REQUIRE_CUDA();
    backend::Hierarchy g, e;
    g.M = e.M = 70, g.N = e.N = 33, g.block_x = e.block_x = 16, g.block_y = e.block_y = 8;
    backend::gpu_hierarchy(g);
    backend::emulate_hierarchy(e);
    EXPECT_EQ(g.block, e.block);
    EXPECT_EQ(g.thread, e.thread);
    EXPECT_EQ(g.warp, e.warp);
    EXPECT_EQ(g.lane, e.lane);
}

}  // namespace
