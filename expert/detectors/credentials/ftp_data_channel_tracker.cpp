#include "expert/detectors/credentials/ftp_data_channel_tracker.h"

#include <algorithm>

namespace convdiag {

const char *data_mode_value(FtpDataMode mode) {
    switch (mode) {
        case FtpDataMode::Active:
            return "active";
        case FtpDataMode::Passive:
            return "passive";
        case FtpDataMode::ExtendedActive:
            return "extended-active";
        case FtpDataMode::ExtendedPassive:
            return "extended-passive";
    }
    return "?";
}

std::shared_ptr<FtpDataChannel> FtpDataChannelTracker::announce(FtpDataMode mode,
                                                                const Endpoint &endpoint,
                                                                FrameNumber frame,
                                                                const ServiceRoles &roles) {
    auto channel = std::make_shared<FtpDataChannel>();
    channel->mode = mode;
    channel->endpoint = endpoint;
    channel->announce_frame = frame;
    channel->control_client = roles.client.address;
    channel->control_server = roles.server.address;
    if (pending_.size() >= kMaxPending) pending_.erase(pending_.begin());
    pending_.push_back(channel);

    ctx_.results.set(frame, ids_.data_mode, Value::string(data_mode_value(mode)));
    ctx_.results.set(frame, ids_.data_endpoint, Value::string(endpoint.to_string()));
    explain_channel(*channel, frame);
    if (channel->active()) warn_if_suspicious(*channel, frame, roles);
    return channel;
}

void FtpDataChannelTracker::withdraw(const std::shared_ptr<FtpDataChannel> &channel) {
    pending_.erase(std::remove(pending_.begin(), pending_.end(), channel), pending_.end());
}

void FtpDataChannelTracker::bind_command(FtpDataChannel &channel, const std::string &transfer,
                                         FrameNumber frame) {
    channel.transfer = transfer;
    channel.command_frame = frame;
    explain_transfer(channel, frame);
    for (FrameNumber f : channel.early_frames) label(channel, f);
    channel.early_frames.clear();
    channel.early_frames.shrink_to_fit();
}

std::shared_ptr<FtpDataChannel> FtpDataChannelTracker::match(const PacketFacts &p) {
    for (auto it = pending_.rbegin(); it != pending_.rend(); ++it) {
        const FtpDataChannel &ch = **it;
        // Active: the server connects to the client's endpoint. Passive: the
        // client connects to the server's endpoint, whose announced address a
        // NAT may have left private, so the control server's address counts too.
        const IpAddress &opener = ch.active() ? ch.control_server : ch.control_client;
        auto is_target = [&](const Endpoint &e) {
            if (e.port != ch.endpoint.port) return false;
            return e.address == ch.endpoint.address ||
                   (!ch.active() && e.address == ch.control_server);
        };
        const bool forward = is_target(p.dst) && p.src.address == opener;
        const bool backward = is_target(p.src) && p.dst.address == opener;
        if (!forward && !backward) continue;
        auto channel = *it;
        pending_.erase(std::next(it).base());
        channel->connected = true;
        if (channel->command_frame == 0 && connected_without_command_.size() < kMaxUnbound)
            connected_without_command_.push_back(channel);
        return channel;
    }
    return nullptr;
}

void FtpDataChannelTracker::on_data_packet(FtpDataChannel &channel, FrameNumber frame) {
    if (channel.command_frame == 0 && channel.early_frames.size() < kMaxEarlyFrames)
        channel.early_frames.push_back(frame);
    label(channel, frame);
}

void FtpDataChannelTracker::label(const FtpDataChannel &channel, FrameNumber frame) {
    if (channel.command_frame == 0) return;
    if (!channel.transfer.empty())
        ctx_.results.set(frame, ids_.transfer, Value::string(channel.transfer));
    ctx_.results.set(frame, ids_.control_frame, Value::frame(channel.command_frame));
}

void FtpDataChannelTracker::finish() {
    for (const auto &weak : connected_without_command_) {
        auto channel = weak.lock();
        if (!channel || channel->command_frame != 0) continue;
        for (FrameNumber f : channel->early_frames)
            ctx_.results.set(f, ids_.control_frame, Value::frame(channel->announce_frame));
    }
    connected_without_command_.clear();
}

void FtpDataChannelTracker::explain_channel(const FtpDataChannel &ch, FrameNumber frame) {
    static const char *const kCommand[] = {"PORT", "PASV", "EPRT", "EPSV"};
    const char *command = kCommand[static_cast<int>(ch.mode)];
    const std::string target = ch.endpoint.to_string();
    Text text;
    if (ch.active()) {
        text.en = std::string("Active FTP data channel (") + command + "): the client asks the " +
                  "server to connect back to " + target +
                  ", so the server opens the data connection into the client";
        text.ko = std::string("능동(active) FTP 데이터 채널 (") + command +
                  "): 클라이언트가 서버에게 " + target +
                  "(으)로 접속하라고 요청하므로, 서버가 클라이언트 쪽으로 데이터 연결을 엽니다";
    } else {
        text.en = std::string("Passive FTP data channel (") + command + "): the server opened " +
                  target + " and the client connects to it for the data";
        text.ko = std::string("수동(passive) FTP 데이터 채널 (") + command + "): 서버가 " + target +
                  "을(를) 열었고 클라이언트가 데이터를 위해 그곳으로 접속합니다";
    }
    ctx_.results.note(frame, ids_.ftp_channel, std::move(text));
}

void FtpDataChannelTracker::explain_transfer(const FtpDataChannel &ch, FrameNumber frame) {
    if (ch.transfer.empty()) return;
    const std::string verb = ch.transfer.substr(0, ch.transfer.find(' '));
    const bool upload = verb == "STOR" || verb == "APPE" || verb == "STOU";
    const bool download = verb == "RETR";
    if (!upload && !download) return;  // listings teach nothing a student needs flagged
    Text text;
    text.en = ch.transfer + ": the file is " + (upload ? "uploaded" : "downloaded") +
              " in clear text over the " + (ch.active() ? "active" : "passive") + " data channel " +
              ch.endpoint.to_string() + " (set up at frame " + std::to_string(ch.announce_frame) +
              ")";
    text.ko = ch.transfer + ": 파일이 " + (ch.active() ? "능동(active)" : "수동(passive)") +
              " 데이터 채널 " + ch.endpoint.to_string() + "(프레임 " +
              std::to_string(ch.announce_frame) + "에서 설정)을 통해 평문으로 " +
              (upload ? "업로드" : "다운로드") + "됩니다";
    ctx_.results.note(frame, ids_.ftp_file, std::move(text));
}

void FtpDataChannelTracker::warn_if_suspicious(const FtpDataChannel &ch, FrameNumber frame,
                                               const ServiceRoles &roles) {
    const std::string target = ch.endpoint.to_string();
    const std::string server = roles.server.address.to_string();
    const std::string client = roles.client.address.to_string();
    if (ch.endpoint.address != roles.client.address) {
        Text text;
        text.en = "FTP bounce: the active data channel sends " + server + " to a third host, " +
                  target + ", not to the client " + client +
                  " (an FTP bounce attack or scan, or a NAT that did not rewrite PORT)";
        text.ko = "FTP 바운스: 능동(active) 데이터 채널이 " + server + "을(를) 클라이언트 " +
                  client + "이(가) 아닌 제3의 호스트 " + target +
                  "(으)로 연결시킵니다 (FTP 바운스 공격/스캔, 또는 PORT를 고치지 못한 NAT)";
        ctx_.results.note(frame, ids_.ftp_bounce, std::move(text));
    }
    if (ch.endpoint.port < 1024) {
        const std::string port = std::to_string(ch.endpoint.port);
        Text text;
        text.en = "Active FTP data channel to port " + port + " of " +
                  ch.endpoint.address.to_string() +
                  ": clients name a high port; a port below 1024 makes the server connect to a "
                  "service (a bounce attack, or an unusual configuration)";
        text.ko = "능동(active) FTP 데이터 채널이 " + ch.endpoint.address.to_string() + "의 " +
                  port +
                  "번 포트를 가리킵니다: 클라이언트는 보통 높은 포트를 알려 줍니다; 1024 미만이면 "
                  "서버가 다른 서비스에 접속하게 됩니다 (바운스 공격이나 특이한 설정)";
        ctx_.results.note(frame, ids_.ftp_unusual_port, std::move(text));
    }
}

}  // namespace convdiag
