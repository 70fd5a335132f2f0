#include "expert/detectors/connection_outcome/icmp_unreachable.h"

#include <cstddef>
#include <string>

namespace convdiag {

namespace {

constexpr uint8_t kIcmpV4DestinationUnreachable = 3;
constexpr uint8_t kIcmpV4FragmentationNeeded = 4;
constexpr uint8_t kIcmpV6DestinationUnreachable = 1;

constexpr const char *kProhibited =
    "a firewall or a router's access list forbids it (administratively prohibited)";
constexpr const char *kProhibitedKo =
    "방화벽이나 라우터의 접근 목록(ACL)이 금지합니다 (administratively prohibited)";

// RFC 792 and RFC 1812 5.2.7.1, indexed by code; code 4 is never looked up.
const IcmpUnreachable kV4[] = {
    {"net-unreachable", "a router has no route to the destination network",
     "라우터에 목적지 네트워크로 가는 경로가 없습니다"},
    {"host-unreachable",
     "the last router could not deliver to the host (no ARP answer: the host is down or the "
     "address is unused)",
     "마지막 라우터가 호스트에 전달하지 못했습니다 (ARP 응답 없음: 호스트가 꺼져 있거나 쓰지 않는 "
     "주소)"},
    {"protocol-unreachable", "the destination host does not handle TCP",
     "목적지 호스트가 TCP를 처리하지 않습니다"},
    {"port-unreachable",
     "a closed TCP port answers with RST, so an ICMP port unreachable for a SYN is a firewall "
     "rule that rejects (the default of iptables REJECT)",
     "닫힌 TCP 포트는 RST로 응답하므로, SYN에 대한 ICMP port unreachable은 거부하는 방화벽 "
     "규칙입니다 (iptables REJECT의 기본값)"},
    {"fragmentation-needed", "", ""},
    {"source-route-failed", "the source route in the IP options could not be followed",
     "IP 옵션의 소스 라우트를 따라갈 수 없습니다"},
    {"net-unknown", "the destination network is unknown to the router",
     "라우터가 목적지 네트워크를 모릅니다"},
    {"host-unknown", "the destination host is unknown to the router",
     "라우터가 목적지 호스트를 모릅니다"},
    {"source-host-isolated", "the source host is isolated (an obsolete code)",
     "출발지 호스트가 격리되었습니다 (더 이상 쓰지 않는 코드)"},
    {"net-prohibited", kProhibited, kProhibitedKo},
    {"host-prohibited", kProhibited, kProhibitedKo},
    {"net-unreachable-for-tos", "the network is unreachable for this type of service",
     "이 서비스 유형(TOS)으로는 네트워크에 도달할 수 없습니다"},
    {"host-unreachable-for-tos", "the host is unreachable for this type of service",
     "이 서비스 유형(TOS)으로는 호스트에 도달할 수 없습니다"},
    {"admin-prohibited", kProhibited, kProhibitedKo},
    {"host-precedence-violation", "the IP precedence is not allowed for this host",
     "이 호스트에는 그 IP 우선순위(precedence)가 허용되지 않습니다"},
    {"precedence-cutoff", "the IP precedence is below the network's cutoff",
     "IP 우선순위(precedence)가 네트워크의 하한보다 낮습니다"},
};

// RFC 4443 3.1, RFC 6554, RFC 8883, indexed by code.
const IcmpUnreachable kV6[] = {
    {"net-unreachable", "a router has no route to the destination",
     "라우터에 목적지로 가는 경로가 없습니다"},
    {"admin-prohibited", kProhibited, kProhibitedKo},
    {"beyond-scope", "the destination is beyond the scope of the source address (link-local)",
     "목적지가 출발지 주소의 범위(link-local 등)를 벗어났습니다"},
    {"host-unreachable",
     "the last router could not deliver to the host (no neighbour discovery answer: the host is "
     "down or the address is unused)",
     "마지막 라우터가 호스트에 전달하지 못했습니다 (이웃 탐색 응답 없음: 호스트가 꺼져 있거나 "
     "쓰지 않는 주소)"},
    {"port-unreachable",
     "a closed TCP port answers with RST, so an ICMPv6 port unreachable for a SYN is a firewall "
     "rule that rejects (the default of ip6tables REJECT)",
     "닫힌 TCP 포트는 RST로 응답하므로, SYN에 대한 ICMPv6 port unreachable은 거부하는 방화벽 "
     "규칙입니다 (ip6tables REJECT의 기본값)"},
    {"policy-failed", "the source address fails an ingress or egress policy",
     "출발지 주소가 ingress/egress 정책을 통과하지 못했습니다"},
    {"reject-route", "the route to the destination is configured to reject",
     "목적지로 가는 경로가 거부(reject route)로 설정되어 있습니다"},
    {"source-route-error", "the source routing header could not be followed",
     "소스 라우팅 헤더를 따라갈 수 없습니다"},
    {"headers-too-long", "the IPv6 header chain is too long for a router on the way",
     "IPv6 헤더 체인이 경로상의 라우터에게 너무 깁니다"},
};

const IcmpUnreachable kUnassigned = {"unassigned-code", "a code no standard defines",
                                     "표준에 정의되지 않은 코드입니다"};

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
              (from_server ? sender + " itself"
                           : sender + " (a router or firewall on the way, not the server)") +
              " answered " +
              (syn_count == 1 ? "the SYN to " + to : "the attempt to " + to + " (" + n + " SYNs)") +
              " with " + error + ": " + kind.meaning;
    text.ko = "도달 불가: " +
              (from_server ? sender + " 자신" : sender + "(서버가 아닌 경로상의 라우터나 방화벽)") +
              "이(가) " + to + "(으)로 보낸 SYN" + (syn_count == 1 ? "" : " " + n + "개") + "에 " +
              error + "(으)로 응답했습니다: " + kind.meaning_ko;
    return text;
}

}  // namespace convdiag
