#include "expert/detectors/first_inline_list.h"

#include <gtest/gtest.h>

#include <vector>

namespace convdiag {
namespace {

std::vector<int> contents(const FirstInlineList<int, 3> &list) {
    std::vector<int> out;
    for (int v : list) out.push_back(v);
    return out;
}

TEST(FirstInlineList, KeepsOrderUpToItsCapacity) {
    FirstInlineList<int, 3> list;
    EXPECT_EQ(list.size(), 0u);
    EXPECT_TRUE(contents(list).empty());
    EXPECT_TRUE(list.push_back(7));
    EXPECT_EQ(list.back(), 7);
    EXPECT_TRUE(list.push_back(8));
    EXPECT_TRUE(list.push_back(9));
    EXPECT_TRUE(list.full());
    EXPECT_FALSE(list.push_back(10));  // full: not kept
    EXPECT_EQ(contents(list), (std::vector<int>{7, 8, 9}));
    EXPECT_EQ(list[1], 8);
    EXPECT_EQ(list.back(), 9);
}

TEST(FirstInlineList, MovesWithItsValues) {
    FirstInlineList<int, 3> list;
    list.push_back(1);
    list.push_back(2);
    FirstInlineList<int, 3> moved = std::move(list);
    EXPECT_EQ(contents(moved), (std::vector<int>{1, 2}));
}

// The places beyond the first grow as values come; every value stays readable across
// each growth, and the capacity is never exceeded.
TEST(FirstInlineList, GrowsPastTheFirstValueUpToItsCapacity) {
    FirstInlineList<int, 64> list;
    std::vector<int> expected;
    for (int i = 0; i < 70; ++i) {
        EXPECT_EQ(list.push_back(i * 3), i < 64);
        if (i < 64) expected.push_back(i * 3);
        std::vector<int> got;
        for (int v : list) got.push_back(v);
        ASSERT_EQ(got, expected);
    }
    EXPECT_TRUE(list.full());
    EXPECT_EQ(list.back(), 63 * 3);
}

}  // namespace
}  // namespace convdiag
