// The keyless hash table behind the handshake groups, login records and interned names:
// positions found from a key the container holds, through growth and erasures.
#include "expert/core/keyless_hash_table.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

using namespace convdiag;

TEST(KeylessHashTable, FindsEveryPositionThroughGrowthAndErasures) {
    // keys[position]; hashes collide on purpose (key % 5) so that erasures must move entries.
    std::vector<uint64_t> keys;
    std::map<uint64_t, uint32_t> present;
    PositionIndex index;
    const auto hash = [](uint64_t key) { return static_cast<size_t>(key % 5); };
    const auto hash_of = [&](uint32_t position) { return hash(keys[position]); };
    const auto find = [&](uint64_t key) {
        return index.find(hash(key), [&](uint32_t position) { return keys[position] == key; });
    };
    std::mt19937 random(7);
    for (int round = 0; round < 4000; ++round) {
        const uint64_t key = random() % 600;
        if (present.count(key) && random() % 2) {
            EXPECT_TRUE(index.erase(hash(key), present[key], hash_of));
            present.erase(key);
        } else if (!present.count(key)) {
            ASSERT_EQ(find(key), nullptr);
            keys.push_back(key);
            const uint32_t position = static_cast<uint32_t>(keys.size() - 1);
            index.insert(hash(key), position, hash_of);
            present[key] = position;
        }
    }
    EXPECT_EQ(index.size(), present.size());
    for (uint64_t key = 0; key < 600; ++key) {
        const PositionEntry *e = find(key);
        if (present.count(key)) {
            ASSERT_NE(e, nullptr) << key;
            EXPECT_EQ(e->key, present[key]);
        } else {
            EXPECT_EQ(e, nullptr) << key;
        }
    }
    EXPECT_FALSE(index.erase(hash(601), 12345, hash_of));
}
