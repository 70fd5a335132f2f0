#include "expert/detectors/login_flow/tls_alert_explainer.h"

#include <string>

#include "expert/parsers/tls_record.h"

namespace convdiag {

namespace {

// Why a client would send this alert at this point of the handshake.
Text reason_for(uint8_t description) {
    switch (description) {
        case 48:  // unknown_ca
            return {
                "it does not trust the certificate's issuer (a self-signed certificate or a "
                "private CA not installed in the client)",
                "인증서 발급자(CA)를 신뢰하지 않습니다 (자체 서명 인증서이거나 클라이언트에 "
                "설치되지 않은 사설 CA)"};
        case 42:  // bad_certificate
        case 46:  // certificate_unknown
            return {
                "it rejected the certificate (often self-signed, or issued for another name)",
                "인증서를 거부했습니다 (대개 자체 서명 인증서이거나 다른 이름으로 발급된 인증서)"};
        case 43:
            return {"it cannot use this kind of certificate",
                    "이 종류의 인증서를 사용할 수 없습니다"};
        case 44:
            return {"the certificate has been revoked", "인증서가 폐기(revoked)되었습니다"};
        case 45:
            return {"the certificate has expired (or the client's clock is wrong)",
                    "인증서가 만료되었습니다 (또는 클라이언트 시계가 틀렸습니다)"};
        case 40:
            return {"no common parameters could be agreed (cipher suite, version, key)",
                    "공통 파라미터(cipher suite, 버전, 키)를 합의하지 못했습니다"};
        case 70:
            return {"it does not accept the TLS version the server chose",
                    "서버가 고른 TLS 버전을 받아들이지 않습니다"};
        case 112:
            return {"the server does not know the requested name (SNI)",
                    "서버가 요청한 이름(SNI)을 모릅니다"};
        case 90:
            return {"the user cancelled (for example closed a certificate warning)",
                    "사용자가 취소했습니다 (예: 인증서 경고 창을 닫음)"};
        case 0:
            return {
                "it ended the connection before finishing the handshake (often a certificate "
                "warning the user did not accept)",
                "handshake를 마치기 전에 연결을 끝냈습니다 (대개 사용자가 받아들이지 않은 "
                "인증서 경고)"};
        default:
            return {"the handshake failed on the client's side",
                    "클라이언트 쪽에서 handshake가 실패했습니다"};
    }
}

}  // namespace

Text explain_client_refusal(const ClientRefusal &r) {
    const std::string what_en =
        r.certificate_seen ? "the server's certificate" : "the server's handshake messages";
    const std::string what_ko = r.certificate_seen ? "서버 인증서" : "서버의 handshake 메시지";
    Text text;
    if (r.alert) {
        const Text why = reason_for(*r.alert);
        const std::string name = tls_alert_name(*r.alert);
        text.en = "The client sent TLS alert " + name + " (" + std::to_string(*r.alert) +
                  ") after " + what_en + ": " + why.en;
        text.ko = "클라이언트가 " + what_ko + "를 받은 뒤 TLS alert " + name + " (" +
                  std::to_string(*r.alert) + ")를 보냈습니다: " + why.ko;
        return text;
    }
    const char *how = r.closed_with_rst ? "RST" : "FIN";
    text.en = std::string("The client closed the connection (") + how + ") right after " + what_en +
              " without continuing the handshake: it most likely refused the certificate "
              "(self-signed or not trusted); a browser shows a certificate warning here";
    text.ko = "클라이언트가 " + what_ko +
              "를 받은 직후 handshake를 계속하지 않고 연결을 닫았습니다 (" + how +
              "): 인증서를 거부했을 가능성이 큽니다 (자체 서명 또는 신뢰하지 않는 인증서); "
              "브라우저라면 여기서 인증서 경고를 보여 줍니다";
    return text;
}

}  // namespace convdiag
