// Plain-HTTP logins: Authorization/Proxy-Authorization Basic headers and HTML
// forms (urlencoded or multipart, in a POST body or a query string) with a
// password field; other form content is listed by field name. The response
// that answers the request gives the verdict.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "expert/detectors/credentials/form_fields.h"
#include "expert/detectors/credentials/login_session.h"
#include "expert/parsers/http_message.h"

namespace convdiag {

class HttpLoginExtractor : public LoginSession {
  public:
    using LoginSession::LoginSession;

    void on_bytes(bool from_client, const FreshBytes &fresh, const PacketFacts &packet,
                  SessionServices &services) override;
    bool at_rest() const override;
    // Whether `bytes` from the client start a request: the only input that changes a
    // fresh extractor.
    static bool starts_request(ByteView bytes);

  private:
    enum class Mode : uint8_t { Idle, Head, Body, Skip };
    enum class FormKind : uint8_t { None, UrlEncoded, Multipart };

    void on_client(std::string_view input, const PacketFacts &packet, SessionServices &services);
    // Bytes of `data` (the current message's bytes so far) that finish its head or
    // body, or nothing while that part is incomplete.
    std::optional<size_t> try_complete(std::string_view data, const PacketFacts &packet,
                                       SessionServices &services);
    void on_head(const HttpRequest &request, const PacketFacts &packet, SessionServices &services);
    void on_form(const FormFields &fields, const PacketFacts &packet, SessionServices &services);
    void on_server(std::string_view input, const PacketFacts &packet, SessionServices &services);
    void expose(CredentialProtocol protocol, std::string user, std::string password,
                const PacketFacts &packet, SessionServices &services);
    void reset_client();

    Mode mode_ = Mode::Idle;
    FormKind form_ = FormKind::None;
    std::string boundary_;
    std::string buffer_;  // a head or form body split across segments, until complete
    uint64_t body_total_ = 0;
    uint64_t body_needed_ = 0;
    uint64_t skip_ = 0;
    // Requests waiting for their response, numbered in order: the oldest is number
    // answered_, the newest requested_ - 1; at most kMaxOutstanding (then the oldest is
    // forgotten). Few carry a credential, so a number is all a request keeps.
    static constexpr uint32_t kMaxOutstanding = 16;
    uint32_t requested_ = 0;
    uint32_t answered_ = 0;
    // Credentials awaiting the response to the request (by number) that carried them.
    std::vector<std::pair<uint32_t, CredentialAttempt>> attempts_;
};

}  // namespace convdiag
