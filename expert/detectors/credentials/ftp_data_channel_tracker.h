// FTP data channels: where PORT/EPRT (active) and 227/229 (passive) say the
// data connection will go, which later TCP connection used it, and which
// transfer command (RETR, STOR, LIST...) it served.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "expert/core/detector.h"
#include "expert/detectors/credentials/credential_ids.h"
#include "expert/detectors/credentials/credential_types.h"

namespace convdiag {

enum class FtpDataMode : uint8_t { Active, Passive, ExtendedActive, ExtendedPassive };

const char *data_mode_value(FtpDataMode mode);

struct FtpDataChannel {
    FtpDataMode mode = FtpDataMode::Passive;
    Endpoint endpoint;  // where the data connection is opened to
    FrameNumber announce_frame = 0;
    IpAddress control_client;
    IpAddress control_server;
    std::string transfer;  // "STOR file.csv", empty until the command is seen
    FrameNumber command_frame = 0;
    bool connected = false;
    // Data packets seen before the transfer command (a passive client connects
    // first, then sends STOR): labelled once the command arrives, so that a
    // single pass never shows a value that -2 changes. Capped.
    std::vector<FrameNumber> early_frames;

    bool active() const {
        return mode == FtpDataMode::Active || mode == FtpDataMode::ExtendedActive;
    }
};

class FtpDataChannelTracker {
  public:
    FtpDataChannelTracker(const CredentialIds &ids, AnalysisContext &context)
        : ids_(ids), ctx_(context) {}

    // A channel announced on the control connection `roles` in `frame`; writes
    // convdiag.ftp.data.mode/endpoint there and warns about bounce or odd ports.
    std::shared_ptr<FtpDataChannel> announce(FtpDataMode mode, const Endpoint &endpoint,
                                             FrameNumber frame, const ServiceRoles &roles);
    // The channel will not be used any more (the session announced another one).
    void withdraw(const std::shared_ptr<FtpDataChannel> &channel);
    // The transfer command for this channel, seen on the control connection.
    void bind_command(FtpDataChannel &channel, const std::string &transfer, FrameNumber frame);
    // For the first packet of a TCP connection: the announced channel it opens.
    std::shared_ptr<FtpDataChannel> match(const PacketFacts &packet);
    // A packet of a data connection: label it with its transfer.
    void on_data_packet(FtpDataChannel &channel, FrameNumber frame);
    bool has_pending() const { return !pending_.empty(); }
    // End of capture: data connections whose command never came point to the
    // PORT/EPRT/227/229 that announced them.
    void finish();

  private:
    void label(const FtpDataChannel &channel, FrameNumber frame);
    void explain_channel(const FtpDataChannel &channel, FrameNumber frame);
    void explain_transfer(const FtpDataChannel &channel, FrameNumber frame);
    void warn_if_suspicious(const FtpDataChannel &channel, FrameNumber frame,
                            const ServiceRoles &roles);

    static constexpr size_t kMaxPending = 64;
    static constexpr size_t kMaxEarlyFrames = 64;
    static constexpr size_t kMaxUnbound = 1024;

    CredentialIds ids_;
    AnalysisContext &ctx_;
    std::vector<std::shared_ptr<FtpDataChannel>> pending_;
    std::vector<std::weak_ptr<FtpDataChannel>> connected_without_command_;
};

}  // namespace convdiag
