// The window columns of `-z convdiag,summary`: zero windows, stall time, the smallest
// and largest window of the side that matters, and which side held the transfer back.
#pragma once

#include "expert/core/report_tables.h"
#include "expert/core/schema.h"
#include "expert/detectors/window/window_conversation_state.h"

namespace convdiag {

class WindowSummary {
  public:
    void declare(Schema &schema);
    // Writes the event columns (after an event, or at the end) and the window extremes
    // (whenever they change). O(1); allocates only when a cell changes.
    void update(ReportTables &tables, const TcpConversation &c, WindowConversationState &s,
                Nanoseconds now, bool after_event) const;
    // What update() writes for a conversation without window state (zero windows, no stall),
    // into the cells of a drawn row that hold nothing stored.
    void fill_quiet(TableRow &row) const;
    TableId table() const { return table_; }

  private:
    TableId table_ = 0;
    ColumnId zero_windows_ = 0, stall_ = 0, smallest_ = 0, largest_ = 0, bottleneck_ = 0;
};

}  // namespace convdiag
