#include "expert/report/report_builder.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <vector>

#include "expert/core/secret_mask.h"

namespace convdiag {

namespace {

struct SectionTitle {
    const char *en;
    const char *ko;
};

// The order a teacher walks through a capture: connections that were lost, what was
// exposed, what failed, then why things were slow, then hostile patterns, then what
// merely redirected.
const SectionTitle kSections[] = {
    {"Lost connections", "끊어진 연결"},
    {"Exposed credentials and login flows", "노출된 계정 정보와 로그인 흐름"},
    {"Connection failures and DNS trouble", "연결 실패와 DNS 문제"},
    {"Connection set-up time (handshake trend)", "연결 설정 시간 (핸드셰이크 추세)"},
    {"Retransmissions and timing (RTT, RTO)", "재전송과 타이밍 (RTT, RTO)"},
    {"Window stalls", "윈도우 정체 (stall)"},
    {"Idle connections and keep-alives", "유휴 연결과 keep-alive"},
    {"Scans and floods", "스캔과 플러딩"},
    {"Redirects", "리다이렉트"},
    {"Other findings", "기타 발견 사항"},
};
constexpr int kOtherSection = 9;

struct Prefix {
    const char *prefix;
    int section;
};
// The first matching prefix names the section: specific ones before general ones.
const Prefix kPrefixes[] = {
    {"convdiag.conn.stalled", 0},   {"convdiag.cred.", 1}, {"convdiag.ftp.", 1},
    {"convdiag.login.", 1},         {"convdiag.tls.", 1},  {"convdiag.http.form", 1},
    {"convdiag.conn.setup_", 3},    {"convdiag.conn.", 2}, {"convdiag.dns.", 2},
    {"convdiag.tcp.kept_alive", 6}, {"convdiag.tcp.", 4},  {"convdiag.win.", 5},
    {"convdiag.scan.", 7},          {"convdiag.http.", 8},
};

const char *severity_label(ExpertSeverity s, Language lang) {
    const bool ko = lang == Language::Korean;
    switch (s) {
        case ExpertSeverity::Error:
            return ko ? "오류" : "Error";
        case ExpertSeverity::Warn:
            return ko ? "경고" : "Warning";
        case ExpertSeverity::Note:
            return ko ? "참고" : "Note";
        case ExpertSeverity::Chat:
            return ko ? "정보" : "Chat";
    }
    return "";
}

// "4, 6, 8" or "4, 6, 8, … (20 frames)" beyond `limit`.
std::string frame_list(const std::vector<FrameNumber> &frames, size_t limit) {
    std::string out;
    for (size_t i = 0; i < frames.size() && i < limit; ++i)
        out += (i ? ", " : "") + std::to_string(frames[i]);
    if (frames.size() > limit) out += ", … (" + std::to_string(frames.size()) + ")";
    return out;
}

// Index of a column of a named table, or -1.
int column_of(const Schema &schema, const char *table, const char *title, TableId &id) {
    const int t = schema.table_index(table);
    if (t < 0) return -1;
    id = static_cast<TableId>(t);
    return schema.column_index(id, title);
}

// Counts of a string column's values and the range of a duration column, over a table.
struct ColumnDigest {
    std::map<std::string, size_t> counts;
    size_t rows = 0;
    Nanoseconds min = 0, max = 0;
    size_t timed = 0;
};

ColumnDigest digest(const Engine &engine, const char *table, const char *verdict_title,
                    const char *duration_title) {
    ColumnDigest d;
    TableId id = 0;
    const int verdict = column_of(Engine::schema(), table, verdict_title, id);
    const int duration = column_of(Engine::schema(), table, duration_title, id);
    if (verdict < 0) return d;
    for (const auto &[key, row] : engine.tables().rows(id)) {
        (void)key;
        ++d.rows;
        const Value &v = row.cells[static_cast<size_t>(verdict)];
        if (v.is_set && !v.text.empty()) ++d.counts[v.text];
        if (duration >= 0 && row.cells[static_cast<size_t>(duration)].is_set) {
            const Nanoseconds t = row.cells[static_cast<size_t>(duration)].number;
            d.min = d.timed ? std::min(d.min, t) : t;
            d.max = d.timed ? std::max(d.max, t) : t;
            ++d.timed;
        }
    }
    return d;
}

std::string counts_text(const ColumnDigest &d) {
    std::string out;
    for (const auto &[value, n] : d.counts)
        out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + value;
    return out;
}

std::string unanalysed_group_text(const UnanalysedGroup &g, bool ko) {
    const std::string n = std::to_string(g.frames);
    const std::string first = std::to_string(g.first_frame);
    switch (g.reason) {
        case UnanalysedReason::UndecodedPayload:
            return ko ? n + "개: Wireshark가 해석하지 못한 " + g.carrier + " 페이로드 (첫 프레임 " +
                            first + ")"
                      : n + " with a " + g.carrier +
                            " payload Wireshark does not decode (first: frame " + first + ")";
        case UnanalysedReason::TruncatedHeader:
            return ko ? n + "개: 캡처에서 잘린 " + g.carrier + " 헤더 (첫 프레임 " + first + ")"
                      : n + " with a " + g.carrier +
                            " header cut short by the capture (first: frame " + first + ")";
        case UnanalysedReason::UnreassembledFragment:
            return ko ? n + "개: Wireshark가 재조립하지 않은 " + g.carrier +
                            " 데이터그램의 첫 조각 (첫 프레임 " + first + ")"
                      : n + " with the first fragment of a " + g.carrier +
                            " datagram Wireshark did not reassemble (first: frame " + first + ")";
        case UnanalysedReason::MalformedHeader:
            return ko ? n + "개: 길이가 맞지 않는 " + g.carrier + " 헤더 (첫 프레임 " + first + ")"
                      : n + " with a malformed " + g.carrier + " header (first: frame " + first +
                            ")";
    }
    return n;
}

// Silence must not read as "no problem": what was never analysed is said first.
std::string unanalysed_text(const UnanalysedFrames &frames, bool ko) {
    if (!frames.total()) return {};
    std::string out = ko ? "  분석하지 못한 프레임 " + std::to_string(frames.total()) + "개:\n"
                         : "  Frames not analysed: " + std::to_string(frames.total()) + "\n";
    for (const auto &g : frames.groups()) out += "    " + unanalysed_group_text(g, ko) + "\n";
    if (frames.ungrouped())
        out += ko ? "    그 밖의 " + std::to_string(frames.ungrouped()) + "개\n"
                  : "    " + std::to_string(frames.ungrouped()) + " of other kinds\n";
    bool cut = false, wireless = false, fragments = false;
    for (const auto &g : frames.groups()) {
        cut = cut || g.reason == UnanalysedReason::TruncatedHeader;
        fragments = fragments || g.reason == UnanalysedReason::UnreassembledFragment;
        wireless = wireless || g.carrier.find("802.11") != std::string::npos;
    }
    out += ko ? "    이 프레임 안의 연결과 문제는 이 보고서에 들어 있지 않습니다."
              : "    Connections and problems inside them are not in this report.";
    if (wireless)
        out += ko ? " 802.11 암호화 프레임이면 Wireshark에 복호화 키를 주십시오."
                  : " For encrypted 802.11, give Wireshark the decryption keys.";
    if (fragments)
        out +=
            ko ? " 조각은 IP 재조립을 켜면(ip.defragment, ipv6.defragment) 분석됩니다."
               : " Fragments are analysed with IP reassembly on (ip.defragment, ipv6.defragment).";
    if (cut)
        out += ko ? " 잘린 헤더는 더 큰 snaplen으로 다시 캡처하십시오."
                  : " For cut headers, capture again with a larger snaplen.";
    out += "\n";
    return out;
}

// How the conversations ended, from the summary table's End column.
std::string endings_text(const Engine &engine, bool ko) {
    const ColumnDigest ends = digest(engine, "summary_detail", "End", "");
    if (ends.counts.empty()) return {};
    return (ko ? "  대화가 끝난 모습: " : "  How they ended: ") + counts_text(ends) + "\n";
}

// A conversation seen one way only that acknowledges the other: the capture missed a
// direction it proves existed.
std::string one_way_text(const TcpConversationTracker &tcp, bool ko) {
    size_t one_way = 0;
    tcp.for_each([&](const TcpConversation &c) { one_way += seen_one_way_only(c); });
    if (!one_way) return {};
    const std::string n = std::to_string(one_way);
    return ko ? "  한 방향만 캡처된 대화 " + n +
                    "개: 한쪽이 보낸 패킷(상대에 대한 ACK 포함)만 있고 상대가 보낸 것은 "
                    "없습니다. 비대칭 라우팅(응답이 다른 경로로 감)이나 한 방향만 복사하는 "
                    "탭/미러 포트 때문입니다. 이 대화의 판정은 보이는 쪽이 확인한 내용에 "
                    "근거합니다.\n"
              : "  Seen in one direction only: " + n +
                    (one_way == 1 ? " conversation" : " conversations") +
                    " (one side's packets, acknowledging the other's, and none "
                    "of the other side's). The answers took another path (asymmetric routing) "
                    "or the tap or mirror port copies one direction; their verdicts rest on "
                    "what the seen side acknowledged.\n";
}

// Frames the capture itself repeated, which no detector saw.
std::string capture_artefacts_text(const CaptureArtefactCounts &counts, bool ko) {
    std::string out;
    if (counts.copies) {
        const std::string n = std::to_string(counts.copies);
        out += ko ? "  캡처가 만든 복사본 " + n +
                        "개: 앞 프레임과 바이트 단위로 같은 프레임이 곧바로 다시 "
                        "기록되었습니다(SPAN 포트나 두 탭이 같은 패킷을 두 번 봄). 분석에서 "
                        "뺐습니다 (convdiag.capture.duplicate_of).\n"
                  : "  Copies made by the capture: " + n +
                        " frames repeat an earlier frame byte for byte moments later (a SPAN "
                        "port or two taps saw the packet twice); left out of the analysis "
                        "(convdiag.capture.duplicate_of).\n";
    }
    if (counts.repeats) {
        const std::string n = std::to_string(counts.repeats);
        out += ko ? "  되풀이된 트래픽 " + n +
                        "개: 시간이 뒤로 간 뒤 이미 본 TCP 세그먼트가 다시 나옵니다(이어 붙인 "
                        "캡처, 두 번 담긴 트래픽). 분석에서 뺐습니다 (convdiag.capture.repeated).\n"
                  : "  Repeated traffic: " + n +
                        " frames repeat TCP segments seen before the time went back (joined "
                        "captures, traffic held twice); left out of the analysis "
                        "(convdiag.capture.repeated).\n";
    }
    return out;
}

// What happened at all, before what went wrong: a teacher starts with the big picture.
std::string overview(const Engine &engine, Language lang) {
    const bool ko = lang == Language::Korean;
    std::string out = unanalysed_text(engine.unanalysed(), ko);
    out += capture_artefacts_text(engine.capture_artefacts(), ko);
    const ColumnDigest tcp = digest(engine, "summary_detail", "Verdict", "Handshake RTT");
    if (tcp.rows) {
        out += ko ? "  TCP 대화 " + std::to_string(tcp.rows) + "개"
                  : "  TCP conversations: " + std::to_string(tcp.rows);
        if (!tcp.counts.empty()) out += " (" + counts_text(tcp) + ")";
        if (tcp.timed)
            out += (ko ? "; 3-way handshake RTT " : "; 3-way handshake RTT ") +
                   format_duration(tcp.min) +
                   (tcp.timed > 1 ? " - " + format_duration(tcp.max) : std::string());
        out += "\n";
        out += endings_text(engine, ko);
        out += one_way_text(engine.tcp_conversations(), ko);
    }
    const ColumnDigest dns = digest(engine, "dns", "Verdict", "Wait");
    if (dns.rows) {
        out += ko ? "  DNS 질의 " + std::to_string(dns.rows) + "개"
                  : "  DNS queries: " + std::to_string(dns.rows);
        if (!dns.counts.empty()) out += " (" + counts_text(dns) + ")";
        if (dns.timed)
            out += (ko ? "; 응답 대기 " : "; answers after ") + format_duration(dns.min) +
                   (dns.timed > 1 ? " - " + format_duration(dns.max) : std::string());
        out += "\n";
    }
    return out;
}

// The findings of one kind, identical sentences (the same refusal seen three times) merged
// into one line. A sentence is found by its hash: comparing each finding with every earlier
// line of its kind made the report quadratic (13 minutes for 2M retransmissions).
struct KindLines {
    struct Line {
        const std::string *text;        // the key in line_of, which never moves
        FrameNumber first;              // frames arrive in order: the first is the smallest
        std::vector<FrameNumber> more;  // empty for most lines: no allocation
    };
    std::vector<Line> lines;  // in the order first seen
    std::unordered_map<std::string, size_t> line_of;

