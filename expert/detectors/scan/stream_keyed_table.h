// A hash table of probe targets that does not store their keys. A target's key (who
// probes, and which host, port or endpoint) is made of the endpoints of the conversation
// whose SYN created the target; the tracker keeps that conversation, unchanged, for the
// whole capture. So an entry is that conversation's stream number and the index of the
// target's record (or kNoRecord while the target is described by its first SYN alone):
// 8 bytes, where a std::unordered_map node with two IpAddress keys takes over 100.
//
// The caller passes the key's hash and a predicate that compares a stored stream's
// conversation with the key looked for (see KeylessHashTable).
#pragma once

#include <cstdint>

#include "expert/core/keyless_hash_table.h"
#include "expert/core/packet_facts.h"

namespace convdiag {

struct StreamKeyedEntry {
    static constexpr uint32_t kNoRecord = UINT32_MAX;
    uint32_t key = kNoStream;  // the stream whose conversation holds the key
    uint32_t record = kNoRecord;
};
static_assert(kNoStream == KeylessHashTable<StreamKeyedEntry>::kEmptyKey, "no stream: empty");

struct StreamKeyedTable : KeylessHashTable<StreamKeyedEntry> {
    using Entry = StreamKeyedEntry;
    static constexpr uint32_t kNoRecord = StreamKeyedEntry::kNoRecord;
};

}  // namespace convdiag
