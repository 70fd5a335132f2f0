#include "expert/detectors/connection_outcome/icmp_unreachable.h"

#include <cstddef>
#include <string>

namespace convdiag {

namespace {

constexpr uint8_t kIcmpV4DestinationUnreachable = 3;
constexpr uint8_t kIcmpV4FragmentationNeeded = 4;
constexpr uint8_t kIcmpV6DestinationUnreachable = 1;

constexpr const char *kProhibited = "a firewall or an ACL forbids it";
constexpr const char *kProhibitedKo = "방화벽이나 ACL이 금지";

// RFC 792 and RFC 1812 5.2.7.1, indexed by code; code 4 is never looked up. Meanings are
// short: Wireshark cuts an expert text at 240 bytes (the report's advice explains more).
const IcmpUnreachable kV4[] = {
    {"net-unreachable", "no route to the network", "네트워크로 가는 경로 없음"},
    {"host-unreachable", "the host is down or the address unused (no ARP answer)",
     "호스트 꺼짐 또는 없는 주소 (ARP 응답 없음)"},
    {"protocol-unreachable", "the host does not handle TCP", "호스트가 TCP를 처리하지 않음"},
    {"port-unreachable", "a firewall rejects (a closed port sends RST, not ICMP)",
     "방화벽이 거부 (닫힌 포트라면 RST가 옴)"},
    {"fragmentation-needed", "", ""},
    {"source-route-failed", "the IP source route failed", "IP 소스 라우트 실패"},
    {"net-unknown", "the network is unknown", "알 수 없는 네트워크"},
    {"host-unknown", "the host is unknown", "알 수 없는 호스트"},
    {"source-host-isolated", "the source is isolated (obsolete)", "출발지 격리 (폐기된 코드)"},
    {"net-prohibited", kProhibited, kProhibitedKo},
    {"host-prohibited", kProhibited, kProhibitedKo},
    {"net-unreachable-for-tos", "unreachable for this type of service", "이 TOS로는 도달 불가"},
    {"host-unreachable-for-tos", "unreachable for this type of service", "이 TOS로는 도달 불가"},
    {"admin-prohibited", kProhibited, kProhibitedKo},
    {"host-precedence-violation", "this IP precedence is not allowed", "허용되지 않는 IP 우선순위"},
    {"precedence-cutoff", "the IP precedence is below the cutoff", "IP 우선순위가 하한 미만"},
};

// RFC 4443 3.1, RFC 6554, RFC 8883, indexed by code.
const IcmpUnreachable kV6[] = {
    {"net-unreachable", "no route to the destination", "목적지로 가는 경로 없음"},
    {"admin-prohibited", kProhibited, kProhibitedKo},
    {"beyond-scope", "beyond the scope of the source address", "출발지 주소의 범위 밖"},
    {"host-unreachable", "the host is down or the address unused (no neighbour answer)",
     "호스트 꺼짐 또는 없는 주소 (NDP 응답 없음)"},
    {"port-unreachable", "a firewall rejects (a closed port sends RST, not ICMP)",
     "방화벽이 거부 (닫힌 포트라면 RST가 옴)"},
    {"policy-failed", "the source address fails a policy", "출발지 주소가 정책에 걸림"},
    {"reject-route", "a reject route for the destination", "목적지로 가는 경로가 reject route"},
    {"source-route-error", "the source routing header failed", "소스 라우팅 헤더 실패"},
    {"headers-too-long", "the IPv6 header chain is too long", "IPv6 헤더 체인이 너무 김"},
};

const IcmpUnreachable kUnassigned = {"unassigned-code", "an unassigned code", "정의되지 않은 코드"};

template <size_t N>
const IcmpUnreachable *by_code(const IcmpUnreachable (&table)[N], uint8_t code) {
    return code < N ? &table[code] : &kUnassigned;
}

}  // namespace

const IcmpUnreachable *icmp_unreachable_of(const IcmpErrorFacts &icmp) {
    if (icmp.version == 4 && icmp.type == kIcmpV4DestinationUnreachable)
        return icmp.code == kIcmpV4FragmentationNeeded ? nullptr : by_code(kV4, icmp.code);
    if (icmp.version == 6 && icmp.type == kIcmpV6DestinationUnreachable)
        return by_code(kV6, icmp.code);
    return nullptr;
}

Text unreachable_text(const IcmpUnreachable &kind, const IcmpErrorFacts &icmp,
                      const Endpoint &server, uint32_t syn_count) {
    const std::string to = server.to_string();
    const std::string sender = icmp.sender.to_string();
    const bool from_server = icmp.sender == server.address;
    const std::string n = std::to_string(syn_count);
    const std::string error = std::string(icmp.version == 6 ? "ICMPv6 " : "ICMP ") + kind.name +
                              " (type " + std::to_string(icmp.type) + ", code " +
                              std::to_string(icmp.code) + ")";
    Text text;
    text.en = "Unreachable: " +
              (from_server ? sender + " itself" : sender + " (a router or firewall on the way)") +
              " answered " +
              (syn_count == 1 ? "the SYN to " + to : "the attempt to " + to + " (" + n + " SYNs)") +
              " with " + error + ": " + kind.meaning;
    text.ko = "도달 불가: " + (from_server ? sender + " 자신" : sender + "(경로상 라우터/방화벽)") +
              "이(가) " + to + "(으)로 보낸 SYN" + (syn_count == 1 ? "" : " " + n + "개") + "에 " +
              error + "로 응답: " + kind.meaning_ko;
    return text;
}

}  // namespace convdiag
