// A retransmission's fields and note are given from its record; a frame that already held
// one of those fields takes them as values of its own, with the same content.
#include "expert/detectors/tcp_timing/retransmission_records.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "expert/engine/engine.h"

using namespace convdiag;

namespace {

FieldId field(const std::string &name) {
    return static_cast<FieldId>(Engine::schema().field_index(name));
}
ExpertId expert(const std::string &name) {
    const auto &experts = Engine::schema().experts();
    for (size_t i = 0; i < experts.size(); ++i)
        if (experts[i].abbrev == name) return static_cast<ExpertId>(i);
    throw std::logic_error("unknown expert " + name);
}

TcpTimingFactory::Ids timing_ids() {
    TcpTimingFactory::Ids ids{};
    ids.cause = field("convdiag.tcp.retrans.cause");
    ids.attempt = field("convdiag.tcp.retrans.attempt");
    ids.waited = field("convdiag.tcp.retrans.waited");
    ids.expected_rto = field("convdiag.tcp.retrans.expected_rto");
    ids.observed_rto = field("convdiag.tcp.observed_rto");
    ids.backoff = field("convdiag.tcp.backoff");
    ids.trigger = field("convdiag.tcp.retrans.trigger");
    ids.retrans_rto = expert("convdiag.tcp.retrans.rto");
    ids.retrans_fast = expert("convdiag.tcp.retrans.fast");
    ids.retrans_spurious = expert("convdiag.tcp.retrans.spurious");
    ids.retrans_syn = expert("convdiag.tcp.retrans.syn_rto");
    return ids;
}

// The frame's fields as sorted "name=value" lines, then its notes.
std::vector<std::string> contents(const ResultStore &store, FrameNumber frame) {
    std::vector<std::string> out;
    const FrameResults *r = store.find(frame);
    if (!r) return out;
    for (const FieldValue &fv : r->fields)
        out.push_back(Engine::schema().fields()[fv.field].abbrev + "=" + fv.value.to_display());
    std::sort(out.begin(), out.end());
    for (const ExpertNote &n : r->notes) out.push_back(std::string(n.text.en.view()));
    return out;
}

}  // namespace

TEST(RetransmissionRecords, AFrameGivenItsOwnValuesShowsWhatARecordGives) {
    ResultStore store;
    const TcpTimingFactory::Ids ids = timing_ids();
    RetransmissionRecords records(ids, store);

    RetransmissionReport fast;
    fast.cause = RetransmissionCause::Fast;
    fast.seq = 4'000'000'000u;
    fast.attempt = 1;
    fast.waited = 6'500'000'000;  // beyond 32 bits
    fast.expected_rto = -1;
    fast.triggers = {90, 91, 92};
    fast.duplicate_acks = 3;
    fast.sack_bytes_beyond = 2896;
    fast.recovery_frame = 80;

    RetransmissionReport timeout;
    timeout.cause = RetransmissionCause::Rto;
    timeout.seq = 1;
    timeout.attempt = 2;
    timeout.waited = 420'000'000;
    timeout.expected_rto = 400'000'000;
    timeout.estimator_has_sample = true;
    timeout.observed_rto = 210'000'000;
    timeout.backoff = 2;
    timeout.step = 2;

    records.write(100, fast, 0);
    records.write(200, timeout, 150);
    // The same reports on frames that held a value of one of the fields already.
    store.set(101, ids.attempt, Value::unsigned_int(7));
    store.add(101, ids.trigger, Value::frame(5));
    records.write(101, fast, 0);
    store.set(201, ids.cause, Value::string("fast"));
    records.write(201, timeout, 150);

    const std::vector<std::string> fast_contents = contents(store, 100);
    ASSERT_EQ(fast_contents.size(), 7u);  // cause, attempt, waited, 3 triggers; the note
    EXPECT_EQ(std::count_if(fast_contents.begin(), fast_contents.end(),
                            [](const std::string &s) {
                                return s.rfind("convdiag.tcp.retrans.trigger=", 0) == 0;
                            }),
              3);
    EXPECT_NE(fast_contents.back().find("Fast retransmission"), std::string::npos);
    EXPECT_EQ(contents(store, 101), fast_contents);

    const std::vector<std::string> timeout_contents = contents(store, 200);
    EXPECT_NE(std::find(timeout_contents.begin(), timeout_contents.end(),
                        "convdiag.tcp.retrans.trigger=150"),
              timeout_contents.end());
    EXPECT_NE(std::find(timeout_contents.begin(), timeout_contents.end(), "convdiag.tcp.backoff=2"),
              timeout_contents.end());
    EXPECT_EQ(contents(store, 201), timeout_contents);
}
