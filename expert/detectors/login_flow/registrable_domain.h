// The "site" rule of the login-flow detector: two host names belong to the same
// site when they share a registrable domain (login.example.com and
// www.example.com -> example.com). A full Public Suffix List is out of scope;
// a short table of common second-level public suffixes (co.kr, co.uk, com.au,
// ne.jp ...) keeps the usual cases right: www.naver.co.kr -> naver.co.kr, not co.kr.
#pragma once

#include <string>
#include <string_view>

namespace convdiag {

// Lower-cased registrable domain of a host name; an IP literal or a single-label
// name is returned as is (lower case, without a trailing dot). Empty input gives
// an empty result.
std::string registrable_domain(std::string_view host);

// "10.1.2.3", "::1": a host given as an address, which names no site.
bool is_ip_literal(std::string_view host);

// True for the known multi-label public suffixes ("co.kr", "com.au"), lower case.
bool is_multi_label_public_suffix(std::string_view suffix);

}  // namespace convdiag
