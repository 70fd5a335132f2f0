// One record per (client address, site): what the login-flow detector has seen of
// that client's traffic to that site, with bounded lists of its streams and of the
// frames that carry login fields. The book of records is capped; clients/sites past
// the cap are not tracked (counted in `dropped()`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "expert/core/ip_address.h"
#include "expert/core/keyless_hash_table.h"
#include "expert/core/packet_facts.h"
#include "expert/detectors/first_inline_list.h"
#include "expert/detectors/interned_names.h"
#include "expert/detectors/login_flow/login_flow_classifier.h"

namespace convdiag {

// Keeps the first `Cap` values and an exact count; a repeated value is not added twice.
// Most records see one stream and frame: the first value is kept in place.
template <typename T, size_t Cap>
struct BoundedList {
    FirstInlineList<T, Cap> items;
    uint32_t count = 0;

    bool contains(T v) const {
        for (const T &x : items)
            if (x == v) return true;
        return false;
    }
    void add(T v) {
        if (contains(v)) return;
        ++count;
        items.push_back(v);  // not kept beyond Cap
    }
};

// What a record learns beyond a client's plain requests to a site: its TLS connections,
// the frames that carry its findings, secrets in clear and a redirect to https://. Most
// records (plain HTTP browsing) never learn any of it, so it is allocated on first use.
struct LoginEvidence {
    static constexpr size_t kMaxFrames = 64;
    static constexpr size_t kMaxStreams = 16;

    BoundedList<uint32_t, kMaxStreams> tls_streams;
    BoundedList<FrameNumber, kMaxFrames> frames;  // frames carrying convdiag.login.* fields
    uint32_t cookies_in_clear = 0;
    uint32_t credentials_in_clear = 0;  // requests with Authorization or a password field

    // The latest TLS connection so far: what a following cleartext request is compared to.
    uint32_t last_tls_stream = kNoStream;
    Nanoseconds last_tls_start = 0;
    FrameNumber first_client_hello = 0;
    FrameNumber first_secret_frame = 0;  // first plain request with a cookie or credentials
    FrameNumber redirect_frame = 0;      // the 3xx to https://, before any TLS
    FrameNumber first_after_tls = 0;     // first plain request after TLS
    bool cookie_warned = false;          // the Warn for a cookie after TLS is given
};

struct LoginRecord {
    IpAddress client;
    uint32_t site = InternedNames::kNone;  // the book's name id: LoginRecordBook::site_of
    FrameNumber key_frame = 0;             // first ClientHello or request: the table row key
    uint32_t index = 0;                    // in the book, for conversations to refer to it
    LoginObservations seen;
    LoginFlow flow = LoginFlow::None;
    BoundedList<uint32_t, LoginEvidence::kMaxStreams> http_streams;

    // Made on first use.
    LoginEvidence &evidence() {
        if (!evidence_) evidence_ = std::make_unique<LoginEvidence>();
        return *evidence_;
    }
    // An empty one while none was made.
    const LoginEvidence &evidence_or_none() const {
        static const LoginEvidence none;
        return evidence_ ? *evidence_ : none;
    }

  private:
    std::unique_ptr<LoginEvidence> evidence_;
};

class LoginRecordBook {
  public:
    static constexpr size_t kDefaultMaxRecords = 65536;

    explicit LoginRecordBook(size_t max_records = kDefaultMaxRecords) : max_(max_records) {}

    // The record of that client and site, created if there is room; nullptr when full.
    LoginRecord *find_or_create(const IpAddress &client, const std::string &site,
                                FrameNumber frame);
    // The record of that client and site, or nullptr.
    LoginRecord *find(const IpAddress &client, const std::string &site);
    // Gives a record a new site (an address-named record whose name became known);
    // false if the client already has a record for that site.
    bool rename(LoginRecord &record, const std::string &site);
    LoginRecord *at(uint32_t index) { return index < records_.size() ? &records_[index] : nullptr; }
    uint32_t index_of(const LoginRecord &r) const { return r.index; }
    const std::string &site_of(const LoginRecord &r) const { return sites_.name(r.site); }
    std::deque<LoginRecord> &all() { return records_; }
    uint64_t dropped() const { return dropped_; }

  private:
    static size_t hash_of(const IpAddress &client, uint32_t site) {
        return client.hash() ^ (size_t{site} * 1099511628211ull);
    }
    size_t hash_at(uint32_t position) const {
        return hash_of(records_[position].client, records_[position].site);
    }
    PositionEntry *entry_of(const IpAddress &client, uint32_t site);

    size_t max_;
    InternedNames sites_;  // declared before the records that refer to it
    // One record per client and site for the whole capture: a deque grows by small
    // blocks, where a vector doubling its capacity kept up to half of it unused.
    std::deque<LoginRecord> records_;
    // The record of a client and site: its position in records_, which hold the key.
    PositionIndex index_;
    uint64_t dropped_ = 0;
};

}  // namespace convdiag
