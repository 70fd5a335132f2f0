// Every credential attempt, kept once. The convdiag.cred.* fields and notes of the frame
// that carried the secret and of the server's reply, and the attempt's row of the
// credentials table, are given from its record when read (the result store's
// DerivedValues, the tables' DerivedTable) instead of being stored per frame and per cell:
// stored, they took about 500 bytes an attempt (a 400k-attempt brute force: 1.13x tshark's
// peak); a record takes 36 bytes, plus its user's and password's.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "expert/core/chunked_array.h"
#include "expert/core/report_tables.h"
#include "expert/core/result_store.h"
#include "expert/core/settings.h"
#include "expert/core/text_log.h"
#include "expert/core/text_pool.h"
#include "expert/detectors/credentials/credential_ids.h"
#include "expert/detectors/credentials/credential_types.h"

namespace convdiag {

class CredentialRecords : public DerivedValues, public DerivedTable {
  public:
    // Which frame of the attempt a derived entry stands for.
    enum Tag : uint16_t { kSecretFrame = 0, kReplyFrame = 1 };

    struct Record {
        FrameNumber frame = 0;        // the frame that completed the secret
        FrameNumber reply_frame = 0;  // the server's answer; 0 while there is none
        uint32_t number = 0;          // nth attempt of this client on this service
        uint32_t failures = 0;        // the brute-force tally this rejection reached (0: none)
        uint32_t failure_span = 0;    // that tally's span (span_code)
        TextLog::Place secrets = 0;   // the user (may be empty) and password
        TextPool::Handle reply = TextPool::kNoText;  // how people name the answer ("530")
        uint32_t peers = 0;                          // the client and server (peers_)
        CredentialProtocol protocol = CredentialProtocol::Ftp;
        LoginOutcome outcome = LoginOutcome::Unknown;
        bool outcome_known = false;  // answered, or left unanswered at the end
    };
    static_assert(sizeof(Record) == 36, "kept per attempt: keep it small");

    CredentialRecords(const CredentialIds &ids, const Settings &settings);
    CredentialRecords(const CredentialRecords &) = delete;
    CredentialRecords &operator=(const CredentialRecords &) = delete;

    // Keeps the attempt (its number already ranked); returns its key.
    uint32_t add(const CredentialAttempt &attempt);
    Record &at(uint32_t key) { return records_[key]; }
    const Record &at(uint32_t key) const { return records_[key]; }
    uint32_t size() const { return records_.size(); }
    const IpAddress &client(const Record &record) const { return peers_[record.peers].client; }
    const Endpoint &server(const Record &record) const { return peers_[record.peers].server; }
    void set_reply(Record &record, const std::string &reply);
    // The tally's span as the note shows it: "818.3 ms" below a second, whole seconds above.
    static uint32_t span_code(Nanoseconds span);

    // The frames' fields and notes, as the store would have kept them.
    void values(const Record &record, Tag tag, std::vector<FieldValue> &out) const;
    Text exposed_note(const Record &record, Language language) const;
    Text brute_force_note(const Record &record, Language language) const;

    const std::vector<FieldId> &derived_fields() const override { return fields_; }
    void derived_values(uint16_t tag, uint32_t key, std::vector<FieldValue> &out) const override;
    const std::vector<ExpertId> &derived_experts() const override { return experts_; }
    void derived_notes(uint16_t tag, uint32_t key, Language language,
                       std::vector<DerivedNote> &out) const override;

    // The credentials table: a row per frame that completed a secret (the last attempt
    // completed by that frame), in frame order.
    void for_each_key(const std::function<void(uint64_t)> &fn) const override;
    bool fill(uint64_t key, TableRow &row) const override;

  private:
    struct Peers {
        IpAddress client;
        Endpoint server;
        bool operator==(const Peers &o) const { return client == o.client && server == o.server; }
    };
    struct PeersHash {
        size_t operator()(const Peers &p) const { return p.client.hash() * 31 + p.server.hash(); }
    };

    bool masking() const { return settings_.flag(ids_.mask_passwords); }
    // The user name as written everywhere: masked when it is the password itself.
    std::string shown_user(const Record &record) const;
    std::string_view user(const Record &record) const { return secrets_.at(record.secrets).first; }
    std::string_view password(const Record &record) const {
        return secrets_.at(record.secrets).second;
    }
    std::string_view text(TextPool::Handle handle) const;
    // The last record completed by that frame, or nullptr.
    const Record *last_of_frame(FrameNumber frame) const;

    CredentialIds ids_;
    const Settings &settings_;
    std::vector<FieldId> fields_;
    std::vector<ExpertId> experts_;
    ChunkedArray<Record, 12> records_;
    std::vector<Peers> peers_;
    std::unordered_map<Peers, uint32_t, PeersHash> peer_index_;
    TextLog secrets_;
    TextPool texts_;  // replies: a few distinct ones
};

}  // namespace convdiag
