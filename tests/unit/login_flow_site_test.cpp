#include <gtest/gtest.h>

#include "expert/detectors/login_flow/login_flow_classifier.h"
#include "expert/detectors/login_flow/registrable_domain.h"
#include "expert/detectors/login_flow/site_resolver.h"

using namespace convdiag;

TEST(LoginFlowRegistrableDomain, SubdomainsOfOneSiteShareIt) {
    EXPECT_EQ(registrable_domain("login.example.com"), "example.com");
    EXPECT_EQ(registrable_domain("www.example.com"), "example.com");
    EXPECT_EQ(registrable_domain("a.b.c.example.com"), "example.com");
    EXPECT_EQ(registrable_domain("example.com"), "example.com");
    EXPECT_EQ(registrable_domain("WWW.Example.COM."), "example.com");
}

TEST(LoginFlowRegistrableDomain, MultiLabelPublicSuffixesKeepThreeLabels) {
    EXPECT_EQ(registrable_domain("www.naver.co.kr"), "naver.co.kr");
    EXPECT_EQ(registrable_domain("nid.naver.co.kr"), "naver.co.kr");
    EXPECT_NE(registrable_domain("www.naver.co.kr"), registrable_domain("www.daum.co.kr"));
    EXPECT_EQ(registrable_domain("portal.snu.ac.kr"), "snu.ac.kr");
    EXPECT_EQ(registrable_domain("www.gov.go.kr"), "gov.go.kr");
    EXPECT_EQ(registrable_domain("news.bbc.co.uk"), "bbc.co.uk");
    EXPECT_EQ(registrable_domain("www.abc.net.au"), "abc.net.au");
    EXPECT_EQ(registrable_domain("www.yahoo.co.jp"), "yahoo.co.jp");
    EXPECT_EQ(registrable_domain("co.kr"), "co.kr");
    // go.com is a registrable domain under .com, not a public suffix.
    EXPECT_EQ(registrable_domain("assets.espn.go.com"), "go.com");
}

TEST(LoginFlowRegistrableDomain, AddressesAndSingleLabelsStayAsTheyAre) {
    EXPECT_EQ(registrable_domain("10.0.0.5"), "10.0.0.5");
    EXPECT_EQ(registrable_domain("fe80::1"), "fe80::1");
    EXPECT_EQ(registrable_domain("appserver"), "appserver");
    EXPECT_EQ(registrable_domain(""), "");
    EXPECT_TRUE(is_ip_literal("192.168.0.1"));
    EXPECT_FALSE(is_ip_literal("example.com"));
}

TEST(LoginFlowSiteResolver, WireNameWinsThenLearnedNameThenAddress) {
    SiteResolver sites;
    const IpAddress server = IpAddress::parse("10.0.0.5");
    EXPECT_EQ(sites.site_for("", server), "10.0.0.5");
    sites.learn(server, "login.example.com");
    EXPECT_EQ(sites.site_for("", server), "example.com");
    EXPECT_EQ(sites.site_for("www.other.org", server), "other.org");
    sites.learn(server, "10.0.0.5");  // an address names nothing: ignored
    EXPECT_EQ(sites.name_of(server), "login.example.com");
}

TEST(LoginFlowSiteResolver, ForgetsOldestBeyondCapacity) {
    SiteResolver sites(2);
    sites.learn(IpAddress::parse("10.0.0.1"), "a.example.com");
    sites.learn(IpAddress::parse("10.0.0.2"), "b.example.com");
    sites.learn(IpAddress::parse("10.0.0.3"), "c.example.com");
    EXPECT_EQ(sites.size(), 2u);
    EXPECT_EQ(sites.name_of(IpAddress::parse("10.0.0.1")), "");
    EXPECT_EQ(sites.name_of(IpAddress::parse("10.0.0.3")), "c.example.com");
}

TEST(LoginFlowClassifier, RulesInOrder) {
    LoginObservations seen;
    EXPECT_EQ(classify_login_flow(seen), LoginFlow::None);
    seen.cleartext_before_tls = true;
    EXPECT_EQ(classify_login_flow(seen), LoginFlow::None);
    seen.cleartext_secret = true;
    EXPECT_EQ(classify_login_flow(seen), LoginFlow::CleartextOnly);
    seen.tls_seen = true;  // plain first, then TLS without a redirect: no class
    EXPECT_EQ(classify_login_flow(seen), LoginFlow::None);
    seen.https_redirect_before_tls = true;
    EXPECT_EQ(classify_login_flow(seen), LoginFlow::HttpsUpgrade);
    seen.cleartext_after_tls = true;
    EXPECT_EQ(classify_login_flow(seen), LoginFlow::TlsThenHttp);

    LoginObservations tls_only;
    tls_only.tls_seen = true;
    EXPECT_EQ(classify_login_flow(tls_only), LoginFlow::PersistentTls);
    EXPECT_STREQ(login_flow_name(LoginFlow::PersistentTls), "persistent-tls");
    EXPECT_STREQ(login_flow_name(LoginFlow::TlsThenHttp), "tls-then-http");
    EXPECT_STREQ(login_flow_name(LoginFlow::HttpsUpgrade), "https-upgrade");
    EXPECT_STREQ(login_flow_name(LoginFlow::CleartextOnly), "cleartext-only");
}
