#include "expert/detectors/scan/cardinality_sketch.h"

#include <gtest/gtest.h>

#include <cstdint>

using namespace convdiag;

namespace {

uint64_t near(uint64_t estimate, uint64_t truth) {
    return estimate > truth ? estimate - truth : truth - estimate;
}

}  // namespace

TEST(CardinalitySketch, EmptyAndRepeatedItems) {
    CardinalitySketch s;
    EXPECT_EQ(s.estimate(), 0u);
    for (int i = 0; i < 1000; ++i) s.add(42);
    EXPECT_EQ(s.estimate(), 1u);
}

TEST(CardinalitySketch, SmallAndLargeCountsWithinAFewPercent) {
    for (uint64_t n : {100u, 3000u, 100000u, 1000000u}) {
        CardinalitySketch s;
        for (uint64_t i = 0; i < n; ++i) s.add(i);  // consecutive: the worst input
        EXPECT_LE(near(s.estimate(), n), n / 20 + 2) << n << " -> " << s.estimate();
    }
}

TEST(CardinalitySketch, MergeIsTheUnion) {
    CardinalitySketch a, b;
    for (uint64_t i = 0; i < 2000; ++i) a.add(i);
    for (uint64_t i = 1000; i < 3000; ++i) b.add(i);
    a.merge(b);
    EXPECT_LE(near(a.estimate(), 3000), 150u) << a.estimate();
}
