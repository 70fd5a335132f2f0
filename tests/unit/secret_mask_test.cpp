// convdiag.mask_passwords: a masked secret tells nothing about itself, and URLs in
// redirects lose their user-info and secret-named parameters.
#include "expert/core/secret_mask.h"

#include <gtest/gtest.h>

#include "expert/core/url_secrets.h"
#include "expert/core/utf8.h"

namespace convdiag {
namespace {

TEST(SecretMask, RevealsNeitherCharactersNorLength) {
    EXPECT_EQ(mask_secret("p@ssw0rd"), "********");
    EXPECT_EQ(mask_secret("x"), "********");
    EXPECT_EQ(mask_secret(std::string(40, 'a')), "********");
    EXPECT_EQ(mask_secret(""), "");
}

TEST(SecretMask, NonAsciiSecretGivesValidUtf8) {
    const std::string korean = "\xEB\xB9\x84\xEB\xB0\x80\xEB\xB2\x88\xED\x98\xB8";  // 비밀번호
    const std::string masked = mask_secret(korean);
    EXPECT_EQ(masked, "********");
    EXPECT_TRUE(is_valid_utf8(mask_in_text("pw " + korean + " end", korean)));
    EXPECT_EQ(mask_in_text("pw " + korean + " end", korean), "pw ******** end");
}

TEST(SecretMask, EveryOccurrenceInATextIsMasked) {
    EXPECT_EQ(mask_in_text("a labpass1 b labpass1", "labpass1"), "a ******** b ********");
    EXPECT_EQ(mask_in_text("nothing here", "labpass1"), "nothing here");
    EXPECT_EQ(mask_in_text("**", "*"), "****************");
}

TEST(UrlSecrets, SecretNamedParametersAreRecognised) {
    for (const char *name : {"password", "passwd", "pass", "pwd", "secret", "token", "api_key",
                             "apiKey", "API-KEY", "auth", "session", "sessionid", "access_token",
                             "client_secret", "user[password]", "pass%77ord", "PHPSESSID"})
        EXPECT_TRUE(looks_like_secret_parameter(name)) << name;
    for (const char *name : {"user", "page", "q", "lang", "next", "redirect", ""})
        EXPECT_FALSE(looks_like_secret_parameter(name)) << name;
}

TEST(UrlSecrets, QueryValuesAndUserInfoAreMasked) {
    EXPECT_EQ(mask_url_secrets("http://h/login?user=erin&password=p%40ss%21word"),
              "http://h/login?user=erin&password=********");
    EXPECT_EQ(mask_url_secrets("/next?token=abc;page=2#frag"), "/next?token=********;page=2#frag");
    EXPECT_EQ(mask_url_secrets("https://erin:hunter2@h.example/x"), "https://********@h.example/x");
    EXPECT_EQ(mask_url_secrets("https://h/cb#access_token=xyz&state=1"),
              "https://h/cb#access_token=********&state=1");
    EXPECT_EQ(mask_url_secrets("?pwd=%EB%B9%84"), "?pwd=********");
}

TEST(UrlSecrets, UrlsWithoutSecretsAreUnchanged) {
    for (const char *url : {"http://h/a/b", "/old", "http://h/?q=1&page=2", "http://h/@x",
                            "https://h:8443/p?password", "mailto:erin@h", ""})
        EXPECT_EQ(mask_url_secrets(url), url);
}

}  // namespace
}  // namespace convdiag
