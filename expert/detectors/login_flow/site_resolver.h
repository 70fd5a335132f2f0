// Which site a connection talks to. A name seen on the wire wins (TLS SNI, HTTP
// Host); without one, the server address is looked up among the names the
// capture tied to it: DNS answers (A/AAAA), and earlier SNI/Host names sent to
// that address. Sites are registrable domains (see registrable_domain.h).
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

#include "expert/core/ip_address.h"
#include "expert/detectors/interned_names.h"

namespace convdiag {

class SiteResolver {
  public:
    // The table of address -> name forgets its oldest entries beyond this.
    static constexpr size_t kDefaultCapacity = 65536;

    explicit SiteResolver(size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

    // `name` (a host name) is known to live at `address`: a DNS answer, or the
    // SNI/Host of a connection to it. A later name for the same address replaces it.
    void learn(const IpAddress &address, std::string_view name);

    // The site of a connection to `server`: from `name_on_wire` if not empty, else
    // from what was learned about the address, else the address itself in text form.
    std::string site_for(std::string_view name_on_wire, const IpAddress &server) const;

    // The last name learned for the address, or empty.
    std::string name_of(const IpAddress &address) const;

    size_t size() const { return names_.size(); }

  private:
    size_t capacity_;
    // Many addresses share a name (a CDN answers with several): each name is kept once.
    InternedNames known_names_;
    std::unordered_map<IpAddress, uint32_t, IpAddressHash> names_;
    std::deque<IpAddress> insertion_order_;  // for bounded eviction, oldest first
};

}  // namespace convdiag
