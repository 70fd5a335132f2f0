// `-z convdiag,log`: one JSON object per TCP conversation and per DNS transaction, built
// at the end of the capture from what the tables already keep (summary_detail, dns,
// credentials, logins) plus the per-direction traffic the log's tap counted. Field names
// are documented in docs/LOG.md and are a public contract.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "expert/engine/engine.h"

namespace convdiag {

// Packets and frame bytes of one conversation, per Direction (counted by the plugin's tap,
// which sees every packet only when the log is asked for).
struct DirectionTraffic {
    uint64_t packets[2] = {};
    uint64_t bytes[2] = {};
};

struct LogInputs {
    std::string capture;  // the capture file's name, empty if unknown
    const std::vector<DirectionTraffic> *traffic = nullptr;  // by stream; may be short
    // With a display filter: the conversations and DNS transactions (by their first frame)
    // to write. Empty: all.
    std::function<bool(uint32_t stream)> include_stream;
    std::function<bool(FrameNumber frame)> include_frame;
};

// "10.0.0.1:80" / "[2001:db8::1]:80" -> ("10.0.0.1", 80); port -1 when there is none.
void split_endpoint(const std::string &endpoint, std::string &address, int &port);

// Calls `emit` with each line (no newline): TCP conversations in stream order, then DNS
// transactions in frame order.
void write_conversation_log(const Engine &engine, const LogInputs &inputs,
                            const std::function<void(const std::string &)> &emit);

}  // namespace convdiag
