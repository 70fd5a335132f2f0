#include "expert/detectors/login_flow/login_records.h"

namespace convdiag {

LoginRecord *LoginRecordBook::find_or_create(const IpAddress &client, const std::string &site,
                                             FrameNumber frame) {
    Key key{client, site};
    auto it = index_.find(key);
    if (it != index_.end()) return &records_[it->second];
    if (records_.size() >= max_) {
        ++dropped_;
        return nullptr;
    }
    records_.emplace_back();
    LoginRecord &r = records_.back();
    r.client = client;
    r.site = site;
    r.key_frame = frame;
    r.index = static_cast<uint32_t>(records_.size() - 1);
    index_.emplace(std::move(key), static_cast<uint32_t>(records_.size() - 1));
    return &r;
}

LoginRecord *LoginRecordBook::find(const IpAddress &client, const std::string &site) {
    auto it = index_.find(Key{client, site});
    return it == index_.end() ? nullptr : &records_[it->second];
}

bool LoginRecordBook::rename(LoginRecord &record, const std::string &site) {
    if (index_.count(Key{record.client, site})) return false;
    auto it = index_.find(Key{record.client, record.site});
    if (it == index_.end()) return false;
    const uint32_t index = it->second;
    index_.erase(it);
    record.site = site;
    index_.emplace(Key{record.client, site}, index);
    return true;
}

}  // namespace convdiag
