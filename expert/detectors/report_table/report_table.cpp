#include "expert/detectors/report_table/report_table.h"

namespace convdiag {

namespace {

// The table only rearranges the result store's notes, so it is built row by row
// when drawn instead of copying every finding at the end of the capture. Like the
// copy it replaces, it shows nothing before the end-of-capture verdicts are in.
class ReportTable : public Detector, public DerivedTable {
  public:
    ReportTable(const ReportTableColumns &columns, AnalysisContext &context)
        : columns_(columns), ctx_(context) {
        const int language = ctx_.schema.pref_index("language");
        if (language >= 0 && ctx_.settings.get(static_cast<PrefId>(language)) == 1)
            options_.language = Language::Korean;
        const int mask = ctx_.schema.pref_index("mask_passwords");
        options_.mask_passwords = mask >= 0 && ctx_.settings.flag(static_cast<PrefId>(mask));
        ctx_.tables.derive(columns_.table, *this);
    }

    void on_packet(const PacketFacts &, TcpConversation *) override {}

    void finish(Nanoseconds) override { finished_ = true; }

    void for_each_key(const std::function<void(uint64_t)> &fn) const override {
        if (!finished_) return;
        ctx_.results.for_each([&](FrameNumber frame, const FrameResults &results) {
            if (!results.notes.empty()) fn(frame);
        });
    }

    bool fill(uint64_t key, TableRow &row) const override {
        if (!finished_ || key > UINT32_MAX) return false;
        const FrameNumber frame = static_cast<FrameNumber>(key);
        const FrameResults *results = ctx_.results.find(frame);
        return results && draw_report_row(frame, *results, options_, columns_, row);
    }

  private:
    ReportTableColumns columns_;
    AnalysisContext &ctx_;
    ReportOptions options_;
    bool finished_ = false;
};

}  // namespace

void ReportTableFactory::declare(Schema &schema) {
    columns_.table = schema.table("findings", "ConvDiag/Report", RowKey::Frame);
    columns_.frame = schema.add_column(columns_.table, "Frame", FieldKind::Frame);
    columns_.section = schema.add_column(columns_.table, "Topic", FieldKind::String);
    columns_.severity = schema.add_column(columns_.table, "Severity", FieldKind::String);
    columns_.finding = schema.add_column(columns_.table, "Finding", FieldKind::String);
    columns_.advice = schema.add_column(columns_.table, "What to check", FieldKind::String);
}

std::unique_ptr<Detector> ReportTableFactory::create(AnalysisContext &context) const {
    return std::make_unique<ReportTable>(columns_, context);
}

}  // namespace convdiag
