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
    index_.emplace(Key{client, r.site}, r.index);
    return &r;
}

LoginRecord *LoginRecordBook::find(const IpAddress &client, const std::string &site) {
    const uint32_t id = sites_.find(site);
    if (id == InternedNames::kNone) return nullptr;
    auto it = index_.find(Key{client, id});
    return it == index_.end() ? nullptr : &records_[it->second];
}

bool LoginRecordBook::rename(LoginRecord &record, const std::string &site) {
    if (find(record.client, site)) return false;
    auto it = index_.find(Key{record.client, record.site});
    if (it == index_.end()) return false;
    const uint32_t index = it->second;
    index_.erase(it);
    sites_.release(record.site);
    record.site = sites_.acquire(site);
    index_.emplace(Key{record.client, record.site}, index);
    return true;
}

}  // namespace convdiag
