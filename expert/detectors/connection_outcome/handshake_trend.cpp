#include "expert/detectors/connection_outcome/handshake_trend.h"

#include <algorithm>
#include <utility>

namespace convdiag {

namespace {

bool in_prefix(const uint8_t *bytes, const uint8_t *prefix, int bits) {
    for (int i = 0; bits > 0; ++i, bits -= 8) {
        const uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
        if ((bytes[i] & mask) != (prefix[i] & mask)) return false;
    }
    return true;
}

bool far_slower(Nanoseconds slow, Nanoseconds others, const SetupTrendRules &rules) {
    return static_cast<double>(slow) > rules.slow_factor * static_cast<double>(others) &&
           slow - others >= rules.min_slowdown;
}

// Pooled sample of the groups `pick` accepts.
template <typename Pick>
std::vector<Nanoseconds> pooled(const std::deque<HandshakeTrends::Group> &groups, Pick pick,
                                uint64_t &handshakes) {
    std::vector<Nanoseconds> all;
    handshakes = 0;
    for (const auto &g : groups) {
        if (!pick(g)) continue;
        const std::vector<Nanoseconds> sample = g.series.sample();
        all.insert(all.end(), sample.begin(), sample.end());
        handshakes += g.series.count();
    }
    return all;
}

// Median of a sorted list with one instance of `value` (which it holds) taken out.
Nanoseconds median_without(const std::vector<Nanoseconds> &sorted, Nanoseconds value) {
    const size_t gone =
        static_cast<size_t>(std::lower_bound(sorted.begin(), sorted.end(), value) - sorted.begin());
    const auto at = [&](size_t i) { return sorted[i < gone ? i : i + 1]; };
    const size_t n = sorted.size() - 1;
    if (n % 2) return at(n / 2);
    return at(n / 2 - 1) + (at(n / 2) - at(n / 2 - 1)) / 2;
}

}  // namespace

bool is_inside_address(const IpAddress &a) {
    struct Net {
        uint8_t bytes[16];
        int bits;
    };
    static const Net kV4[] = {{{10}, 8},       {{172, 16}, 12}, {{192, 168}, 16},
                              {{100, 64}, 10}, {{127}, 8},      {{169, 254}, 16}};
    static const Net kV6[] = {{{0xfc}, 7}, {{0xfe, 0x80}, 10}};
    if (a.family == 4) {
        for (const auto &n : kV4)
            if (in_prefix(a.bytes, n.bytes, n.bits)) return true;
        return false;
    }
    if (a.family == 6) {
        static const uint8_t kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        if (in_prefix(a.bytes, kLoopback, 128)) return true;
        for (const auto &n : kV6)
            if (in_prefix(a.bytes, n.bytes, n.bits)) return true;
    }
    return false;
}

SetupDirection setup_direction_of(const IpAddress &client, const IpAddress &server) {
    const bool client_inside = is_inside_address(client);
    const bool server_inside = is_inside_address(server);
    if (client_inside == server_inside)
        return client_inside ? SetupDirection::Internal : SetupDirection::External;
    return client_inside ? SetupDirection::Outbound : SetupDirection::Inbound;
}

const char *setup_direction_name(SetupDirection d) {
    switch (d) {
        case SetupDirection::Outbound:
            return "outbound";
        case SetupDirection::Inbound:
            return "inbound";
        case SetupDirection::External:
            return "external";
        case SetupDirection::Internal:
            break;
    }
    return "internal";
}

const char *setup_trend_name(SetupTrend t) {
    switch (t) {
        case SetupTrend::Growing:
            return "growing";
        case SetupTrend::SlowServer:
            return "slow-server";
        case SetupTrend::SlowInbound:
            return "slow-inbound";
        case SetupTrend::None:
            break;
    }
    return "";
}

void HandshakeTrends::add(const Endpoint &client, const Endpoint &server, FrameNumber frame,
                          Nanoseconds rtt) {
    const SetupDirection direction = setup_direction_of(client.address, server.address);
    const auto hash_of = [](const Endpoint &e, SetupDirection d) {
        return e.hash() * 4 + static_cast<size_t>(d);
    };
    const size_t hash = hash_of(server, direction);
    const PositionEntry *at = index_.find(hash, [&](uint32_t position) {
        const Group &g = groups_[position];
        return g.direction == direction && g.server == server;
    });
    if (!at) {
        at = &index_.insert(hash, static_cast<uint32_t>(groups_.size()), [&](uint32_t position) {
            return hash_of(groups_[position].server, groups_[position].direction);
        });
        groups_.emplace_back();
        groups_.back().server = server;
        groups_.back().direction = direction;
    }
    groups_[at->key].series.add(frame, rtt);
}

void HandshakeTrends::evaluate(const SetupTrendRules &rules) {
    // Inbound against everything opened from inside (or between inside hosts).
    uint64_t inbound_count = 0, other_count = 0;
    const auto is_inbound = [](const Group &g) { return g.direction == SetupDirection::Inbound; };
    const Nanoseconds inbound = median_of(pooled(groups_, is_inbound, inbound_count));
    const Nanoseconds other = median_of(pooled(
        groups_,
        [](const Group &g) {
            return g.direction == SetupDirection::Outbound ||
                   g.direction == SetupDirection::Internal;
        },
        other_count));
    const bool slow_inbound = inbound_count >= rules.min_handshakes_to_compare &&
                              other_count >= rules.min_handshakes_to_compare &&
                              far_slower(inbound, other, rules);

    // Sorted medians of the groups that can be compared, per direction: each group is
    // then compared with the others' median in O(1), whatever the number of servers.
    const auto direction_index = [](const Group &g) { return static_cast<size_t>(g.direction); };
    std::vector<Nanoseconds> medians_by_direction[4];
    for (const Group &g : groups_)
        if (g.series.count() >= rules.min_handshakes_to_compare)
            medians_by_direction[direction_index(g)].push_back(g.series.median());
    for (auto &m : medians_by_direction) std::sort(m.begin(), m.end());

    for (Group &g : groups_) {
        g.trend = SetupTrend::None;
        const HandshakeSeries &s = g.series;
        const Nanoseconds first = s.quarter_median(0), last = s.quarter_median(3);
        if (s.count() >= rules.min_handshakes_for_growth &&
            static_cast<double>(last) > rules.growth_factor * static_cast<double>(first) &&
            last - first >= rules.min_growth) {
            g.trend = SetupTrend::Growing;
            continue;
        }
        if (slow_inbound && is_inbound(g)) {
            g.trend = SetupTrend::SlowInbound;
            g.others_median = other;
            g.others = other_count;
            continue;
        }
        // One server against the median of the other servers reached the same way.
        if (s.count() < rules.min_handshakes_to_compare) continue;
        const std::vector<Nanoseconds> &medians = medians_by_direction[direction_index(g)];
        if (medians.size() < 2) continue;
        const Nanoseconds others = median_without(medians, s.median());
        if (far_slower(s.median(), others, rules)) {
            g.trend = SetupTrend::SlowServer;
            g.others_median = others;
            g.others = medians.size() - 1;
        }
    }
}

}  // namespace convdiag
