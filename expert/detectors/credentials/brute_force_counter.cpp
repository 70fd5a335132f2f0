#include "expert/detectors/credentials/brute_force_counter.h"

namespace convdiag {

BruteForceCounter::Tally &BruteForceCounter::tally(const IpAddress &client, const IpAddress &server,
                                                   CredentialProtocol protocol) {
    const Key key{client, server, protocol};
    auto found = tallies_.find(key);
    if (found != tallies_.end()) return found->second;
    if (tallies_.size() >= kMaxPairs) return overflow_;
    return tallies_[key];
}

uint32_t BruteForceCounter::count_attempt(const IpAddress &client, const IpAddress &server,
                                          CredentialProtocol protocol) {
    return ++tally(client, server, protocol).attempts;
}

const BruteForceCounter::Tally &BruteForceCounter::count_failure(const IpAddress &client,
                                                                 const IpAddress &server,
                                                                 CredentialProtocol protocol,
                                                                 Nanoseconds when) {
    Tally &t = tally(client, server, protocol);
    if (t.failures == 0) t.first_failure = when;
    ++t.failures;
    t.last_failure = when;
    return t;
}

}  // namespace convdiag
