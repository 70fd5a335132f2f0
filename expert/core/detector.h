// The seam every detector plugs into. A detector declares what it shows in the
// schema (once per process), then one instance per capture receives packets in
// capture order and writes findings into the context's result store and tables.
#pragma once

#include <memory>

#include "expert/core/packet_facts.h"
#include "expert/core/report_tables.h"
#include "expert/core/result_store.h"
#include "expert/core/schema.h"
#include "expert/core/settings.h"
#include "expert/tcp/tcp_conversation.h"
#include "expert/tcp/tcp_conversation_tracker.h"

namespace convdiag {

// What a detector instance may use while a capture is analysed.
struct AnalysisContext {
    const Schema &schema;
    const Settings &settings;
    ResultStore &results;
    ReportTables &tables;
    const TcpConversationTracker &tcp_conversations;
};

class Detector {
  public:
    virtual ~Detector() = default;
    // `conversation` is the packet's TCP conversation as it was before this packet,
    // or nullptr for anything that is not TCP. Packets of a retired conversation
    // (closed, then quiet: see TcpConversationTracker) never come here, so whatever a
    // detector says about a conversation is written by the time it closes, except
    // from state that says it is needed_after_retirement().
    virtual void on_packet(const PacketFacts &packet, TcpConversation *conversation) = 0;
    // A packet of a retired conversation, which on_packet never sees. Verdicts that must
    // hold however late their answer comes (a RST answering a SYN, a new attempt on the
    // same ports) are settled here; detectors whose state was freed ignore it.
    virtual void on_retired_packet(const PacketFacts &packet, TcpConversation &conversation) {
        (void)packet;
        (void)conversation;
    }
    // An ICMP error quoting a packet (packet.is_icmp_error()): src, dst and tcp.seq are the
    // quoted packet's. `conversation` is the quoted TCP conversation if the capture has
    // it (and it is not retired), else nullptr. It is never a segment of it: the
    // conversation's shared state does not advance.
    virtual void on_icmp_error(const PacketFacts &packet, TcpConversation *conversation) {
        (void)packet;
        (void)conversation;
    }
    // End of capture: settle verdicts that waited for packets that never came.
    virtual void finish(Nanoseconds capture_end) { (void)capture_end; }
};

// A detector's two halves: declaring its user-visible schema (once per process)
// and creating an instance for one capture.
class DetectorFactory {
  public:
    virtual ~DetectorFactory() = default;
    virtual void declare(Schema &schema) = 0;
    virtual std::unique_ptr<Detector> create(AnalysisContext &context) const = 0;
};

}  // namespace convdiag
