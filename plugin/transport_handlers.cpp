#include "plugin/transport_handlers.h"

#include <epan/packet.h>
// Wireshark 4.0 keeps the address types in inet_ipv4.h/inet_ipv6.h, 4.2 and later in
// inet_addr.h alone; inet_addr.h exists (and brings them) in every version.
#include <wsutil/inet_addr.h>

// Needs the types of the two above.
#include <epan/dissectors/packet-ip.h>

#include "plugin/capture_session.h"
#include "plugin/frame_sighting.h"

namespace convdiag_plugin {

namespace {

constexpr guint32 kIpProtoIcmp = 1;
constexpr guint32 kIpProtoTcp = 6;
constexpr guint32 kIpProtoUdp = 17;
constexpr guint32 kIpProtoIcmpv6 = 58;

struct Handles {
    dissector_handle_t tcp = nullptr;
    dissector_handle_t udp = nullptr;
    dissector_handle_t icmp = nullptr;
    dissector_handle_t icmpv6 = nullptr;
};

// One protocol of the ip.proto table: Wireshark's handle and ours in front of it.
struct Station {
    guint32 proto;
    dissector_handle_t Handles::*member;
};
constexpr Station kStations[] = {{kIpProtoTcp, &Handles::tcp},
                                 {kIpProtoUdp, &Handles::udp},
                                 {kIpProtoIcmp, &Handles::icmp},
                                 {kIpProtoIcmpv6, &Handles::icmpv6}};

Handles &builtin() {
    static Handles handles;
    return handles;
}

Handles &ours() {
    static Handles handles;
    return handles;
}

bool &stepped_aside() {
    static bool aside = false;
    return aside;
}

// Puts `to` where `from` stands for each protocol (and nowhere else).
void swap_handles(const Handles &from, const Handles &to) {
    dissector_table_t table = find_dissector_table("ip.proto");
    if (!table) return;
    for (const Station &s : kStations) {
        dissector_handle_t current = dissector_get_uint_handle(table, s.proto);
        if (current && current == from.*s.member && to.*s.member)
            dissector_add_uint("ip.proto", s.proto, to.*s.member);
    }
}

bool ip_address(const address &a, convdiag::IpAddress &out) {
    if (a.type == AT_IPv4 && a.len == 4) {
        out = convdiag::IpAddress::from_bytes(4, static_cast<const uint8_t *>(a.data));
        return true;
    }
    if (a.type == AT_IPv6 && a.len == 16) {
        out = convdiag::IpAddress::from_bytes(6, static_cast<const uint8_t *>(a.data));
        return true;
    }
    return false;
}

// ICMPv4 types that quote the offending datagram (RFC 792), and ICMPv6's (RFC 4443).
bool is_icmp_error(uint8_t version, uint8_t type) {
    if (version == 4) return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    return type >= 1 && type <= 4;
}

// Nothing below may throw a Wireshark exception (a longjmp must not cross C++
// frames): only lengths and an in-bounds tvb_get_ptr are used.
const uint8_t *bytes_of(tvbuff_t *tvb, guint &captured) {
    captured = tvb_captured_length(tvb);
    return captured ? tvb_get_ptr(tvb, 0, captured) : nullptr;
}

// The IP ID of the datagram carrying this segment, from the header struct Wireshark's IPv4
// dissector hands its payload's dissector (what its own ICMP dissector reads, with the same
// check of the version byte). IPv6, and callers of the table that hand something else, have none.
void note_ip_id(const void *ip_header, const packet_info *pinfo, convdiag::PacketFacts &facts) {
    if (pinfo->src.type != AT_IPv4) return;
    if (const ws_ip4 *ip = WS_IP4_PTR(ip_header)) {
        facts.ip_id = ip->ip_id;
        facts.ip_id_known = true;
    }
}

void note_transport(convdiag::Transport transport, tvbuff_t *tvb, packet_info *pinfo,
                    const void *ip_header) {
    if (!CaptureSession::wants_sightings(pinfo)) return;
    FrameSighting &s = FrameSightings::for_frame(pinfo);
    convdiag::PacketFacts facts;
    if (!ip_address(pinfo->src, facts.src.address) || !ip_address(pinfo->dst, facts.dst.address))
        return;
    guint captured = 0;
    const uint8_t *data = bytes_of(tvb, captured);
    convdiag::HeaderStatus status;
    if (pinfo->flags.in_error_pkt) {
        // The header an ICMP error quotes: never a segment of its conversation.
        if (!s.icmp_error_pending) return;
        facts.icmp = s.icmp;
        status = convdiag::read_quoted_header(transport, data, captured, facts);
        if (status != convdiag::HeaderStatus::Ok) return;
    } else if (pinfo->fragmented) {
        s.kind = FrameSighting::Kind::Unreadable;
        s.unreadable_transport = transport;
        s.unreassembled_fragment = true;
        return;
    } else {
        const guint reported = tvb_reported_length(tvb);
        status = transport == convdiag::Transport::Tcp
                     ? convdiag::read_tcp_header(data, captured, reported, facts)
                     : convdiag::read_udp_header(data, captured, reported, facts);
        note_ip_id(ip_header, pinfo, facts);
    }
    if (status != convdiag::HeaderStatus::Ok) {
        s.kind = FrameSighting::Kind::Unreadable;
        s.unreadable_transport = transport;
        s.unreadable_status = status;
        s.unreassembled_fragment = false;
        return;
    }
    s.kind = FrameSighting::Kind::Transport;
    s.facts = facts;
    copy_address_shallow(&s.src, &pinfo->src);
    copy_address_shallow(&s.dst, &pinfo->dst);
}

void note_icmp(uint8_t version, tvbuff_t *tvb, packet_info *pinfo) {
    if (pinfo->flags.in_error_pkt || !CaptureSession::wants_sightings(pinfo)) return;
    guint captured = 0;
    const uint8_t *header = bytes_of(tvb, captured);
    if (captured < 2) return;
    FrameSighting &s = FrameSightings::for_frame(pinfo);
    s.icmp_error_pending = is_icmp_error(version, header[0]);
    if (!s.icmp_error_pending) return;
    s.icmp = convdiag::IcmpErrorFacts();
    s.icmp.version = version;
    s.icmp.type = header[0];
    s.icmp.code = header[1];
    if (!ip_address(pinfo->src, s.icmp.sender)) s.icmp_error_pending = false;
}

int front_of_tcp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data) {
    note_transport(convdiag::Transport::Tcp, tvb, pinfo, data);
    return call_dissector_with_data(builtin().tcp, tvb, pinfo, tree, data);
}

int front_of_udp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data) {
    note_transport(convdiag::Transport::Udp, tvb, pinfo, data);
    return call_dissector_with_data(builtin().udp, tvb, pinfo, tree, data);
}

