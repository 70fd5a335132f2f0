// One recognised login service on one TCP connection. The detector hands each
// session the fresh bytes of every segment; line-based protocols get lines.
#pragma once

#include <cstdint>
#include <string_view>

#include "expert/detectors/credentials/credential_reporter.h"
#include "expert/detectors/credentials/credential_types.h"
#include "expert/detectors/credentials/segment_stream.h"

namespace convdiag {

class FtpDataChannelTracker;

struct SessionServices {
    CredentialReporter &reporter;
    FtpDataChannelTracker &ftp_channels;
};

class LoginSession {
  public:
    explicit LoginSession(const ServiceRoles &roles) : roles_(roles) {}
    virtual ~LoginSession() = default;
    virtual void on_bytes(bool from_client, const FreshBytes &fresh, const PacketFacts &packet,
                          SessionServices &services) = 0;
    // True once nothing more can be read (TLS started, or the bytes are not this protocol).
    bool done() const { return done_; }
    // True when the session holds nothing a fresh one would not: the detector may
    // free it and make a new one when the protocol speaks again.
    virtual bool at_rest() const { return false; }
    const ServiceRoles &roles() const { return roles_; }

  protected:
    ServiceRoles roles_;
    bool done_ = false;
};

// A session of a protocol made of CRLF-terminated lines (FTP, POP3, IMAP, SMTP).
class LineSession : public LoginSession {
  public:
    using LoginSession::LoginSession;

    void on_bytes(bool from_client, const FreshBytes &fresh, const PacketFacts &packet,
                  SessionServices &services) override {
        LineBuffer &buffer = lines_[from_client ? 0 : 1];
        if (fresh.gap_before) buffer.reset();
        buffer.feed(
            fresh.bytes,
            [&](std::string_view line) {
                if (!done_) on_line(from_client, line, packet, services);
            },
            [&] {
                if (!done_) on_dropped_line(from_client);
            });
        if (fresh.cut_after) buffer.reset();
    }

  protected:
    virtual void on_line(bool from_client, std::string_view line, const PacketFacts &packet,
                         SessionServices &services) = 0;
    // A line too long to keep went by unread.
    virtual void on_dropped_line(bool from_client) { (void)from_client; }

  private:
    LineBuffer lines_[2];
};

// A short FIFO of what each outstanding command expects from the server, so a
// reply is paired with its own command even when the client pipelines.
template <typename Entry, size_t Capacity = 16>
class ReplyQueue {
  public:
    void push(const Entry &e) {
        if (size_ == Capacity) pop();  // out of step: forget the oldest
        items_[(head_ + size_) % Capacity] = e;
        ++size_;
    }
    bool empty() const { return size_ == 0; }
    const Entry &front() const { return items_[head_]; }
    Entry &back() { return items_[(head_ + size_ + Capacity - 1) % Capacity]; }
    Entry pop() {
        Entry e = items_[head_];
        head_ = static_cast<uint8_t>((head_ + 1) % Capacity);
        --size_;
        return e;
    }
    void clear() { head_ = size_ = 0; }

  private:
    static_assert(Capacity <= 255, "positions are kept in one byte");
    Entry items_[Capacity]{};
    uint8_t head_ = 0;
    uint8_t size_ = 0;
};

// Keeps a bounded copy of a protocol string taken from the wire.
inline std::string bounded(std::string_view text, size_t limit = 256) {
    return std::string(text.substr(0, limit));
}

}  // namespace convdiag
