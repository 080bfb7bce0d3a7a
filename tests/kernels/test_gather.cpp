// dl::gather_columns: hand-computed order, bounds, and CPU vs CUDA parity.
#include "kernels/gather.hpp"
#include "test_util.hpp"

namespace dl {
namespace {

TEST(GatherColumns, PicksTheColumnsInOrder) {
    // src = [1 2 3; 4 5 6] (2 x 3); order (2, 0, 1, 2) from offset 1 → columns 0, 1, 2.
    const Tensor src = Tensor::from_values(Shape::matrix(2, 3), {1, 4, 2, 5, 3, 6});
    const DeviceArray<int32_t> order(std::vector<int32_t>{2, 0, 1, 2}, Device::CPU);
    Tensor out(Shape::matrix(2, 3));
    gather_columns(src, order, 1, out);
    EXPECT_EQ(out.values(), (std::vector<double>{1, 4, 2, 5, 3, 6}));
    Tensor two(Shape::matrix(2, 2));
    gather_columns(src, order, 0, two);
    EXPECT_EQ(two.values(), (std::vector<double>{3, 6, 1, 4}));
    const DeviceArray<int32_t> bad(std::vector<int32_t>{0, 3}, Device::CPU);
    EXPECT_THROW(gather_columns(src, bad, 0, two), Error);   // index 3 of 3 columns
    EXPECT_THROW(gather_columns(src, order, 3, two), Error);  // past the order's end
    Tensor wrong(Shape::matrix(3, 2));
    EXPECT_THROW(gather_columns(src, order, 0, wrong), Error);
}

TEST(GatherColumnsCuda, MatchesCpu) {
    DL_REQUIRE_CUDA();
    Rng rng(3);
    const Tensor src = test::randn(Shape::matrix(37, 101), rng);
    std::vector<int32_t> ord(101);
    for (int i = 0; i < 101; ++i) ord[i] = int32_t((i * 37) % 101);
    const DeviceArray<int32_t> cpu(ord, Device::CPU), gpu(ord, Device::CUDA);
    Tensor out(Shape::matrix(37, 33));
    gather_columns(src, cpu, 5, out);
    Tensor gout = test::poisoned(out.shape(), Device::CUDA);
    gather_columns(src.to(Device::CUDA), gpu, 5, gout);
    DL_EXPECT_CLOSE(gout, out, 0.0, 1.0);  // a copy: exact
}

}  // namespace
}  // namespace dl
