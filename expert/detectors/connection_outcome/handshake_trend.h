// Handshake RTTs grouped per server and per direction, and the rules that flag a
// set-up time trend: growing over the capture, one server far slower than the others
// reached the same way, or connections opened from outside far slower than the rest.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "expert/core/ip_address.h"
#include "expert/core/keyless_hash_table.h"
#include "expert/detectors/connection_outcome/handshake_series.h"

namespace convdiag {

// Who opened the connection, where the capture's inside is its private addresses
// (RFC 1918, 100.64/10, loopback, link-local, fc00::/7). Only when the two ends lie on
// different sides can it be told; inside both or outside both it is internal or external.
enum class SetupDirection : uint8_t { Internal, Outbound, Inbound, External };

bool is_inside_address(const IpAddress &address);
SetupDirection setup_direction_of(const IpAddress &client, const IpAddress &server);
const char *setup_direction_name(SetupDirection direction);  // "outbound", ...

// Values of convdiag.conn.setup_trend (a public contract).
enum class SetupTrend : uint8_t { None, Growing, SlowServer, SlowInbound };
const char *setup_trend_name(SetupTrend trend);  // "growing", "slow-server", "slow-inbound"

struct SetupTrendRules {
    // growing: the last quarter's median over `growth_factor` times the first's, and by
    // at least `min_growth` (LAN handshakes of 0.1 ms and 0.3 ms are no trend)
    uint64_t min_handshakes_for_growth = 8;
    double growth_factor = 2.0;
    Nanoseconds min_growth = 10'000'000;
    // slow-server / slow-inbound: a median over `slow_factor` times the others', and by
    // at least `min_slowdown`; each side needs `min_handshakes_to_compare`
    uint64_t min_handshakes_to_compare = 3;
    double slow_factor = 2.0;
    Nanoseconds min_slowdown = 20'000'000;
};

class HandshakeTrends {
  public:
    struct Group {
        Endpoint server;
        SetupDirection direction = SetupDirection::Internal;
        SetupTrend trend = SetupTrend::None;
        HandshakeSeries series;
        // What a slow group was compared with: the others' median and how many handshakes
        // or servers it comes from.
        Nanoseconds others_median = 0;
        uint64_t others = 0;
    };

    void add(const Endpoint &client, const Endpoint &server, FrameNumber frame, Nanoseconds rtt);
    // Applies the rules to every group (once the capture is over).
    void evaluate(const SetupTrendRules &rules = SetupTrendRules());
    // In the order of each group's first handshake.
    const std::deque<Group> &groups() const { return groups_; }

  private:
    // A deque grows by small blocks: a vector doubling its capacity kept up to half unused.
    std::deque<Group> groups_;
    // The group of a server and direction: a position in groups_, which holds the key.
    PositionIndex index_;
};

}  // namespace convdiag
