#include "expert/engine/detector_catalog.h"

#include "expert/detectors/connection_outcome/connection_outcome.h"
#include "expert/detectors/conversation_end/conversation_end.h"
#include "expert/detectors/conversation_table/compact_summary.h"
#include "expert/detectors/conversation_table/conversation_table.h"
#include "expert/detectors/credentials/credentials_detector.h"
#include "expert/detectors/dns/dns_transaction_tracker.h"
#include "expert/detectors/http_redirect/redirect_chain_tracker.h"
#include "expert/detectors/keepalive/keepalive_detector.h"
#include "expert/detectors/login_flow/login_flow.h"
#include "expert/detectors/report_table/report_table.h"
#include "expert/detectors/scan/syn_scan_detector.h"
#include "expert/detectors/tcp_timing/tcp_timing.h"
#include "expert/detectors/window/window_detector.h"
#include "expert/report/advice_catalog.h"

namespace convdiag {

namespace {

DetectorCatalog build_catalog() {
    DetectorCatalog catalog;
    // Order matters only for the columns of shared tables: the conversation table first.
    catalog.factories.push_back(std::make_unique<ConversationTableFactory>());
    catalog.factories.push_back(std::make_unique<ConnectionOutcomeFactory>());
    catalog.factories.push_back(std::make_unique<ConversationEndFactory>());
    catalog.factories.push_back(std::make_unique<TcpTimingFactory>());
    catalog.factories.push_back(std::make_unique<WindowDetectorFactory>());
    catalog.factories.push_back(std::make_unique<KeepAliveFactory>());
    catalog.factories.push_back(std::make_unique<LoginFlowFactory>());
    catalog.factories.push_back(std::make_unique<DnsTransactionFactory>());
    catalog.factories.push_back(std::make_unique<SynScanFactory>());
    catalog.factories.push_back(std::make_unique<RedirectChainFactory>());
    catalog.factories.push_back(std::make_unique<CredentialsFactory>());
    // Reads the columns every detector above added to summary_detail.
    catalog.factories.push_back(std::make_unique<CompactSummaryFactory>());
    // New detectors go above this line: the report table reads everyone's findings.
    catalog.factories.push_back(std::make_unique<ReportTableFactory>());
    catalog.schema.add_choice_pref("language", "Language",
                                   "Language of expert-info texts and reports",
                                   {{"en", "English"}, {"ko", "Korean (한국어)"}}, 0);
    catalog.capture_artefacts = CaptureArtefacts::declare(catalog.schema);
    for (auto &factory : catalog.factories) factory->declare(catalog.schema);
    apply_advice(catalog.schema);
    return catalog;
}

}  // namespace

const DetectorCatalog &detector_catalog() {
    static const DetectorCatalog catalog = build_catalog();
    return catalog;
}

}  // namespace convdiag