    void add(std::string text, FrameNumber frame) {
        const auto [at, added] = line_of.try_emplace(std::move(text), lines.size());
        if (added)
            lines.push_back({&at->first, frame, {}});
        else
            lines[at->second].more.push_back(frame);
    }
};

}  // namespace

int report_section_of(const std::string &abbrev) {
    for (const auto &p : kPrefixes)
        if (abbrev.rfind(p.prefix, 0) == 0) return p.section;
    return kOtherSection;
}

std::string build_report(const Engine &engine, const ReportOptions &options) {
    const Schema &schema = Engine::schema();
    const Language lang = options.language;
    const bool ko = lang == Language::Korean;

    // section -> expert kind -> its lines; the store gives frames in order.
    std::map<int, std::map<ExpertId, KindLines>> grouped;
    engine.results().for_each([&](FrameNumber frame, const FrameResults &results) {
        if (options.include && !options.include(frame)) return;
        for (const auto &note : results.notes) {
            std::string text = note.text.in(lang).str();
            if (options.mask_passwords) text = mask_in_text(text, note.secret.str());
            grouped[report_section_of(schema.experts()[note.expert].abbrev)][note.expert].add(
                std::move(text), frame);
        }
    });

    std::string out;
    out += ko ? "ConvDiag 분석 보고서\n" : "ConvDiag report\n";
    out += "==============================================================================\n";
    if (!options.include) {
        const std::string summary = overview(engine, lang);
        if (!summary.empty()) {
            out += ko ? "\n개요\n" : "\nOverview\n";
            out +=
                "------------------------------------------------------------------------------\n";
            out += summary;
        }
    }
    if (grouped.empty()) {
        out += ko ? "\n발견된 문제가 없습니다.\n" : "\nNo problem found.\n";
        return out;
    }
    for (auto &[section, kinds] : grouped) {
        out += "\n";
        out += ko ? kSections[section].ko : kSections[section].en;
        out += "\n------------------------------------------------------------------------------\n";
        // Most serious kinds first, then the kind seen earliest in the capture.
        std::vector<std::pair<ExpertId, const KindLines *>> order;
        for (const auto &[id, kind] : kinds) order.emplace_back(id, &kind);
        std::sort(order.begin(), order.end(), [&](const auto &a, const auto &b) {
            const auto sa = schema.experts()[a.first].severity;
            const auto sb = schema.experts()[b.first].severity;
            if (sa != sb) return sa > sb;
            return a.second->lines.front().first < b.second->lines.front().first;
        });
        for (const auto &[id, kind] : order) {
            const ExpertSpec &spec = schema.experts()[id];
            const auto &lines = kind->lines;
            const size_t listed = std::min(lines.size(), options.listed_per_kind);
            for (size_t i = 0; i < listed; ++i) {
                std::vector<FrameNumber> frames{lines[i].first};
                frames.insert(frames.end(), lines[i].more.begin(), lines[i].more.end());
                out += "  [" + std::string(severity_label(spec.severity, lang)) + "] " +
                       (frames.size() > 1 ? (ko ? "프레임 " : "frames ")
                                          : (ko ? "프레임 " : "frame ")) +
                       frame_list(frames, 12) + ": " + *lines[i].text + "\n";
            }
            if (lines.size() > listed) {
                std::vector<FrameNumber> rest;
                for (size_t i = listed; i < lines.size(); ++i) {
                    rest.push_back(lines[i].first);
                    rest.insert(rest.end(), lines[i].more.begin(), lines[i].more.end());
                }
                std::sort(rest.begin(), rest.end());
                const std::string more = std::to_string(lines.size() - listed);
                out +=
                    ko ? "  … 같은 종류 " + more + "건 더 (프레임 " + frame_list(rest, 12) + ")\n"
                       : "  … and " + more + " more like this (frames " + frame_list(rest, 12) +
                             ")\n";
            }
            const std::string &advice = spec.advice.in(lang);
            if (!advice.empty())
                out += (ko ? "    → 확인할 점: " : "    → What to check: ") + advice + "\n";
        }
    }
    return out;
}

bool draw_report_row(FrameNumber frame, const FrameResults &r, const ReportOptions &options,
                     const ReportTableColumns &columns, TableRow &row) {
    if (r.notes.empty()) return false;
    const Schema &schema = Engine::schema();
    const Language lang = options.language;
    std::string finding, advice;
    // The most serious note of the frame names its section and severity.
    const ExpertNote *first = &r.notes.front();
    for (const auto &note : r.notes)
        if (schema.experts()[note.expert].severity > schema.experts()[first->expert].severity)
            first = &note;
    const ExpertSpec &spec = schema.experts()[first->expert];
    const int index = report_section_of(spec.abbrev);
    for (const auto &note : r.notes) {
        std::string text = note.text.in(lang);
        if (options.mask_passwords) text = mask_in_text(text, note.secret);
        finding += (finding.empty() ? "" : " / ") + text;
        const std::string &a = schema.experts()[note.expert].advice.in(lang);
        if (!a.empty() && advice.find(a) == std::string::npos)
            advice += (advice.empty() ? "" : " / ") + a;
    }
    row.cells[columns.frame] = Value::frame(frame);
    row.cells[columns.section] =
        Value::string(lang == Language::Korean ? kSections[index].ko : kSections[index].en);
    row.cells[columns.severity] = Value::string(severity_label(spec.severity, lang));
    row.cells[columns.finding] = Value::string(finding);
    row.cells[columns.advice] = Value::string(advice);
    return true;
}

}  // namespace convdiag
