// Separates what a Telnet peer means to show or type from its option
// negotiation (RFC 854/855): IAC commands and subnegotiations are removed,
// IAC IAC becomes one 0xFF byte and CR NUL becomes CR. The decoder keeps its
// state across segments, because a command can be split by TCP.
#pragma once

#include <cstdint>
#include <string>

#include "expert/parsers/byte_view.h"

namespace convdiag {

namespace telnet {
constexpr uint8_t kIac = 255, kDont = 254, kDo = 253, kWont = 252, kWill = 251, kSb = 250,
                  kSe = 240;
constexpr uint8_t kOptionEcho = 1;
}  // namespace telnet

class TelnetStreamDecoder {
  public:
    // Appends the user-visible bytes of `bytes` to `out`.
    void decode(ByteView bytes, std::string &out);
    void reset() { state_ = State::Data; }
    // The peer announced "IAC WILL ECHO" (a server that echoes what the user types).
    bool will_echo() const { return will_echo_; }
    // Any IAC command was seen: the stream really is Telnet.
    bool saw_negotiation() const { return saw_negotiation_; }

  private:
    enum class State : uint8_t { Data, Iac, Option, Subnegotiation, SubnegotiationIac, Cr };
    State state_ = State::Data;
    uint8_t verb_ = 0;
    uint32_t subnegotiation_bytes_ = 0;
    bool will_echo_ = false;
    bool saw_negotiation_ = false;
};

}  // namespace convdiag
