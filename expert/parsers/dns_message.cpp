#include "expert/parsers/dns_message.h"

namespace convdiag {

namespace {

constexpr int kMaxPointerHops = 16;
constexpr size_t kMaxNameLength = 255;

// Reads a name at `offset`; sets `next` to the byte after it in the original position.
bool read_name(ByteView msg, size_t offset, std::string &name, size_t &next) {
    name.clear();
    bool jumped = false;
    int hops = 0;
    size_t pos = offset;
    while (true) {
        if (!msg.has(pos, 1)) return false;
        const uint8_t len = msg.u8(pos);
        if (len == 0) {
            if (!jumped) next = pos + 1;
            return true;
        }
        if ((len & 0xC0) == 0xC0) {
            if (!msg.has(pos, 2) || ++hops > kMaxPointerHops) return false;
            if (!jumped) next = pos + 2;
            jumped = true;
            pos = msg.u16(pos) & 0x3FFF;
            continue;
        }
        if ((len & 0xC0) != 0) return false;  // extended label types are not used
        if (!msg.has(pos + 1, len)) return false;
        if (!name.empty()) name += '.';
        if (name.size() + len > kMaxNameLength) return false;
        // Names compare without case (RFC 4343): ASCII letters only, whatever the locale.
        const uint8_t *label = msg.data() + pos + 1;
        const size_t start = name.size();
        name.resize(start + len);
        for (size_t i = 0; i < len; ++i) {
            const uint8_t c = label[i];
            name[start + i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
        pos += 1u + len;
    }
}

}  // namespace

std::optional<DnsMessage> parse_dns_message(ByteView msg, size_t max_answers) {
    if (msg.size() < 12) return std::nullopt;
    DnsMessage m;
    m.id = msg.u16(0);
    const uint16_t flags = msg.u16(2);
    m.is_response = flags & 0x8000;
    m.opcode = static_cast<uint8_t>((flags >> 11) & 0x0F);
    m.authoritative = flags & 0x0400;
    m.truncated = flags & 0x0200;
    m.recursion_desired = flags & 0x0100;
    m.recursion_available = flags & 0x0080;
    m.rcode = static_cast<uint8_t>(flags & 0x000F);
    m.question_count = msg.u16(4);
    m.answer_count = msg.u16(6);
    m.authority_count = msg.u16(8);
    m.additional_count = msg.u16(10);
    size_t pos = 12;
    if (m.question_count > 0) {
        size_t next = 0;
        if (!read_name(msg, pos, m.question_name, next) || !msg.has(next, 4)) return std::nullopt;
        m.question_type = msg.u16(next);
        pos = next + 4;
        // Skip any further questions (rare).
        for (uint16_t q = 1; q < m.question_count; ++q) {
            std::string ignored;
            if (!read_name(msg, pos, ignored, next) || !msg.has(next, 4)) return m;
            pos = next + 4;
        }
    }
    for (uint16_t a = 0; a < m.answer_count; ++a) {
        if (m.answers.size() >= max_answers) return m;
        DnsResourceRecord rr;
        size_t next = 0;
        if (!read_name(msg, pos, rr.name, next) || !msg.has(next, 10)) return m;
        rr.type = msg.u16(next);
        rr.klass = msg.u16(next + 2);
        rr.ttl = msg.u32(next + 4);
        const uint16_t rdlength = msg.u16(next + 8);
        const size_t rdata = next + 10;
        if (!msg.has(rdata, rdlength)) return m;
        if (rr.type == dns_type::A && rdlength == 4) {
            rr.address = IpAddress::from_bytes(4, msg.data() + rdata);
        } else if (rr.type == dns_type::AAAA && rdlength == 16) {
            rr.address = IpAddress::from_bytes(6, msg.data() + rdata);
        } else if (rr.type == dns_type::CNAME || rr.type == dns_type::NS ||
                   rr.type == dns_type::PTR) {
            size_t ignored = 0;
            read_name(msg, rdata, rr.target, ignored);
        }
        m.answers.push_back(std::move(rr));
        pos = rdata + rdlength;
    }
    m.answers_complete = true;
    return m;
}

const char *dns_type_name(uint16_t type) {
    switch (type) {
        case dns_type::A:
            return "A";
        case dns_type::NS:
            return "NS";
        case dns_type::CNAME:
            return "CNAME";
        case dns_type::SOA:
            return "SOA";
        case dns_type::PTR:
            return "PTR";
        case dns_type::MX:
            return "MX";
        case dns_type::TXT:
            return "TXT";
        case dns_type::AAAA:
            return "AAAA";
        case dns_type::IXFR:
            return "IXFR";
        case dns_type::AXFR:
            return "AXFR";
        case dns_type::ANY:
            return "ANY";
        default:
            return "?";
    }
}

}  // namespace convdiag
