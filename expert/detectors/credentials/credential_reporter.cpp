#include "expert/detectors/credentials/credential_reporter.h"

#include <cmath>

#include "expert/core/secret_mask.h"

namespace convdiag {

namespace {

std::string about_seconds(Nanoseconds ns) {
    if (ns < 1000000000) return format_duration(ns);
    return std::to_string(std::llround(static_cast<double>(ns) / 1e9)) + " s";
}

}  // namespace

void CredentialReporter::exposed(CredentialAttempt &a) {
    a.number = counter_.count_attempt(a.client.address, a.server.address, a.protocol);
    ResultStore &r = ctx_.results;
    r.set(a.frame, ids_.protocol, Value::string(protocol_value(a.protocol)));
    if (!a.user.empty()) r.set(a.frame, ids_.user, Value::string(shown_user(a)));
    r.set(a.frame, ids_.password, Value::string(a.password));
    r.set(a.frame, ids_.attempt, Value::unsigned_int(a.number));
    write_note(a, LoginOutcome::Unknown, 0, {});

    ReportTables &t = ctx_.tables;
    t.set(ids_.table, a.frame, ids_.frame_column, Value::frame(a.frame));
    t.set(ids_.table, a.frame, ids_.protocol_column, Value::string(protocol_value(a.protocol)));
    t.set(ids_.table, a.frame, ids_.client_column, Value::string(a.client.address.to_string()));
    t.set(ids_.table, a.frame, ids_.server_column, Value::string(a.server.to_string()));
    t.set(ids_.table, a.frame, ids_.user_column, Value::string(shown_user(a)));
    t.set(ids_.table, a.frame, ids_.password_column, Value::string(table_password(a.password)));
    unanswered_.insert(a.frame);
}

void CredentialReporter::finish() {
    const Value unknown = Value::string(outcome_value(LoginOutcome::Unknown));
    for (FrameNumber frame : unanswered_) {
        ctx_.results.set(frame, ids_.outcome, unknown);
        ctx_.tables.set(ids_.table, frame, ids_.outcome_column, unknown);
    }
    unanswered_.clear();
}

void CredentialReporter::settle(const CredentialAttempt &a, LoginOutcome outcome,
                                FrameNumber reply_frame, Nanoseconds when,
                                const std::string &reply) {
    unanswered_.erase(a.frame);
    ResultStore &r = ctx_.results;
    const Value verdict = Value::string(outcome_value(outcome));
    r.set(a.frame, ids_.outcome, verdict);
    r.set(a.frame, ids_.outcome_frame, Value::frame(reply_frame));
    r.set(reply_frame, ids_.protocol, Value::string(protocol_value(a.protocol)));
    if (!a.user.empty()) r.set(reply_frame, ids_.user, Value::string(shown_user(a)));
    r.set(reply_frame, ids_.outcome, verdict);
    r.set(reply_frame, ids_.outcome_frame, Value::frame(reply_frame));
    r.set(reply_frame, ids_.attempt, Value::unsigned_int(a.number));
    write_note(a, outcome, reply_frame, reply);
    ctx_.tables.set(ids_.table, a.frame, ids_.outcome_column, verdict);
    ctx_.tables.set(ids_.table, a.frame, ids_.outcome_frame_column, Value::frame(reply_frame));

    if (outcome != LoginOutcome::Rejected) return;
    const auto &tally =
        counter_.count_failure(a.client.address, a.server.address, a.protocol, when);
    const uint32_t threshold = ctx_.settings.get(ids_.bruteforce_threshold);
    if (threshold == 0 || tally.failures < threshold) return;
    r.set(a.frame, ids_.bruteforce, Value::unsigned_int(tally.failures));
    r.set(reply_frame, ids_.bruteforce, Value::unsigned_int(tally.failures));
    const std::string n = std::to_string(tally.failures);
    const std::string client = a.client.address.to_string();
    const std::string span = about_seconds(tally.last_failure - tally.first_failure);
    const std::string label = protocol_label(a.protocol);
    Text text;
    text.en = "Brute force: " + n + " rejected " + label + " logins from " + client + " in " +
              span + " (to " + a.server.address.to_string() + ")";
    text.ko = "무차별 대입(brute force) 의심: " + client + "에서 " + a.server.address.to_string() +
              "(으)로 보낸 " + label + " 로그인이 " + span + " 동안 " + n + "번 거부되었습니다";
    r.note(reply_frame, ids_.brute_force, std::move(text));
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

void CredentialReporter::write_note(const CredentialAttempt &a, LoginOutcome outcome,
                                    FrameNumber reply_frame, const std::string &reply) {
    // The text names the account, never the password itself: the field shows it
    // (and masks it on request); a text that never quotes it cannot leak it.
    const std::string label = protocol_label(a.protocol);
    const std::string server = a.server.address.to_string();
    const std::string user = shown_user(a);
    const std::string user_en = user.empty() ? "" : " for '" + user + "'";
    const std::string user_ko = user.empty() ? "" : "('" + user + "' 계정)";
    const std::string where = " (" + reply + " at frame " + std::to_string(reply_frame) + ")";
    const std::string where_ko = " (프레임 " + std::to_string(reply_frame) + "의 " + reply + ")";
    Text text;
    switch (outcome) {
        case LoginOutcome::Accepted:
            text.en =
                "Cleartext " + label + " password" + user_en + " accepted by " + server + where;
            text.ko = "평문 " + label + " 비밀번호" + user_ko + "를 " + server +
                      "이(가) 수락했습니다" + where_ko +
                      ": 경로상의 누구나 이 계정으로 로그인할 수 있습니다";
            break;
        case LoginOutcome::Rejected:
            text.en =
                "Cleartext " + label + " password" + user_en + " rejected by " + server + where;
            text.ko = "평문 " + label + " 비밀번호" + user_ko + "를 " + server +
                      "이(가) 거부했습니다" + where_ko + ": 틀린 비밀번호도 평문으로 노출됩니다";
            break;
        case LoginOutcome::Unknown:
            if (reply_frame == 0) {
                text.en = "Cleartext " + label + " password" + user_en + " sent to " + server +
                          " (no verdict seen)";
                text.ko = "평문 " + label + " 비밀번호" + user_ko + "가 " + server +
                          "(으)로 전송되었습니다 (서버의 판정은 보이지 않음)";
            } else {
                text.en = "Cleartext " + label + " password" + user_en + " sent to " + server +
                          "; the answer" + where + " does not say whether it was accepted";
                text.ko = "평문 " + label + " 비밀번호" + user_ko + "가 " + server +
                          "(으)로 전송되었습니다; 응답" + where_ko +
                          "만으로는 수락 여부를 알 수 없습니다";
            }
            break;
    }
    ctx_.results.note(a.frame, ids_.exposed, std::move(text));
}

std::string CredentialReporter::table_password(const std::string &password) const {
    // The renderer masks fields and expert texts; a table cell is ours to mask.
    return ctx_.settings.flag(ids_.mask_passwords) ? mask_secret(password) : password;
}

std::string CredentialReporter::shown_user(const CredentialAttempt &a) const {
    // A password typed into the user field (or an account named like its password) would
    // show it wherever the user name is quoted.
    const bool is_password = !a.password.empty() && a.user == a.password;
    return is_password && ctx_.settings.flag(ids_.mask_passwords) ? mask_secret(a.user) : a.user;
}

}  // namespace convdiag
