#include "expert/detectors/login_flow/site_resolver.h"

#include "expert/detectors/login_flow/registrable_domain.h"

namespace convdiag {

void SiteResolver::learn(const IpAddress &address, std::string_view name) {
    if (name.empty() || address.family == 0 || capacity_ == 0 || is_ip_literal(name)) return;
    auto it = names_.find(address);
    if (it != names_.end()) {
        it->second.assign(name.data(), name.size());
        return;
    }
    while (names_.size() >= capacity_ && !insertion_order_.empty()) {
        names_.erase(insertion_order_.front());
        insertion_order_.pop_front();
    }
    names_.emplace(address, std::string(name));
    insertion_order_.push_back(address);
}

std::string SiteResolver::name_of(const IpAddress &address) const {
    auto it = names_.find(address);
    return it == names_.end() ? std::string() : it->second;
}

std::string SiteResolver::site_for(std::string_view name_on_wire, const IpAddress &server) const {
    if (!name_on_wire.empty()) return registrable_domain(name_on_wire);
    auto it = names_.find(server);
    if (it != names_.end()) return registrable_domain(it->second);
    return server.to_string();
}

}  // namespace convdiag
