#include "expert/detectors/conversation_table/conversation_table.h"

namespace convdiag {

namespace {

// The row is made on a conversation's first packet; its cells are read from the
// conversation tracker when the table is drawn, so no packet updates them.
class ConversationTable : public Detector, public ComputedColumns {
  public:
    ConversationTable(const ConversationTableFactory::Ids &ids, AnalysisContext &context)
        : ids_(ids), context_(context) {
        context_.tables.add_computed_columns(ids_.table, *this);
    }

    void on_packet(const PacketFacts &, TcpConversation *conversation) override {
        if (conversation && conversation->packets == 0)
            context_.tables.add_row(ids_.table, conversation->stream);
    }

    void fill(uint64_t stream, TableRow &row) const override {
        if (stream > UINT32_MAX) return;
        context_.tcp_conversations.visit(
            static_cast<uint32_t>(stream), [&](const TcpConversation &c) {
                row.cells[ids_.stream] = Value::unsigned_int(c.stream);
                row.cells[ids_.client] = Value::string(c.client.to_string());
                row.cells[ids_.server] = Value::string(c.server.to_string());
                row.cells[ids_.packets] = Value::unsigned_int(c.packets);
                row.cells[ids_.duration] = Value::duration(c.last_time - c.first_time);
            });
    }

  private:
    ConversationTableFactory::Ids ids_;
    AnalysisContext &context_;
};

}  // namespace

void ConversationTableFactory::declare(Schema &schema) {
    ids_.table =
        schema.table("summary_detail", "ConvDiag/TCP conversations (detail)", RowKey::Stream);
    ids_.stream = schema.add_column(ids_.table, "Stream", FieldKind::Unsigned);
    ids_.client = schema.add_column(ids_.table, "Client", FieldKind::String);
    ids_.server = schema.add_column(ids_.table, "Server", FieldKind::String);
    ids_.packets = schema.add_column(ids_.table, "Packets", FieldKind::Unsigned);
    ids_.duration = schema.add_column(ids_.table, "Duration", FieldKind::Duration);
}

std::unique_ptr<Detector> ConversationTableFactory::create(AnalysisContext &context) const {
    return std::make_unique<ConversationTable>(ids_, context);
}

}  // namespace convdiag
