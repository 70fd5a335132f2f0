#include "expert/engine/engine.h"

#include "expert/engine/detector_catalog.h"

namespace convdiag {

namespace {

Language language_of(const Settings &settings) {
    const int language = Engine::schema().pref_index("language");
    return language >= 0 && settings.get(static_cast<PrefId>(language)) == 1 ? Language::Korean
                                                                             : Language::English;
}

}  // namespace

const Schema &Engine::schema() { return detector_catalog().schema; }

Engine::Engine(const Settings &settings, Nanoseconds quiet_after)
    : settings_(settings),
      results_(language_of(settings_), &texts_),
      tables_(schema(), &texts_),
      tcp_(kRetirementGrace, quiet_after),
      context_{schema(), settings_, results_, tables_, tcp_},
      artefacts_(results_, detector_catalog().capture_artefacts) {
    for (const auto &factory : detector_catalog().factories)
        detectors_.push_back(factory->create(context_));
}

Engine::~Engine() = default;

void Engine::on_packet(const PacketFacts &packet) {
    if (finished_) return;
    // The end of the capture is its latest time, even in a file whose time goes back.
    if (!timed_ || packet.time > last_time_) last_time_ = packet.time;
    timed_ = true;
    last_frame_ = packet.frame;
    artefacts_.observe_time(packet);
    tcp_.retire_idle(packet.time);
    if (packet.is_icmp_error()) {
        if (artefacts_.screen(packet, nullptr) == Screening::Fresh) on_icmp_error(packet);
        return;
    }
    TcpConversation *conversation = tcp_.lookup(packet);
    // Copies and repeats made by the capture reach no detector and move no shared state.
    if (artefacts_.screen(packet, conversation) != Screening::Fresh) return;
    // A retired conversation's detectors gave their state back: fresh state would
    // misjudge a straggler (a retransmission as a new connection, ...), so it is only
    // counted, and only verdicts that must not be lost see it (Detector::on_retired_packet).
    const bool retired = conversation && tcp_.retire_if_idle(*conversation, packet.time);
    if (retired) {
        for (auto &detector : detectors_) detector->on_retired_packet(packet, *conversation);
    } else {
        for (auto &detector : detectors_) detector->on_packet(packet, conversation);
    }
    if (conversation) tcp_.advance(*conversation, packet);
}

void Engine::on_icmp_error(const PacketFacts &packet) {
    TcpConversation *conversation = tcp_.find(packet.stream);
    if (conversation &&
        (conversation->retired || !conversation->has_endpoints(packet.src, packet.dst)))
        conversation = nullptr;
    for (auto &detector : detectors_) detector->on_icmp_error(packet, conversation);
}

void Engine::note_unanalysed(FrameNumber frame, UnanalysedReason reason,
                             const std::string &carrier) {
    if (finished_) return;
    last_frame_ = frame;
    unanalysed_.note(frame, reason, carrier);
}

void Engine::finish() {
    if (finished_) return;
    finished_ = true;
    for (auto &detector : detectors_) detector->finish(last_time_);
}

}  // namespace convdiag
