// Parses a DNS message (RFC 1035) as carried in UDP, or in TCP after the two-byte
// length prefix. Names follow compression pointers with a hop limit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "expert/core/ip_address.h"
#include "expert/parsers/byte_view.h"

namespace convdiag {

struct DnsResourceRecord {
    std::string name;
    uint16_t type = 0;
    uint16_t klass = 0;
    uint32_t ttl = 0;
    IpAddress address;   // A / AAAA
    std::string target;  // CNAME / NS / PTR target name
};

struct DnsMessage {
    uint16_t id = 0;
    bool is_response = false;
    uint8_t opcode = 0;
    bool authoritative = false;
    bool truncated = false;
    bool recursion_desired = false;
    bool recursion_available = false;
    uint8_t rcode = 0;
    uint16_t question_count = 0;
    uint16_t answer_count = 0;
    uint16_t authority_count = 0;
    uint16_t additional_count = 0;
    std::string question_name;  // first question, lower case, no trailing dot
    uint16_t question_type = 0;
    // Answer records that could be read (at most a bounded number).
    std::vector<DnsResourceRecord> answers;
    bool answers_complete = false;  // every answer record was read
};

namespace dns_type {
constexpr uint16_t A = 1, NS = 2, CNAME = 5, SOA = 6, PTR = 12, MX = 15, TXT = 16, AAAA = 28,
                   IXFR = 251, AXFR = 252, ANY = 255;
}
namespace dns_rcode {
constexpr uint8_t NoError = 0, FormErr = 1, ServFail = 2, NxDomain = 3, NotImp = 4, Refused = 5;
}

// Empty if the bytes are too short for a header or the question cannot be read.
std::optional<DnsMessage> parse_dns_message(ByteView bytes, size_t max_answers = 64);
const char *dns_type_name(uint16_t type);

}  // namespace convdiag
