#include "expert/detectors/report_table/report_table.h"

namespace convdiag {

namespace {

class ReportTable : public Detector {
  public:
    ReportTable(const ReportTableColumns &columns, AnalysisContext &context)
        : columns_(columns), ctx_(context) {}

    void on_packet(const PacketFacts &, TcpConversation *) override {}

    void finish(Nanoseconds) override {
        ReportOptions options;
        const int language = ctx_.schema.pref_index("language");
        if (language >= 0 && ctx_.settings.get(static_cast<PrefId>(language)) == 1)
            options.language = Language::Korean;
        const int mask = ctx_.schema.pref_index("mask_passwords");
        options.mask_passwords = mask >= 0 && ctx_.settings.flag(static_cast<PrefId>(mask));
        fill_report_table(ctx_.results, options, columns_, ctx_.tables);
    }

  private:
    ReportTableColumns columns_;
    AnalysisContext &ctx_;
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
