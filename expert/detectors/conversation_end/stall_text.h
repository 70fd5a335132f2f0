// The teaching line for a stall: who sent what how many times, with what backoff, and
// how long the peer has been silent. One line instead of a note per retransmission.
#pragma once

#include "expert/core/text.h"
#include "expert/detectors/conversation_end/conversation_ending.h"

namespace convdiag {

Text stall_text(const TcpConversation &c, const EndWatch &watch, const ConversationEnding &ending);

}  // namespace convdiag
