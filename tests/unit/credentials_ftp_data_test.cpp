#include <gtest/gtest.h>

#include "tests/unit/credentials_test_support.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {
constexpr uint16_t SYN = tcp_flag::Syn, ACK = tcp_flag::Ack;

// Feeds a data connection from `opener` to `target` on its own stream,
// continuing the frame numbering after `after`.
FrameNumber open_data(EngineHarness &h, TcpScenario &data, FrameNumber after) {
    data.set_frame(after + 1);
    h.feed(data.packet(true, 100, SYN, 7000, 0, 64240));
    h.feed(data.packet(false, 101, SYN | ACK, 9000, 7001, 64240));
    const PacketFacts last = data.packet(true, 102, ACK, 7001, 9001, 502);
    h.feed(last);
    return last.frame;
}
}  // namespace

TEST(CredentialsFtpData, PassiveChannelConnectedBeforeTheCommand) {
    EngineHarness h;
    TcpScenario control("172.16.16.128", 2555, "172.16.16.121", 21, 0);
    Dialogue d(h, control);
    d.server("220 ready\r\n");
    d.client("PASV\r\n");
    const FrameNumber announce = d.server("227 Entering Passive Mode (172,16,16,121,192,14)\r\n");
    EXPECT_EQ(h.text(announce, kMode), "passive");
    EXPECT_EQ(h.text(announce, kEndpoint), "172.16.16.121:49166");

    TcpScenario data("172.16.16.128", 2559, "172.16.16.121", 49166, 1);
    const FrameNumber opened = open_data(h, data, announce);
    EXPECT_FALSE(h.has(opened, kControl));  // not known before STOR
    EXPECT_FALSE(h.has(opened, kTransfer));

    control.set_frame(opened + 1);
    const FrameNumber stor = d.client("STOR store4829-03222010.csv\r\n");
    for (FrameNumber f = announce + 1; f <= opened; ++f) {
        EXPECT_EQ(h.text(f, kTransfer), "STOR store4829-03222010.csv") << f;
        EXPECT_EQ(h.number(f, kControl), stor) << f;
    }
    data.set_frame(stor + 1);
    const PacketFacts bytes = data.packet(true, 200, ACK, 7001, 9001, 502, "a,b,c\n");
    h.feed(bytes);
    EXPECT_EQ(h.text(bytes.frame, kTransfer), "STOR store4829-03222010.csv");
    EXPECT_FALSE(h.has(stor, kTransfer));  // the control connection is not the data channel
}

TEST(CredentialsFtpData, ActiveChannelOpenedByTheServer) {
    EngineHarness h;
    TcpScenario control("10.77.1.2", 41878, "10.77.2.2", 21, 0);
    Dialogue d(h, control);
    d.server("220 ready\r\n");
    const FrameNumber port = d.client("PORT 10,77,1,2,158,101\r\n");
    d.server("200 PORT command successful.\r\n");
    const FrameNumber stor = d.client("STOR upload.txt\r\n");
    EXPECT_EQ(h.text(port, kMode), "active");
    EXPECT_EQ(h.text(port, kEndpoint), "10.77.1.2:40549");
    // The client's own address, a high port: explained, but nothing odd to warn about.
    EXPECT_NE(h.notes(port).find("Active FTP data channel (PORT)"), std::string::npos);
    EXPECT_EQ(h.notes(port).find("bounce"), std::string::npos);
    EXPECT_EQ(h.notes(port).find("below 1024"), std::string::npos);
    EXPECT_NE(h.notes(stor).find("STOR upload.txt: the file is uploaded in clear text"),
              std::string::npos);

    TcpScenario data("10.77.2.2", 20, "10.77.1.2", 40549, 1);
    const FrameNumber opened = open_data(h, data, stor);
    EXPECT_EQ(h.text(opened, kTransfer), "STOR upload.txt");
    EXPECT_EQ(h.number(opened - 2, kControl), stor);
}

TEST(CredentialsFtpData, ExtendedModesAndBounceWarnings) {
    EngineHarness h;
    TcpScenario control("10.0.0.5", 40000, "10.0.0.9", 21, 0);
    Dialogue d(h, control);
    d.server("220 ready\r\n");
    d.client("EPSV\r\n");
    const FrameNumber epsv = d.server("229 Entering Extended Passive Mode (|||40001|)\r\n");
    EXPECT_EQ(h.text(epsv, kMode), "extended-passive");
    EXPECT_EQ(h.text(epsv, kEndpoint), "10.0.0.9:40001");
    const FrameNumber eprt = d.client("EPRT |1|10.0.0.5|34945|\r\n");
    EXPECT_EQ(h.text(eprt, kMode), "extended-active");
    const FrameNumber bounce = d.client("PORT 192,168,1,20,0,25\r\n");
    EXPECT_EQ(h.text(bounce, kMode), "active");
    const std::string notes = h.notes(bounce);
    EXPECT_NE(notes.find("FTP bounce"), std::string::npos) << notes;
    EXPECT_NE(notes.find("192.168.1.20:25"), std::string::npos) << notes;
    EXPECT_NE(notes.find("to port 25 of 192.168.1.20"), std::string::npos) << notes;
}

TEST(CredentialsFtpData, ChannelWithoutCommandPointsToItsAnnouncementAtTheEnd) {
    EngineHarness h;
    TcpScenario control("10.0.0.5", 40000, "10.0.0.9", 21, 0);
    Dialogue d(h, control);
    d.client("PASV\r\n");
    const FrameNumber announce = d.server("227 Entering Passive Mode (10,0,0,9,156,65)\r\n");
    TcpScenario data("10.0.0.5", 5000, "10.0.0.9", 40001, 1);
    const FrameNumber opened = open_data(h, data, announce);
    EXPECT_FALSE(h.has(opened, kControl));
    h.finish();
    EXPECT_EQ(h.number(opened, kControl), announce);
    EXPECT_FALSE(h.has(opened, kTransfer));
}

TEST(CredentialsFtpData, UnrelatedConnectionIsNotAChannel) {
    EngineHarness h;
    TcpScenario control("10.0.0.5", 40000, "10.0.0.9", 21, 0);
    Dialogue d(h, control);
    d.client("PASV\r\n");
    const FrameNumber announce = d.server("227 Entering Passive Mode (10,0,0,9,156,65)\r\n");
    // Same port, but another client: not this session's channel.
    TcpScenario other("10.0.0.66", 5000, "10.0.0.9", 40001, 1);
    const FrameNumber f = open_data(h, other, announce);
    EXPECT_FALSE(h.has(f, kControl));
}
