#include "expert/detectors/credentials/credential_records.h"

#include <cmath>

#include "expert/core/secret_mask.h"

namespace convdiag {

namespace {

// span_code: below a second, the nanoseconds (< 2^30); above, whole seconds and this bit.
constexpr uint32_t kWholeSeconds = 0x80000000u;

std::string about_seconds(uint32_t code) {
    if (code & kWholeSeconds) return std::to_string(code & ~kWholeSeconds) + " s";
    return format_duration(static_cast<Nanoseconds>(code));
}

}  // namespace

CredentialRecords::CredentialRecords(const CredentialIds &ids, const Settings &settings)
    : ids_(ids),
      settings_(settings),
      fields_{ids.protocol, ids.user,          ids.password,  ids.attempt,
              ids.outcome,  ids.outcome_frame, ids.bruteforce},
      experts_{ids.exposed, ids.brute_force} {}

uint32_t CredentialRecords::span_code(Nanoseconds span) {
    if (span < 1000000000) return static_cast<uint32_t>(std::max<Nanoseconds>(span, 0));
    const long long seconds = std::llround(static_cast<double>(span) / 1e9);
    return kWholeSeconds | static_cast<uint32_t>(std::min<long long>(seconds, ~kWholeSeconds));
}

uint32_t CredentialRecords::add(const CredentialAttempt &a) {
    Record record;
    record.frame = a.frame;
    record.number = a.number;
    record.protocol = a.protocol;
    record.secrets = secrets_.append(a.user, a.password);
    const Peers peers{a.client.address, a.server};
    const auto [it, added] = peer_index_.try_emplace(peers, static_cast<uint32_t>(peers_.size()));
    if (added) peers_.push_back(peers);
    record.peers = it->second;
    return records_.push_back(record);
}

void CredentialRecords::set_reply(Record &record, const std::string &reply) {
    texts_.assign(record.reply, reply, TextPool::LongTexts::Plain);
}

std::string_view CredentialRecords::text(TextPool::Handle handle) const {
    // Plain texts are borrowed from their block: the view outlives the StoredText.
    return texts_.text(handle).view();
}

std::string CredentialRecords::shown_user(const Record &r) const {
    // A password typed into the user field (or an account named like its password) would
    // show it wherever the user name is quoted.
    const auto [user, password] = secrets_.at(r.secrets);
    const bool is_password = !password.empty() && user == password;
    return is_password && masking() ? mask_secret(std::string(user)) : std::string(user);
}

void CredentialRecords::values(const Record &r, Tag tag, std::vector<FieldValue> &out) const {
    // In the order the reporter first wrote them when it stored each value.
    out.push_back({ids_.protocol, Value::string(protocol_value(r.protocol))});
    if (!user(r).empty()) out.push_back({ids_.user, Value::string(shown_user(r))});
    if (tag == kSecretFrame) {
        out.push_back({ids_.password, Value::string(password(r))});
        out.push_back({ids_.attempt, Value::unsigned_int(r.number)});
    }
    if (r.outcome_known) out.push_back({ids_.outcome, Value::string(outcome_value(r.outcome))});
    if (r.reply_frame != 0) out.push_back({ids_.outcome_frame, Value::frame(r.reply_frame)});
    if (tag == kReplyFrame) out.push_back({ids_.attempt, Value::unsigned_int(r.number)});
    if (r.failures != 0) out.push_back({ids_.bruteforce, Value::unsigned_int(r.failures)});
}

void CredentialRecords::derived_values(uint16_t tag, uint32_t key,
                                       std::vector<FieldValue> &out) const {
    values(records_[key], static_cast<Tag>(tag), out);
}

void CredentialRecords::derived_notes(uint16_t tag, uint32_t key, Language language,
                                      std::vector<DerivedNote> &out) const {
    const Record &r = records_[key];
    if (tag == kSecretFrame)
        out.push_back({ids_.exposed, exposed_note(r, language)});
    else if (r.failures != 0)
        out.push_back({ids_.brute_force, brute_force_note(r, language)});
}

Text CredentialRecords::exposed_note(const Record &a, Language language) const {
    // The text names the account, never the password itself: the field shows it
    // (and masks it on request); a text that never quotes it cannot leak it.
    const std::string label = protocol_label(a.protocol);
    const std::string server = peers_[a.peers].server.address.to_string();
    const std::string user = shown_user(a);
    const std::string reply(text(a.reply));
    const LoginOutcome outcome = a.reply_frame != 0 ? a.outcome : LoginOutcome::Unknown;
    const std::string frame = std::to_string(a.reply_frame);
    Text out;
    if (language == Language::English) {
        const std::string user_en = user.empty() ? "" : " for '" + user + "'";
        const std::string where = " (" + reply + " at frame " + frame + ")";
        const std::string start = "Cleartext " + label + " password" + user_en;
        switch (outcome) {
            case LoginOutcome::Accepted:
                out.en = start + " accepted by " + server + where;
                break;
            case LoginOutcome::Rejected:
                out.en = start + " rejected by " + server + where;
                break;
            case LoginOutcome::Unknown:
                out.en = a.reply_frame == 0 ? start + " sent to " + server + " (no verdict seen)"
                                            : start + " sent to " + server + "; the answer" +
                                                  where + " does not say whether it was accepted";
                break;
        }
        return out;
    }
    const std::string user_ko = user.empty() ? "" : "('" + user + "' 계정)";
    const std::string where = " (프레임 " + frame + "의 " + reply + ")";
    const std::string start = "평문 " + label + " 비밀번호" + user_ko;
    switch (outcome) {
        case LoginOutcome::Accepted:
            out.ko = start + "를 " + server + "이(가) 수락했습니다" + where +
                     ": 경로상의 누구나 이 계정으로 로그인할 수 있습니다";
            break;
        case LoginOutcome::Rejected:
            out.ko = start + "를 " + server + "이(가) 거부했습니다" + where +
                     ": 틀린 비밀번호도 평문으로 노출됩니다";
            break;
        case LoginOutcome::Unknown:
            out.ko = a.reply_frame == 0 ? start + "가 " + server +
                                              "(으)로 전송되었습니다 (서버의 판정은 보이지 않음)"
                                        : start + "가 " + server + "(으)로 전송되었습니다; 응답" +
                                              where + "만으로는 수락 여부를 알 수 없습니다";
            break;
    }
    return out;
}

Text CredentialRecords::brute_force_note(const Record &r, Language language) const {
    const Peers &peers = peers_[r.peers];
    const std::string n = std::to_string(r.failures);
    const std::string client = peers.client.to_string();
    const std::string server = peers.server.address.to_string();
    const std::string span = about_seconds(r.failure_span);
    const std::string label = protocol_label(r.protocol);
    Text out;
    if (language == Language::English)
        out.en = "Brute force: " + n + " rejected " + label + " logins from " + client + " in " +
                 span + " (to " + server + ")";
    else
        out.ko = "무차별 대입(brute force) 의심: " + client + "에서 " + server + "(으)로 보낸 " +
                 label + " 로그인이 " + span + " 동안 " + n + "번 거부되었습니다";
    return out;
}

const CredentialRecords::Record *CredentialRecords::last_of_frame(FrameNumber frame) const {
    // Records are made in frame order.
    const auto found = last_with_key(records_, frame, [](const Record &r) { return r.frame; });
    return found ? &records_[*found] : nullptr;
}

void CredentialRecords::for_each_key(const std::function<void(uint64_t)> &fn) const {
    for (uint32_t i = 0; i < records_.size(); ++i)
        if (i + 1 == records_.size() || records_[i + 1].frame != records_[i].frame)
            fn(records_[i].frame);
}

bool CredentialRecords::fill(uint64_t key, TableRow &row) const {
    if (key > UINT32_MAX) return false;
    const Record *r = last_of_frame(static_cast<FrameNumber>(key));
    if (!r) return false;
    const Peers &peers = peers_[r->peers];
    const std::string password(this->password(*r));
    // The renderer masks fields and expert texts; a table cell is ours to mask.
    row.cells[ids_.frame_column] = Value::frame(r->frame);
    row.cells[ids_.protocol_column] = Value::string(protocol_value(r->protocol));
    row.cells[ids_.client_column] = Value::string(peers.client.to_string());
    row.cells[ids_.server_column] = Value::string(peers.server.to_string());
    row.cells[ids_.user_column] = Value::string(shown_user(*r));
    row.cells[ids_.password_column] = Value::string(masking() ? mask_secret(password) : password);
    if (r->outcome_known) row.cells[ids_.outcome_column] = Value::string(outcome_value(r->outcome));
    if (r->reply_frame != 0) row.cells[ids_.outcome_frame_column] = Value::frame(r->reply_frame);
    return true;
}

}  // namespace convdiag
