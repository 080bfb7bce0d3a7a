// dl::philox4x32 (core/philox.hpp): the authors' known answers, and the properties the dropout
// masks rely on (a fixed key gives fixed bits; step, layer and seed each change them; the
// integer threshold keeps a share p of the units).
#include <cmath>
#include <set>

#include "core/philox.hpp"
#include "test_util.hpp"

namespace dl {
namespace {

// Known answers of Philox4x32-10 from the Random123 distribution (kat_vectors, the three
// "philox4x32 10" lines): counter (4 words), key (2 words) → output (4 words).
TEST(Philox, KnownAnswersOfTheAuthors) {
    struct Case {
        Philox4 ctr;
        uint32_t k0, k1;
        uint32_t want[4];
    };
    const Case cases[] = {
        {{{0, 0, 0, 0}}, 0, 0, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
        {{{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}}, 0xffffffff, 0xffffffff,
         {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
        {{{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}}, 0xa4093822, 0x299f31d0,
         {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
    };
    for (const Case& c : cases) {
        const Philox4 got = philox4x32(c.ctr, c.k0, c.k1);
        for (int i = 0; i < 4; ++i) EXPECT_EQ(got.v[i], c.want[i]) << "word " << i;
    }
}

TEST(Philox, ElementBitsAreTheWordsOfTheirBlock) {
    const Philox4 b = philox_block(7, 3, 11, 5);  // elements 20 … 23
    for (int k = 0; k < 4; ++k) EXPECT_EQ(philox_bits(7, 3, 11, 20 + k), b.v[k]);
}

TEST(Philox, SeedStepLayerAndElementEachChangeTheBits) {
    const uint32_t base = philox_bits(1, 1, 1, 1);
    EXPECT_EQ(philox_bits(1, 1, 1, 1), base);  // a function, not a sequence
    EXPECT_NE(philox_bits(2, 1, 1, 1), base);
    EXPECT_NE(philox_bits(1, 2, 1, 1), base);
    EXPECT_NE(philox_bits(1, 1, 2, 1), base);
    EXPECT_NE(philox_bits(1, 1, 1, 2), base);
    EXPECT_NE(philox_bits(uint64_t(1) << 32 | 1, 1, 1, 1), base);  // the seed's high word counts
    std::set<uint32_t> seen;
    for (uint64_t i = 0; i < 10000; ++i) seen.insert(philox_bits(5, 0, 0, i));
    EXPECT_GE(seen.size(), 9990u);  // 10,000 draws of 32 bits: ~0.01 expected collisions
}

TEST(Philox, ThresholdKeepsTheShareP) {
    EXPECT_EQ(philox_threshold(0.0), 0u);
    EXPECT_EQ(philox_threshold(1.0), uint64_t(1) << 32);  // every 32-bit value is below
    EXPECT_EQ(philox_threshold(0.5), uint64_t(1) << 31);
    for (double p : {0.1, 0.5, 0.8}) {
        const int n = 200000;
        int kept = 0;
        for (int i = 0; i < n; ++i) kept += philox_bits(9, 4, 2, uint64_t(i)) < philox_threshold(p);
        // Binomial(n, p): standard deviation √(n·p·(1 − p)) ≤ 224; allow 5 of them.
        EXPECT_NEAR(kept, n * p, 5 * std::sqrt(n * p * (1 - p))) << "p = " << p;
    }
}

TEST(Philox, UniformIsInTheUnitInterval) {
    EXPECT_EQ(philox_uniform(0), 0.0);
    EXPECT_LT(philox_uniform(0xffffffffu), 1.0);
    double s = 0;
    for (int i = 0; i < 100000; ++i) s += philox_uniform(philox_bits(3, 0, 0, uint64_t(i)));
    EXPECT_NEAR(s / 100000, 0.5, 0.005);  // σ of the mean: √(1/12)/√1e5 ≈ 0.0009
}

TEST(Philox, LayerIdsFromNamesDiffer) {
    EXPECT_EQ(philox_layer_id("dropout1"), philox_layer_id("dropout1"));
    EXPECT_NE(philox_layer_id("dropout1"), philox_layer_id("dropout2"));
    EXPECT_EQ(philox_layer_id(""), 2166136261u);  // FNV-1a's offset basis
}

}  // namespace
}  // namespace dl
