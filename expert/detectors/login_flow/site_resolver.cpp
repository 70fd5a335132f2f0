#include "expert/detectors/login_flow/site_resolver.h"

#include "expert/detectors/login_flow/registrable_domain.h"

namespace convdiag {

void SiteResolver::learn(const IpAddress &address, std::string_view name) {
    if (name.empty() || address.family == 0 || capacity_ == 0 || is_ip_literal(name)) return;
    const uint32_t id = known_names_.acquire(std::string(name));
    auto it = names_.find(address);
    if (it != names_.end()) {
        known_names_.release(it->second);
        it->second = id;
        return;
    }
    while (names_.size() >= capacity_ && !insertion_order_.empty()) {
        auto oldest = names_.find(insertion_order_.front());
        if (oldest != names_.end()) {
            known_names_.release(oldest->second);
            names_.erase(oldest);
        }
        insertion_order_.pop_front();
    }
    names_.emplace(address, id);
    insertion_order_.push_back(address);
}

std::string SiteResolver::name_of(const IpAddress &address) const {
    auto it = names_.find(address);
    return it == names_.end() ? std::string() : known_names_.name(it->second);
}

std::string SiteResolver::site_for(std::string_view name_on_wire, const IpAddress &server) const {
    if (!name_on_wire.empty()) return registrable_domain(name_on_wire);
    auto it = names_.find(server);
    if (it != names_.end()) return registrable_domain(known_names_.name(it->second));
    return server.to_string();
}

}  // namespace convdiag
