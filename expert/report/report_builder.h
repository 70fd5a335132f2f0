// The report a student reads (`tshark -z convdiag,report`): every expert finding
// of the capture, grouped as a teacher would present them, most serious first,
// each kind followed once by what to check next.
#pragma once

#include <functional>
#include <string>

#include "expert/engine/engine.h"

namespace convdiag {

struct ReportOptions {
    Language language = Language::English;
    bool mask_passwords = false;
    // Frames the report may speak of (a display filter); empty = all.
    std::function<bool(FrameNumber)> include;
    // Findings of one kind listed in full before the rest are summarised by frame numbers.
    size_t listed_per_kind = 3;
};

std::string build_report(const Engine &engine, const ReportOptions &options);

// The same findings as rows of a frame-keyed table (the GUI's Statistics > ConvDiag/Report):
// columns frame, section, severity, finding, what to check.
struct ReportTableColumns {
    TableId table;
    ColumnId frame, section, severity, finding, advice;
};
// Fills the row of one frame from its findings; false when the frame has no note.
bool draw_report_row(FrameNumber frame, const FrameResults &results, const ReportOptions &options,
                     const ReportTableColumns &columns, TableRow &row);

// Section of an expert abbrev ("convdiag.cred.…" -> exposed credentials …), for tools and tests.
int report_section_of(const std::string &expert_abbrev);

}  // namespace convdiag
