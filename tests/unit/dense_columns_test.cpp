// Cells of stream-keyed tables, stored column by column (DenseColumns).
#include "expert/core/dense_columns.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace convdiag {
namespace {

TEST(DenseColumns, CellsKeepTheirValuesIncludingWideAndNegativeOnes) {
    DenseColumns cells(3);
    int64_t previous = -7;
    EXPECT_FALSE(cells.has(5, 1));
    EXPECT_FALSE(cells.put(5, 1, 0, &previous));
    EXPECT_EQ(previous, -7);  // untouched when there was no cell
    EXPECT_TRUE(cells.has(5, 1));
    EXPECT_EQ(cells.get(5, 1), 0);
    EXPECT_FALSE(cells.has(5, 0));
    EXPECT_FALSE(cells.has(5, 2));
    EXPECT_FALSE(cells.has(4, 1));
    // Beyond 32 bits, negative, and the largest value a word holds directly.
    const int64_t big = int64_t{1} << 40;
    EXPECT_TRUE(cells.put(5, 1, big, &previous));
    EXPECT_EQ(previous, 0);
    EXPECT_EQ(cells.get(5, 1), big);
    EXPECT_TRUE(cells.put(5, 1, -1, &previous));
    EXPECT_EQ(previous, big);
    EXPECT_EQ(cells.get(5, 1), -1);
    EXPECT_TRUE(cells.put(5, 1, 0xFFFFFFFDll, &previous));
    EXPECT_EQ(cells.get(5, 1), 0xFFFFFFFDll);
    EXPECT_FALSE(cells.put(5, 2, 0xFFFFFFFEll, &previous));
    EXPECT_EQ(cells.get(5, 2), 0xFFFFFFFEll);
    EXPECT_TRUE(cells.erase(5, 2, &previous));
    EXPECT_EQ(previous, 0xFFFFFFFEll);
    EXPECT_FALSE(cells.has(5, 2));
    EXPECT_FALSE(cells.erase(5, 2, &previous));
}

TEST(DenseColumns, RowsAcrossPagesAreIndependent) {
    DenseColumns cells(2);
    int64_t previous = 0;
    for (uint64_t row = 0; row < 5000; row += 3)
        cells.put(row, row % 2, int64_t(row) * 1000, &previous);
    for (uint64_t row = 0; row < 5000; ++row) {
        const bool set = row % 3 == 0;
        ASSERT_EQ(cells.has(row, row % 2), set) << row;
        ASSERT_FALSE(cells.has(row, 1 - row % 2)) << row;
        if (set) {
            ASSERT_EQ(cells.get(row, row % 2), int64_t(row) * 1000);
        }
    }
    EXPECT_FALSE(cells.has(1u << 30, 0));  // far beyond every page
}

}  // namespace
}  // namespace convdiag
