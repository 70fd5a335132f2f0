#include "expert/detectors/login_flow/login_records.h"

namespace convdiag {

LoginRecord *LoginRecordBook::find_or_create(const IpAddress &client, const std::string &site,
                                             FrameNumber frame) {
    if (LoginRecord *known = find(client, site)) return known;
    if (records_.size() >= max_) {
        ++dropped_;
        return nullptr;
    }
    records_.emplace_back();
    LoginRecord &r = records_.back();
    r.client = client;
    r.site = sites_.acquire(site);  // records are kept to the end: never released
    r.key_frame = frame;
    r.index = static_cast<uint32_t>(records_.size() - 1);
    index_.insert(hash_of(client, r.site), r.index, [this](uint32_t at) { return hash_at(at); });
    return &r;
}

LoginRecord *LoginRecordBook::find(const IpAddress &client, const std::string &site) {
    const uint32_t id = sites_.find(site);
    if (id == InternedNames::kNone) return nullptr;
    PositionEntry *at = entry_of(client, id);
    return at ? &records_[at->key] : nullptr;
}

bool LoginRecordBook::rename(LoginRecord &record, const std::string &site) {
    if (find(record.client, site)) return false;
    const auto hash_at = [this](uint32_t at) { return this->hash_at(at); };
    if (!index_.erase(hash_of(record.client, record.site), record.index, hash_at)) return false;
    sites_.release(record.site);
    record.site = sites_.acquire(site);
    index_.insert(hash_of(record.client, record.site), record.index, hash_at);
    return true;
}

PositionEntry *LoginRecordBook::entry_of(const IpAddress &client, uint32_t site) {
    return index_.find(hash_of(client, site), [&](uint32_t at) {
        const LoginRecord &r = records_[at];
        return r.site == site && r.client == client;
    });
}

}  // namespace convdiag
