// libFuzzer target: a sequence of arbitrary frames through frame_parser into
// convdiag::Engine (on_packet for each, then finish), then every stored result and
// table cell is read back as the plugin would render it, and the report is built.
//
// Input: byte 0 picks the link type; then records [u16 length, little endian]
// [u8 time step: bit 7 set = step back in time, else 10 ms units][frame bytes].
// Stream numbers are assigned like Wireshark's tcp.stream (dense, per address/port
// pair, a new one when a SYN reuses the pair of a closed conversation).
#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>

#include "bench/offline/frame_parser.h"
#include "expert/core/settings.h"
#include "expert/engine/engine.h"
#include "expert/report/report_builder.h"

namespace {

constexpr convdiag::LinkType kLinks[] = {
    convdiag::LinkType::Ethernet, convdiag::LinkType::LinuxSll, convdiag::LinkType::LinuxSll2,
    convdiag::LinkType::RawIp,    convdiag::LinkType::Null,     convdiag::LinkType::Loop,
};
constexpr size_t kMaxFrames = 4096;
volatile size_t sink;

struct StreamEntry {
    uint32_t stream;
    bool closed;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    const convdiag::LinkType link = kLinks[data[0] % (sizeof(kLinks) / sizeof(kLinks[0]))];
    static const convdiag::Settings settings(convdiag::Engine::schema());
    convdiag::Engine engine(settings);
    std::map<std::pair<convdiag::Endpoint, convdiag::Endpoint>, StreamEntry> streams;
    uint32_t next_stream = 0;
    convdiag::Nanoseconds now = 1700000000LL * 1000000000LL;
    size_t offset = 1;
    convdiag::FrameNumber frame = 0;
    while (offset + 3 <= size && frame < kMaxFrames) {
        const size_t length = data[offset] | (size_t{data[offset + 1]} << 8);
        const uint8_t step = data[offset + 2];
        offset += 3;
        const size_t available = length < size - offset ? length : size - offset;
        const uint8_t *bytes = data + offset;
        offset += available;
        ++frame;
        now += (step & 0x80) ? -static_cast<convdiag::Nanoseconds>(step & 0x7f) * 1000000
                             : static_cast<convdiag::Nanoseconds>(step) * 10000000;
        convdiag::PacketFacts facts;
        if (convdiag::parse_frame(link, bytes, available, facts) != convdiag::ParseStatus::Ok)
            continue;
        facts.frame = frame;
        facts.time = now;
        if (facts.is_tcp()) {
            auto key = facts.src < facts.dst ? std::make_pair(facts.src, facts.dst)
                                             : std::make_pair(facts.dst, facts.src);
            const bool syn =
                facts.tcp.has(convdiag::tcp_flag::Syn) && !facts.tcp.has(convdiag::tcp_flag::Ack);
            auto it = streams.find(key);
            if (it == streams.end())
                it = streams.emplace(key, StreamEntry{next_stream++, false}).first;
            else if (syn && it->second.closed)
                it->second = StreamEntry{next_stream++, false};
            if (facts.tcp.has(convdiag::tcp_flag::Fin) || facts.tcp.has(convdiag::tcp_flag::Rst))
                it->second.closed = true;
            facts.stream = it->second.stream;
        }
        engine.on_packet(facts);
    }
    engine.finish();
    // Read everything back, as the renderer and the stat tables do.
    engine.results().for_each([](convdiag::FrameNumber, const convdiag::FrameResults &results) {
        for (const auto &field : results.fields) sink = field.value.to_display().size();
        for (const auto &note : results.notes)
            sink = note.text.en.size() + note.text.in(convdiag::Language::Korean).size();
    });
    const convdiag::Schema &schema = convdiag::Engine::schema();
    for (size_t table = 0; table < schema.tables().size(); ++table) {
        for (const auto &row : engine.tables().rows(static_cast<convdiag::TableId>(table)))
            for (const auto &cell : row.second.cells) sink = cell.to_display().size();
    }
    // The report, as `-z convdiag,report` builds it, in both languages, masked and not.
    for (const auto language : {convdiag::Language::English, convdiag::Language::Korean}) {
        convdiag::ReportOptions options;
        options.language = language;
        options.mask_passwords = language == convdiag::Language::Korean;
        sink = convdiag::build_report(engine, options).size();
    }
    return 0;
}
