// Counts login attempts and failures per client, server and protocol, so that
// each attempt gets its rank and a run of failures is recognised as guessing.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "expert/core/ip_address.h"
#include "expert/core/packet_facts.h"
#include "expert/detectors/credentials/credential_types.h"

namespace convdiag {

class BruteForceCounter {
  public:
    struct Tally {
        uint32_t attempts = 0;
        uint32_t failures = 0;
        Nanoseconds first_failure = 0;
        Nanoseconds last_failure = 0;
    };

    // Returns the rank of this attempt (1 for the first).
    uint32_t count_attempt(const IpAddress &client, const IpAddress &server,
                           CredentialProtocol protocol);
    // Returns the tally after counting this failure.
    const Tally &count_failure(const IpAddress &client, const IpAddress &server,
                               CredentialProtocol protocol, Nanoseconds when);

  private:
    struct Key {
        IpAddress client;
        IpAddress server;
        CredentialProtocol protocol;
        bool operator==(const Key &o) const {
            return protocol == o.protocol && client == o.client && server == o.server;
        }
    };
    struct KeyHash {
        size_t operator()(const Key &k) const {
            return (k.client.hash() * 31 + k.server.hash()) * 7 + static_cast<size_t>(k.protocol);
        }
    };
    // Bounded: a capture of a distributed attack on many servers must not grow
    // this without limit. Past the cap, new pairs share one overflow tally.
    static constexpr size_t kMaxPairs = 100000;

    Tally &tally(const IpAddress &client, const IpAddress &server, CredentialProtocol protocol);

    std::unordered_map<Key, Tally, KeyHash> tallies_;
    Tally overflow_;
};

}  // namespace convdiag
