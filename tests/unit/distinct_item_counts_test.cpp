#include "expert/detectors/scan/distinct_item_counts.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace convdiag
