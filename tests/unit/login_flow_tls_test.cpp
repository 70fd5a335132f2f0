#include <gtest/gtest.h>

#include "tests/unit/login_flow_test_bytes.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

struct TlsFixture {
    EngineHarness h;
    Timeline t{h};
    Connection c{t, "10.0.0.1", 40000, "10.0.0.9", 443, 0};
};

}  // namespace

TEST(LoginFlowTls, SessionIdEchoWithoutCertificateIsResumed) {
    TlsFixture f;
    f.c.open(0);
    const FrameNumber hello =
        f.c.client(3, client_hello({"www.example.com", "ABCDEFGH", false, false}));
    const FrameNumber answer =
        f.c.server(30, server_hello({"ABCDEFGH", false, false, false}) + change_cipher_spec());
    EXPECT_EQ(f.h.number(answer, "convdiag.tls.reused"), 1);
    EXPECT_EQ(f.h.number(hello, "convdiag.tls.reused"), 1);
}

TEST(LoginFlowTls, FullHandshakeWithCertificateIsNotResumed) {
    TlsFixture f;
    f.c.open(0);
    const FrameNumber hello = f.c.client(3, client_hello({"www.example.com", "", false, false}));
    f.c.server(30, server_hello({"NEWSESSIONID", false, false, true}));
    f.c.client(31, client_key_exchange() + change_cipher_spec());
    EXPECT_EQ(f.h.number(hello, "convdiag.tls.reused"), 0);
}

TEST(LoginFlowTls, TicketResumptionSeenWhenClientSkipsKeyExchange) {
    TlsFixture f;
    f.c.open(0);
    const FrameNumber hello = f.c.client(3, client_hello({"www.example.com", "", true, false}));
    const FrameNumber sh = f.c.server(30, server_hello({"", false, false, false}));
    EXPECT_FALSE(f.h.has(sh, "convdiag.tls.reused"));  // not decided by the ServerHello alone
    const FrameNumber ccs = f.c.client(31, change_cipher_spec() + app_data(40));
    EXPECT_EQ(f.h.number(ccs, "convdiag.tls.reused"), 1);
    EXPECT_EQ(f.h.number(hello, "convdiag.tls.reused"), 1);
}

TEST(LoginFlowTls, Tls13EchoIsNotResumptionButAcceptedPskIs) {
    {
        TlsFixture f;
        f.c.open(0);
        const FrameNumber hello =
            f.c.client(3, client_hello({"www.example.com", std::string(32, 'i'), false, false}));
        f.c.server(30, server_hello({std::string(32, 'i'), true, false, false}) +
                           change_cipher_spec() + app_data(900));
        EXPECT_EQ(f.h.number(hello, "convdiag.tls.reused"), 0);
    }
    {
        TlsFixture f;
        f.c.open(0);
        const FrameNumber hello =
            f.c.client(3, client_hello({"www.example.com", std::string(32, 'i'), false, true}));
        f.c.server(30, server_hello({std::string(32, 'i'), true, true, false}));
        EXPECT_EQ(f.h.number(hello, "convdiag.tls.reused"), 1);
    }
}

TEST(LoginFlowTls, ClientAlertAfterCertificateIsExplained) {
    TlsFixture f;
    f.c.open(0);
    f.c.client(3, client_hello({"lab.example.com", "", false, false}));
    f.c.server(30, server_hello({"S1", false, false, true}));
    const FrameNumber alert = f.c.client(31, tls_alert(2, 48));
    const std::string text = f.h.text(alert, "convdiag.tls.alert");
    EXPECT_NE(text.find("unknown_ca"), std::string::npos) << text;
    EXPECT_NE(text.find("self-signed"), std::string::npos) << text;
    EXPECT_NE(f.h.notes(alert).find("after the server's certificate"), std::string::npos);
}

TEST(LoginFlowTls, ClientCloseRightAfterCertificateIsExplained) {
    TlsFixture f;
    f.c.open(0);
    f.c.client(3, client_hello({"lab.example.com", "", false, false}));
    f.c.server(30, server_hello({"S1", false, false, true}));
    const FrameNumber fin = f.c.client_close(32);
    EXPECT_NE(f.h.text(fin, "convdiag.tls.alert").find("closed the connection (FIN)"),
              std::string::npos);
}

TEST(LoginFlowTls, NoExplanationForCompletedOrResumedHandshakes) {
    {
        TlsFixture f;  // full handshake, then a normal close
        f.c.open(0);
        f.c.client(3, client_hello({"www.example.com", "", false, false}));
        f.c.server(30, server_hello({"S1", false, false, true}));
        f.c.client(31, client_key_exchange() + change_cipher_spec());
        const FrameNumber fin = f.c.client_close(500);
        EXPECT_FALSE(f.h.has(fin, "convdiag.tls.alert"));
    }
    {
        TlsFixture f;  // a resumed session never shows a certificate
        f.c.open(0);
        f.c.client(3, client_hello({"www.example.com", "SID", false, false}));
        f.c.server(30, server_hello({"SID", false, false, false}));
        const FrameNumber fin = f.c.client_close(31);
        EXPECT_FALSE(f.h.has(fin, "convdiag.tls.alert"));
    }
}
