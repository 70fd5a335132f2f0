// Which ICMP errors answer a TCP connection attempt, the name ConvDiag gives each
// (`convdiag.conn.icmp`) and what it tells a student about the path.
#pragma once

#include "expert/core/packet_facts.h"
#include "expert/core/text.h"

namespace convdiag {

struct IcmpUnreachable {
    const char *name;     // kebab-case, a public field value
    const char *meaning;  // English
    const char *meaning_ko;
};

// The destination-unreachable kind of an ICMP error, or nullptr when the error does not
// answer a connection attempt: another type (time exceeded, packet too big...) or
// ICMPv4's "fragmentation needed", which asks for smaller packets (path MTU discovery)
// and is not a rejection.
const IcmpUnreachable *icmp_unreachable_of(const IcmpErrorFacts &icmp);

// The expert text: who answered (the server itself, or a router or firewall on the way),
// with which error, and what it means.
Text unreachable_text(const IcmpUnreachable &kind, const IcmpErrorFacts &icmp,
                      const Endpoint &server, uint32_t syn_count);

}  // namespace convdiag
