// CredentialsDetector: passwords that cross the network in clear text (FTP,
// HTTP Basic and forms, POP3, IMAP, SMTP AUTH, Telnet), whether the server
// accepted them, repeated failures (brute force), readable form content, and
// FTP data channels with the transfer each one carried.
#pragma once

#include "expert/core/detector.h"
#include "expert/detectors/credentials/credential_ids.h"

namespace convdiag {

class CredentialsFactory : public DetectorFactory {
  public:
    void declare(Schema &schema) override;
    std::unique_ptr<Detector> create(AnalysisContext &context) const override;

  private:
    CredentialIds ids_{};
};

}  // namespace convdiag
