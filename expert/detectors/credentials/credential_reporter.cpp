#include "expert/detectors/credentials/credential_reporter.h"

namespace convdiag {

CredentialReporter::CredentialReporter(const CredentialIds &ids, AnalysisContext &context)
    : ids_(ids),
      ctx_(context),
      records_(ids, context.settings),
      provider_(context.results.add_provider(records_)) {
    ctx_.tables.derive(ids_.table, records_);
}

void CredentialReporter::exposed(CredentialAttempt &a) {
    a.number = counter_.count_attempt(a.client.address, a.server.address, a.protocol);
    a.record = records_.add(a);
    // Another attempt completed by the same frame wrote its fields there first: the frame
    // keeps values of its own, which a later change to either attempt writes again.
    if (!ctx_.results.set_derived(a.frame, provider_, CredentialRecords::kSecretFrame, a.record))
        ctx_.results.note(a.frame, ids_.exposed,
                          records_.exposed_note(records_.at(a.record), ctx_.results.language()));
}

void CredentialReporter::finish() {
    for (uint32_t key = 0; key < records_.size(); ++key) {
        Record &record = records_.at(key);
        if (record.outcome_known) continue;
        record.outcome_known = true;  // LoginOutcome::Unknown, without an answer
        if (!ctx_.results.stands_for(record.frame, provider_, key))
            ctx_.results.set(record.frame, ids_.outcome,
                             Value::string(outcome_value(LoginOutcome::Unknown)));
    }
}

void CredentialReporter::settle(uint32_t key, LoginOutcome outcome, FrameNumber reply_frame,
                                Nanoseconds when, const std::string &reply) {
    Record &record = records_.at(key);
    record.outcome = outcome;
    record.outcome_known = true;
    record.reply_frame = reply_frame;
    records_.set_reply(record, reply);
    if (outcome == LoginOutcome::Rejected) {
        const auto &tally = counter_.count_failure(
            records_.client(record), records_.server(record).address, record.protocol, when);
        const uint32_t threshold = ctx_.settings.get(ids_.bruteforce_threshold);
        if (threshold != 0 && tally.failures >= threshold) {
            record.failures = tally.failures;
            record.failure_span =
                CredentialRecords::span_code(tally.last_failure - tally.first_failure);
        }
    }
    if (!ctx_.results.stands_for(record.frame, provider_, key)) {
        ResultStore &r = ctx_.results;
        r.set(record.frame, ids_.outcome, Value::string(outcome_value(outcome)));
        r.set(record.frame, ids_.outcome_frame, Value::frame(reply_frame));
        if (record.failures != 0)
            r.set(record.frame, ids_.bruteforce, Value::unsigned_int(record.failures));
        r.note(record.frame, ids_.exposed, records_.exposed_note(record, r.language()));
    }
    if (!ctx_.results.set_derived(reply_frame, provider_, CredentialRecords::kReplyFrame, key) &&
        record.failures != 0)
        ctx_.results.note(reply_frame, ids_.brute_force,
                          records_.brute_force_note(record, ctx_.results.language()));
}

void CredentialReporter::form_content(FrameNumber frame, const std::string &field_names,
                                      const Endpoint &server) {
    ctx_.results.set(frame, ids_.form_fields, Value::string(field_names));
    Text text;
    text.en = "Form content sent in clear text to " + server.to_string() + " (" + field_names +
              "): anyone on the path can read it";
    text.ko = "폼 내용이 평문으로 " + server.to_string() + "에 전송되었습니다 (" + field_names +
              "): 경로상의 누구나 읽을 수 있습니다";
    ctx_.results.note(frame, ids_.form_readable, std::move(text));
}

}  // namespace convdiag