int front_of_icmp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data) {
    note_icmp(4, tvb, pinfo);
    return call_dissector_with_data(builtin().icmp, tvb, pinfo, tree, data);
}

int front_of_icmpv6(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data) {
    note_icmp(6, tvb, pinfo);
    return call_dissector_with_data(builtin().icmpv6, tvb, pinfo, tree, data);
}

// Keeps Wireshark's handle for `proto` and puts `front` in its place. A handle with
// protocol -1 adds no layer (frame.protocols and columns stay as they are); it needs a
// name, since the table's Decode As list compares handle names.
void install(dissector_table_t table, guint32 proto, dissector_handle_t &kept,
             dissector_handle_t &own, dissector_t front, const char *name,
             const char *description) {
    kept = dissector_get_uint_handle(table, proto);
    if (!kept) return;  // that protocol is disabled or absent: nothing to stand in front of
    own = create_dissector_handle_with_name_and_description(front, -1, name, description);
    dissector_add_uint("ip.proto", proto, own);
}

}  // namespace

void install_transport_handlers() {
    dissector_table_t table = find_dissector_table("ip.proto");
    if (!table) return;
    Handles &b = builtin();
    Handles &o = ours();
    install(table, kIpProtoTcp, b.tcp, o.tcp, front_of_tcp, "convdiag_tcp",
            "TCP (ConvDiag notes the header, then Wireshark's TCP)");
    install(table, kIpProtoUdp, b.udp, o.udp, front_of_udp, "convdiag_udp",
            "UDP (ConvDiag notes the header, then Wireshark's UDP)");
    install(table, kIpProtoIcmp, b.icmp, o.icmp, front_of_icmp, "convdiag_icmp",
            "ICMP (ConvDiag notes the type, then Wireshark's ICMP)");
    install(table, kIpProtoIcmpv6, b.icmpv6, o.icmpv6, front_of_icmpv6, "convdiag_icmpv6",
            "ICMPv6 (ConvDiag notes the type, then Wireshark's ICMPv6)");
}

void step_aside_transport_handlers() {
    if (stepped_aside()) return;
    stepped_aside() = true;
    swap_handles(ours(), builtin());
}

void step_in_transport_handlers() {
    if (!stepped_aside()) return;
    stepped_aside() = false;
    swap_handles(builtin(), ours());
}

}  // namespace convdiag_plugin
