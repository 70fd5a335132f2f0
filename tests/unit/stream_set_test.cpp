// StreamSet: the bit per TCP stream that detectors keep instead of a state object.
#include "expert/detectors/stream_set.h"

#include <gtest/gtest.h>

namespace convdiag {
namespace {

TEST(StreamSet, RemembersOnlyInsertedStreams) {
    StreamSet set;
    EXPECT_FALSE(set.contains(0));
    EXPECT_TRUE(set.insert(0));
    EXPECT_TRUE(set.insert(63));
    EXPECT_TRUE(set.insert(64));
    EXPECT_TRUE(set.insert(100000));
    EXPECT_TRUE(set.contains(0));
    EXPECT_TRUE(set.contains(63));
    EXPECT_TRUE(set.contains(64));
    EXPECT_TRUE(set.contains(100000));
    EXPECT_FALSE(set.contains(1));
    EXPECT_FALSE(set.contains(65));
    EXPECT_FALSE(set.contains(99999));
    EXPECT_FALSE(set.contains(100001));
    EXPECT_FALSE(set.contains(5000000));  // beyond the bitmap: not a member, no growth
}

TEST(StreamSet, RefusesStreamsBeyondItsBound) {
    StreamSet set;
    EXPECT_TRUE(set.insert(StreamSet::kMaxStream));
    EXPECT_TRUE(set.contains(StreamSet::kMaxStream));
    EXPECT_FALSE(set.insert(StreamSet::kMaxStream + 1));
    EXPECT_FALSE(set.insert(UINT32_MAX));  // kNoStream
    EXPECT_FALSE(set.contains(UINT32_MAX));
}

}  // namespace
}  // namespace convdiag
