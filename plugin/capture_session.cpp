#include "plugin/capture_session.h"

#include "plugin/preferences.h"

namespace convdiag_plugin {

namespace {
std::unique_ptr<convdiag::Engine> &current() {
    static std::unique_ptr<convdiag::Engine> engine;
    return engine;
}
}  // namespace

void CaptureSession::open() { current() = std::make_unique<convdiag::Engine>(settings_from_preferences()); }

void CaptureSession::close() { current().reset(); }

convdiag::Engine *CaptureSession::engine() { return current().get(); }

}  // namespace convdiag_plugin
