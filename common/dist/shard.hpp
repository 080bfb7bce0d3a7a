/// @file shard.hpp
/// @brief Which samples of a global mini-batch each rank takes.
///
/// A global batch of m samples is split over n ranks in contiguous runs: rank r takes
///
///     m_r = ⌊m/n⌋ + (1 if r < m mod n else 0)   samples, starting at  r·⌊m/n⌋ + min(r, m mod n)
///
/// so the shares differ by at most one sample and cover the batch exactly once (a test checks
/// both). Every rank shuffles with the same seed, so "the batch" is the same on every rank and
/// only the share differs.
///
/// Each rank's loss averages over its own m_r samples, giving g_r = (1/m_r) Σ_{j∈r} ∇L_j. The
/// gradient of the global batch is (1/m) Σ_j ∇L_j = Σ_r (m_r/m)·g_r, so before the all-reduce
/// (which averages) each rank scales its g_r by n·m_r/m — which is 1, and skipped, whenever n
/// divides m.
#pragma once

#include <algorithm>
#include <cstdint>

namespace dl::dist {

struct Shard {
    int64_t offset = 0;  ///< first sample of the share, from the start of the batch
    int64_t count = 0;   ///< m_r
};

/// Rank `rank`'s share of a batch of `m` samples split over `size` ranks.
inline Shard shard_of(int64_t m, int rank, int size) {
    const int64_t base = m / size, extra = m % size;
    return {rank * base + std::min<int64_t>(rank, extra), base + (rank < extra ? 1 : 0)};
}

/// n·m_r/m: what rank r multiplies its gradient by before the all-reduce averages it.
inline double shard_weight(int64_t m, int64_t m_r, int size) {
    return double(size) * double(m_r) / double(m);
}

}  // namespace dl::dist
