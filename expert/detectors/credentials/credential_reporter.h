// Turns what the login trackers saw into findings: the convdiag.cred.* fields
// on the frame carrying the secret and on the server's reply, the Security
// expert infos, brute-force counting and the credentials table. An attempt's fields,
// notes and table row are given from its record when read (CredentialRecords).
#pragma once

#include <string>

#include "expert/core/detector.h"
#include "expert/detectors/credentials/brute_force_counter.h"
#include "expert/detectors/credentials/credential_ids.h"
#include "expert/detectors/credentials/credential_records.h"
#include "expert/detectors/credentials/credential_types.h"

namespace convdiag {

class CredentialReporter {
  public:
    CredentialReporter(const CredentialIds &ids, AnalysisContext &context);

    // A secret crossed the wire: ranks the attempt (sets attempt.number and
    // attempt.record) and writes it. Its outcome comes with settle(), or is "unknown" at
    // finish(): no provisional value, so a single pass never shows one that -2 changes.
    void exposed(CredentialAttempt &attempt);
    // The server answered `attempt` in `reply_frame`; `reply` names the answer
    // for people ("230", "-ERR", "401").
    void settle(const CredentialAttempt &attempt, LoginOutcome outcome, FrameNumber reply_frame,
                Nanoseconds when, const std::string &reply) {
        settle(attempt.record, outcome, reply_frame, when, reply);
    }
    // The same by the attempt's record (CredentialAttempt::record), for a tracker that keeps
    // only that while the answer is awaited.
    void settle(uint32_t record, LoginOutcome outcome, FrameNumber reply_frame, Nanoseconds when,
                const std::string &reply);
    // Cleartext form content that is not a credential: the names of its fields.
    void form_content(FrameNumber frame, const std::string &field_names, const Endpoint &server);

    // End of capture: attempts that never got an answer are "unknown".
    void finish();

    const CredentialIds &ids() const { return ids_; }
    AnalysisContext &context() { return ctx_; }

  private:
    using Record = CredentialRecords::Record;

    CredentialIds ids_;
    AnalysisContext &ctx_;
    BruteForceCounter counter_;
    CredentialRecords records_;
    ResultStore::ProviderId provider_;
};

}  // namespace convdiag
