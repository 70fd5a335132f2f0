#include "expert/detectors/conversation_table/conversation_table.h"

namespace convdiag {

namespace {

class ConversationTable : public Detector {
  public:
    ConversationTable(const ConversationTableFactory::Ids &ids, AnalysisContext &context)
        : ids_(ids), context_(context) {}

    void on_packet(const PacketFacts &packet, TcpConversation *conversation) override {
        if (!conversation) return;
        TableRow &row = context_.tables.row(ids_.table, conversation->stream);
        if (!row.cells[ids_.stream].is_set) {
            row.cells[ids_.stream] = Value::unsigned_int(conversation->stream);
            row.cells[ids_.client] = Value::string(conversation->client.to_string());
            row.cells[ids_.server] = Value::string(conversation->server.to_string());
        }
        // The tracker counts after the detectors, so this packet is one more.
        row.cells[ids_.packets] = Value::unsigned_int(conversation->packets + 1u);
        row.cells[ids_.duration] = Value::duration(packet.time - conversation->first_time);
    }

  private:
    ConversationTableFactory::Ids ids_;
    AnalysisContext &context_;
};

}  // namespace

void ConversationTableFactory::declare(Schema &schema) {
    ids_.table = schema.table("summary", "ConvDiag/TCP conversations", RowKey::Stream);
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
