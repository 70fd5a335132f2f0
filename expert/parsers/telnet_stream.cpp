#include "expert/parsers/telnet_stream.h"

namespace convdiag {

namespace {
constexpr uint32_t kMaxSubnegotiation = 1024;
}  // namespace

void TelnetStreamDecoder::decode(ByteView bytes, std::string &out) {
    using namespace telnet;
    for (size_t i = 0; i < bytes.size(); ++i) {
        const uint8_t b = bytes.u8(i);
        switch (state_) {
            case State::Cr:
                state_ = State::Data;
                if (b == 0) break;  // CR NUL is a bare carriage return
                [[fallthrough]];
            case State::Data:
                if (b == kIac) {
                    state_ = State::Iac;
                } else {
                    out += static_cast<char>(b);
                    if (b == '\r') state_ = State::Cr;
                }
                break;
            case State::Iac:
                saw_negotiation_ = true;
                if (b == kIac) {
                    out += static_cast<char>(b);
                    state_ = State::Data;
                } else if (b >= kWill && b <= kDont) {
                    verb_ = b;
                    state_ = State::Option;
                } else if (b == kSb) {
                    state_ = State::Subnegotiation;
                    subnegotiation_bytes_ = 0;
                } else {
                    state_ = State::Data;  // NOP, GA, AYT...: a two-byte command
                }
                break;
            case State::Option:
                if (verb_ == kWill && b == kOptionEcho) will_echo_ = true;
                if (verb_ == kWont && b == kOptionEcho) will_echo_ = false;
                state_ = State::Data;
                break;
            case State::Subnegotiation:
                // No option needs this much: an unterminated SB must not swallow the session.
                if (++subnegotiation_bytes_ > kMaxSubnegotiation) state_ = State::Data;
                if (b == kIac) state_ = State::SubnegotiationIac;
                break;
            case State::SubnegotiationIac:
                // IAC SE ends it; IAC IAC is an escaped data byte inside it.
                state_ = b == kSe ? State::Data : State::Subnegotiation;
                break;
        }
    }
}

}  // namespace convdiag
