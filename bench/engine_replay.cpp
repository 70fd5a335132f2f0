// Feeds a pcap file through frame_parser into convdiag::Engine, without Wireshark:
// measures the engine's own cost per packet and its memory per conversation at
// sizes where running tshark under callgrind would take too long.
//
//   engine_replay [--dump OUT] CAPTURE.pcap [max_packets]
//
// --dump writes every frame's fields and notes and every report table's rows, as the
// plugin would show them (English), to OUT: two builds that must not differ in output
// (a memory or speed change) are compared with `cmp` on the dumps of the same capture.
//
// TCP stream numbers are assigned like Wireshark's tcp.stream for the common case:
// dense from 0, one per (address, port) pair in either direction, and a new one
// when a SYN reuses the pair of a conversation that was closed (FIN or RST).
// Prints: packets, tcp_conversations, frames_with_results, max_rss_kb.
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench/offline/frame_parser.h"
#include "expert/core/settings.h"
#include "expert/engine/engine.h"

namespace {

struct PairKey {
    convdiag::Endpoint low, high;
    bool operator==(const PairKey &o) const { return low == o.low && high == o.high; }
};
struct PairKeyHash {
    size_t operator()(const PairKey &k) const { return k.low.hash() * 1000003u ^ k.high.hash(); }
};
struct StreamEntry {
    uint32_t stream;
    bool closed;
};

uint32_t read_u32(const uint8_t *p, bool swap) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return swap ? __builtin_bswap32(v) : v;
}

convdiag::LinkType link_of(uint32_t linktype) {
    switch (linktype) {
        case 1:
            return convdiag::LinkType::Ethernet;
        case 113:
            return convdiag::LinkType::LinuxSll;
        case 276:
            return convdiag::LinkType::LinuxSll2;
        case 101:
        case 228:
        case 229:
            return convdiag::LinkType::RawIp;
        case 0:
            return convdiag::LinkType::Null;
        case 108:
            return convdiag::LinkType::Loop;
        default:
            return convdiag::LinkType::Unknown;
    }
}

void dump(const convdiag::Engine &engine, FILE *out) {
    const convdiag::Schema &schema = convdiag::Engine::schema();
    engine.results().for_each([&](convdiag::FrameNumber frame, const convdiag::FrameResults &r) {
        for (const auto &fv : r.fields)
            std::fprintf(out, "%u %s=%s\n", frame, schema.fields()[fv.field].abbrev.c_str(),
                         fv.value.to_display().c_str());
        for (const auto &note : r.notes)
            std::fprintf(out, "%u note %s %s | %s\n", frame,
                         schema.experts()[note.expert].abbrev.c_str(),
                         std::string(note.text.in(convdiag::Language::English).view()).c_str(),
                         std::string(note.secret.view()).c_str());
    });
    for (size_t t = 0; t < schema.tables().size(); ++t) {
        for (const auto &row : engine.tables().rows(static_cast<convdiag::TableId>(t))) {
            std::fprintf(out, "table %s %llu", schema.tables()[t].name.c_str(),
                         static_cast<unsigned long long>(row.first));
            for (const auto &cell : row.second.cells)
                std::fprintf(out, " | %s", cell.to_display().c_str());
            std::fprintf(out, "\n");
        }
    }
}

}  // namespace

int main(int argc, char **argv) {
    const char *dump_path = nullptr;
    // --quiet-after-ns: how long a conversation stays quiet before its states take their
    // quiet forms (tests set 0 to make every packet restore them: the dump must not change).
    convdiag::Nanoseconds quiet_after = convdiag::kQuietAfter;
    for (bool option = true; option && argc > 2;) {
        option = false;
        if (std::strcmp(argv[1], "--dump") == 0) {
            dump_path = argv[2];
            option = true;
        } else if (std::strcmp(argv[1], "--quiet-after-ns") == 0) {
            quiet_after = std::strtoll(argv[2], nullptr, 10);
            option = true;
        }
        if (option) {
            argc -= 2;
            argv += 2;
        }
    }
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: %s [--dump OUT] [--quiet-after-ns N] CAPTURE.pcap [max_packets]\n",
                     argv[0]);
        return 2;
    }
    const unsigned long max_packets = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : ~0ul;
    FILE *f = std::fopen(argv[1], "rb");
    if (!f) {
        std::perror(argv[1]);
        return 1;
    }
    uint8_t header[24];
    if (std::fread(header, 1, 24, f) != 24) return 1;
    uint32_t magic;
    std::memcpy(&magic, header, 4);
    const bool swap = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
    const uint32_t m = swap ? __builtin_bswap32(magic) : magic;
    if (m != 0xa1b2c3d4 && m != 0xa1b23c4d) {
        std::fprintf(stderr, "%s: not a pcap file (convert with editcap -F pcap)\n", argv[1]);
        return 1;
    }
    const bool nanos = m == 0xa1b23c4d;
    const convdiag::LinkType link = link_of(read_u32(header + 20, swap) & 0xffff);

    convdiag::Settings settings(convdiag::Engine::schema());
    convdiag::Engine engine(settings, quiet_after);
    std::unordered_map<PairKey, StreamEntry, PairKeyHash> streams;
    uint32_t next_stream = 0;
    std::vector<uint8_t> buffer(262144);
    unsigned long packets = 0;
    uint8_t record[16];
    while (packets < max_packets && std::fread(record, 1, 16, f) == 16) {
        const uint32_t caplen = read_u32(record + 8, swap);
        if (caplen > buffer.size()) return 1;
        if (std::fread(buffer.data(), 1, caplen, f) != caplen) break;
        ++packets;
        convdiag::PacketFacts facts;
        if (convdiag::parse_frame(link, buffer.data(), caplen, facts) != convdiag::ParseStatus::Ok)
            continue;
        facts.frame = static_cast<convdiag::FrameNumber>(packets);
        facts.time =
            static_cast<convdiag::Nanoseconds>(read_u32(record, swap)) * 1000000000 +
            static_cast<convdiag::Nanoseconds>(read_u32(record + 4, swap)) * (nanos ? 1 : 1000);
        if (facts.is_tcp()) {
            PairKey key{facts.src, facts.dst};
            if (key.high < key.low) std::swap(key.low, key.high);
            const bool syn =
                facts.tcp.has(convdiag::tcp_flag::Syn) && !facts.tcp.has(convdiag::tcp_flag::Ack);
            auto it = streams.find(key);
            if (it == streams.end()) {
                it = streams.emplace(key, StreamEntry{next_stream++, false}).first;
            } else if (syn && it->second.closed) {
                it->second = StreamEntry{next_stream++, false};
            }
            if (facts.tcp.has(convdiag::tcp_flag::Fin) || facts.tcp.has(convdiag::tcp_flag::Rst))
                it->second.closed = true;
            facts.stream = it->second.stream;
        }
        engine.on_packet(facts);
    }
    std::fclose(f);
    engine.finish();
    if (dump_path) {
        FILE *out = std::fopen(dump_path, "w");
        if (!out) {
            std::perror(dump_path);
            return 1;
        }
        dump(engine, out);
        std::fclose(out);
    }
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    std::printf("packets %lu\ntcp_conversations %zu\nframes_with_results %zu\nmax_rss_kb %ld\n",
                packets, engine.tcp_conversations().size(), engine.results().frame_count(),
                usage.ru_maxrss);
    return 0;
}
