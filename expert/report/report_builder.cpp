#include "expert/report/report_builder.h"

#include "expert/core/secret_mask.h"

#include <algorithm>
#include <map>
#include <vector>

namespace convdiag {

namespace {

struct SectionTitle {
    const char *en;
    const char *ko;
};

// The order a teacher walks through a capture: what was exposed, what failed,
// then why things were slow, then hostile patterns, then what merely redirected.
const SectionTitle kSections[] = {
    {"Exposed credentials and login flows", "노출된 계정 정보와 로그인 흐름"},
    {"Connection failures and DNS trouble", "연결 실패와 DNS 문제"},
    {"Retransmissions and timing (RTT, RTO)", "재전송과 타이밍 (RTT, RTO)"},
    {"Window stalls", "윈도우 정체 (stall)"},
    {"Scans and floods", "스캔과 플러딩"},
    {"Redirects", "리다이렉트"},
    {"Other findings", "기타 발견 사항"},
};
constexpr int kOtherSection = 6;

struct Prefix {
    const char *prefix;
    int section;
};
const Prefix kPrefixes[] = {
    {"convdiag.cred.", 0}, {"convdiag.ftp.", 0},  {"convdiag.login.", 0}, {"convdiag.tls.", 0},
    {"convdiag.http.form", 0}, {"convdiag.conn.", 1}, {"convdiag.dns.", 1},  {"convdiag.tcp.", 2},
    {"convdiag.win.", 3},  {"convdiag.scan.", 4}, {"convdiag.http.", 5},
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

struct Finding {
    FrameNumber frame;
    const ExpertNote *note;
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

    // section -> expert kind -> findings
    std::map<int, std::map<ExpertId, std::vector<Finding>>> grouped;
    engine.results().for_each([&](FrameNumber frame, const FrameResults &results) {
        if (options.include && !options.include(frame)) return;
        for (const auto &note : results.notes)
            grouped[report_section_of(schema.experts()[note.expert].abbrev)][note.expert].push_back(
                {frame, &note});
    });

    std::string out;
    out += ko ? "ConvDiag 분석 보고서\n" : "ConvDiag report\n";
    out += "==============================================================================\n";
    if (grouped.empty()) {
        out += ko ? "보고할 문제가 없습니다.\n" : "Nothing to report.\n";
        return out;
    }
    for (auto &[section, kinds] : grouped) {
        out += "\n";
        out += ko ? kSections[section].ko : kSections[section].en;
        out += "\n------------------------------------------------------------------------------\n";
        // Most serious kinds first, then the kind seen earliest in the capture.
        std::vector<std::pair<ExpertId, std::vector<Finding> *>> order;
        for (auto &[id, findings] : kinds) {
            std::sort(findings.begin(), findings.end(),
                      [](const Finding &a, const Finding &b) { return a.frame < b.frame; });
            order.emplace_back(id, &findings);
        }
        std::sort(order.begin(), order.end(), [&](const auto &a, const auto &b) {
            const auto sa = schema.experts()[a.first].severity;
            const auto sb = schema.experts()[b.first].severity;
            if (sa != sb) return sa > sb;
            return a.second->front().frame < b.second->front().frame;
        });
        for (const auto &[id, findings] : order) {
            const ExpertSpec &spec = schema.experts()[id];
            const size_t listed = std::min(findings->size(), options.listed_per_kind);
            for (size_t i = 0; i < listed; ++i) {
                const Finding &f = (*findings)[i];
                std::string text = f.note->text.in(lang);
                if (options.mask_passwords) text = mask_in_text(text, f.note->secret);
                out += "  [" + std::string(severity_label(spec.severity, lang)) + "] " +
                       (ko ? "프레임 " : "frame ") + std::to_string(f.frame) + ": " + text + "\n";
            }
            if (findings->size() > listed) {
                std::string frames;
                const size_t shown = std::min<size_t>(findings->size(), listed + 12);
                for (size_t i = listed; i < shown; ++i)
                    frames += (i > listed ? ", " : "") + std::to_string((*findings)[i].frame);
                if (shown < findings->size()) frames += ", …";
                const std::string more = std::to_string(findings->size() - listed);
                out += ko ? "  … 같은 종류 " + more + "건 더 (프레임 " + frames + ")\n"
                          : "  … and " + more + " more like this (frames " + frames + ")\n";
            }
            const std::string &advice = spec.advice.in(lang);
            if (!advice.empty()) out += (ko ? "    → 확인할 점: " : "    → What to check: ") + advice + "\n";
        }
    }
    return out;
}

}  // namespace convdiag
