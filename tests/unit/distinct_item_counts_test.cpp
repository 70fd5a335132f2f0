#include "expert/detectors/scan/distinct_item_counts.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace convdiag {
namespace {

TEST(DistinctItemCounts, OneItemInPlaceThenMany) {
    DistinctItemCounts counts;
    EXPECT_EQ(counts.distinct(), 0u);
    counts.add(443);
    counts.add(443);
    EXPECT_EQ(counts.distinct(), 1u);
    counts.remove(443);
    EXPECT_EQ(counts.distinct(), 1u);  // one occurrence left
    counts.add(80);
    counts.add(22);
    EXPECT_EQ(counts.distinct(), 3u);
    counts.remove(443);
    EXPECT_EQ(counts.distinct(), 2u);
    counts.remove(999);  // never counted
    EXPECT_EQ(counts.distinct(), 2u);
    counts.remove(80);
    counts.remove(22);
    EXPECT_EQ(counts.distinct(), 0u);
    counts.add(7);
    EXPECT_EQ(counts.distinct(), 1u);
    counts.clear();
    EXPECT_EQ(counts.distinct(), 0u);
    counts.add(8);
    counts.remove(8);
    EXPECT_EQ(counts.distinct(), 0u);
    counts.remove(8);
    EXPECT_EQ(counts.distinct(), 0u);
}

// Many items, added and removed in random order, with colliding homes and removals of
// items never counted: the distinct count always matches a std::map's.
TEST(DistinctItemCounts, TableAgreesWithAMapThroughGrowthAndRemovals) {
    std::mt19937_64 random(7);
    for (const uint64_t universe : {3u, 40u, 1000u}) {
        DistinctItemCounts counts;
        std::map<uint64_t, uint32_t> expected;
        for (int step = 0; step < 20000; ++step) {
            // Items far apart too (IPv6 hosts are 64-bit hashes).
            uint64_t item = random() % universe;
            if (item % 5 == 0) item |= uint64_t{1} << 63;
            if (random() % 5 < 3) {
                counts.add(item);
                ++expected[item];
            } else {
                counts.remove(item);
                auto it = expected.find(item);
                if (it != expected.end() && --it->second == 0) expected.erase(it);
            }
            ASSERT_EQ(counts.distinct(), expected.size()) << universe << " step " << step;
        }
        for (const auto &[item, n] : expected)
            for (uint32_t i = 0; i < n; ++i) counts.remove(item);
        EXPECT_EQ(counts.distinct(), 0u);
        counts.add(5);
        EXPECT_EQ(counts.distinct(), 1u);
    }
}

}  // namespace
}  // namespace convdiag
