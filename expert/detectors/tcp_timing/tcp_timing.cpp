#include "expert/detectors/tcp_timing/tcp_timing.h"

#include <algorithm>
#include <string>
#include <vector>

#include "expert/detectors/tcp_timing/delayed_ack_detector.h"
#include "expert/detectors/tcp_timing/duplicate_ack_counter.h"
#include "expert/detectors/tcp_timing/retransmission_classifier.h"
#include "expert/detectors/tcp_timing/retransmission_records.h"
#include "expert/detectors/tcp_timing/rtt_estimator.h"
#include "expert/detectors/tcp_timing/sent_segment_ledger.h"
#include "expert/detectors/tcp_timing/timing_messages.h"
#include "expert/detectors/tcp_timing/timing_quiet_form.h"
#include "expert/detectors/tcp_timing/timing_state.h"
#include "expert/tcp/sequence_math.h"

namespace convdiag {

namespace {

constexpr Nanoseconds kMillisecond = 1'000'000;
// Wireshark's reordering window when no handshake RTT is known.
constexpr Nanoseconds kDefaultReorderingWindow = 3 * kMillisecond;
constexpr uint32_t kDupThresh = 3;  // RFC 5681 / RFC 6675

bool sane_block(const SackBlock &b) {
    // A block wider than 1 GiB is garbage, not a receiver's report.
    return seq_lt(b.left, b.right) && b.right - b.left < (1u << 30);
}

class TcpTimingDetector : public Detector {
  public:
    TcpTimingDetector(const TcpTimingFactory::Ids &ids, AnalysisContext &context)
        : ids_(ids),
          ctx_(context),
          language_(context.results.language()),
          min_rto_(static_cast<Nanoseconds>(context.settings.get(ids.min_rto)) * kMillisecond),
          delayed_threshold_(
              static_cast<Nanoseconds>(context.settings.get(ids.delayed_ack_threshold)) *
              kMillisecond),
          // The rto of a sample follows from its srtt and rttvar: not stored.
          retransmissions_(ids, context.results),
          sample_fields_(context.results.define_group(
              {ids.rtt, ids.srtt, ids.rttvar, ids.rto}, [min_rto = min_rto_](const Nanoseconds *v) {
                  return RttEstimator::rto_of(v[1], v[2], min_rto);
              })) {}

    void on_packet(const PacketFacts &p, TcpConversation *c) override {
        if (!c) return;
        TimingState *st = c->existing_slot<TimingState>(ids_.slot);
        if (st && st->quiet) {  // the conversation was quiet: its full state comes back
            std::unique_ptr<ConnectionTiming> full =
                connection_timing_of(static_cast<const QuietTiming &>(*st));
            st = static_cast<TimingState *>(c->slots.put(ids_.slot, std::move(full)));
        }
        if (!st) {
            // A SYN that opens its conversation needs no state yet: the conversation keeps
            // all of it, and most such SYNs (a flood, an unanswered attempt) stay alone.
            if (c->packets == 0 && p.tcp.has(tcp_flag::Syn) &&
                !p.tcp.has(tcp_flag::Ack | tcp_flag::Rst))
                return;
            SynOnlyTiming &fresh = c->slot<SynOnlyTiming>(ids_.slot);
            if (c->packets == 1 && c->syn_seen) restore_opening_syn(fresh, *c);
            st = &fresh;
        }
        const Direction d = c->direction_of(p);
        const auto &tcp = p.tcp;
        if (tcp.has(tcp_flag::Rst)) {
            on_rst(*st, d, p);
            return;
        }
        const bool pure_syn = tcp.has(tcp_flag::Syn) && !tcp.has(tcp_flag::Ack);
        bool new_syn = false;
        if (pure_syn) {
            const SynAttempts *mine = syn_attempts(*st, d);
            if (mine && mine->transmissions > 0 && tcp.seq != mine->isn)
                reset(*st);  // a new connection reusing the ports
            new_syn = !mine || mine->transmissions == 0 || tcp.seq != mine->isn;
        }
        // The SYN tier holds the client's SYN only, first sent as the conversation's first
        // packet; anything more needs the connection tier.
        const bool needs_connection =
            tcp.has(tcp_flag::Ack) || (pure_syn && d != kClientToServer) ||
            (new_syn && p.frame != c->first_frame) ||
            (!tcp.has(tcp_flag::Syn) && (p.payload_length > 0 || tcp.has(tcp_flag::Fin)));
        if (!st->is_connection && !needs_connection) {
            if (pure_syn)
                on_syn(*st, static_cast<SynOnlyTiming &>(*st).client_syn.attempts, nullptr, *c, d,
                       p);
            return;
        }
        ConnectionTiming &ct = connection_of(*c, *st);  // `st` may be gone from here on
        if (tcp.has(tcp_flag::Ack)) on_ack(ct, *c, d, p);
        if (tcp.has(tcp_flag::Syn)) {
            on_syn(ct, ct.syn[d], &ct, *c, d, p);
        } else if (p.payload_length > 0 || tcp.has(tcp_flag::Fin)) {
            on_segment(ct, *c, d, p);
        }
    }

  private:
    static const SynAttempts *syn_attempts(const TimingState &st, Direction d) {
        if (st.is_connection) return &static_cast<const ConnectionTiming &>(st).syn[d];
        if (d != kClientToServer) return nullptr;
        return &static_cast<const SynOnlyTiming &>(st).client_syn.attempts;
    }

    // Replaces the SYN tier with the connection tier on the first ACK or data. Until
    // then only the client's SYNs were seen: its ledger entry, the fresh estimators and
    // the latest SYN time are rebuilt exactly from the SYN tier.
    ConnectionTiming &connection_of(TcpConversation &c, TimingState &st) {
        if (st.is_connection) return static_cast<ConnectionTiming &>(st);
        const SynOnlyTiming &syn_only = static_cast<const SynOnlyTiming &>(st);
        const PendingSyn &pending = syn_only.client_syn;
        auto ct = std::make_unique<ConnectionTiming>();
        ct->syn_retransmissions = syn_only.syn_retransmissions;
        ct->syn[kClientToServer] = pending.attempts;
        DirectionTiming &client = ct->dir[kClientToServer];
        if (pending.attempts.transmissions > 0) {
            client.highest_seq_time = c.first_time;  // the SYN was the first packet
            ct->syn_time_then_handshake_rtt = pending.attempts.last_time;
        }
        if (pending.awaiting_ledger) client.sent.restore(pending.as_segment());
        return static_cast<ConnectionTiming &>(*c.slots.put(ids_.slot, std::move(ct)));
    }

    // Same state as a fresh conversation's, except the retransmission counts: the summary
    // counts every attempt on these ports.
    static void reset(TimingState &st) {
        if (!st.is_connection) {
            static_cast<SynOnlyTiming &>(st).client_syn = PendingSyn();
            return;
        }
        ConnectionTiming &ct = static_cast<ConnectionTiming &>(st);
        for (SynAttempts &syn : ct.syn) syn = SynAttempts();
        for (DirectionTiming &dt : ct.dir) dt = DirectionTiming();
        ct.handshake_rtt_known = false;
        ct.syn_time_then_handshake_rtt = 0;
        ct.shown_rtt_of = 0;
    }

    uint32_t shown_seq(const TcpConversation &c, Direction d, uint32_t seq) const {
        return c.flow[d].isn_known ? seq - c.flow[d].isn : seq;
    }

    // Connection over: nothing is outstanding, nothing acknowledged any more, so the
    // ledgers' and recoveries' storage goes back.
    static void on_rst(TimingState &st, Direction d, const PacketFacts &p) {
        if (!st.is_connection) {
            PendingSyn &client = static_cast<SynOnlyTiming &>(st).client_syn;
            // The server has sent no SYN in this tier.
            if (d == kServerToClient && client.attempts.transmissions > 0)
                client.attempts.refused_by_rst = p.frame;
            client.awaiting_ledger = false;
            return;
        }
        ConnectionTiming &ct = static_cast<ConnectionTiming &>(st);
        SynAttempts &peer = ct.syn[opposite(d)];
        if (peer.transmissions > 0 && ct.syn[d].transmissions == 0) peer.refused_by_rst = p.frame;
        for (auto &dt : ct.dir) {
            dt.sent.clear();
            dt.acks.reset();
            dt.loss.reset();
        }
    }

    void on_ack(ConnectionTiming &data, const TcpConversation &c, Direction d,
                const PacketFacts &p) {
        const auto &tcp = p.tcp;
        const Direction data_dir = opposite(d);
        DirectionTiming &receiver = data.dir[d];
        DirectionTiming &sender = data.dir[data_dir];
        const TcpFlow &data_flow = c.flow[data_dir];
        const bool pure = p.payload_length == 0 && !tcp.has(tcp_flag::Syn | tcp_flag::Fin);
        const uint32_t old_ack = receiver.acks.ack_value();
        const bool old_ack_known = receiver.acks.known();
        const bool ack_advances = !old_ack_known || seq_gt(tcp.ack, old_ack);

        bool sack_beyond = false;
        for (uint8_t i = 0; i < tcp.sack_count && i < kMaxTimedSackBlocks; ++i)
            if (sane_block(tcp.sack[i]) && seq_gt(tcp.sack[i].left, tcp.ack)) sack_beyond = true;

        AckFacts a;
        a.ack = tcp.ack;
        a.window = tcp.window;
        a.pure = pure;
        a.data_outstanding = data_flow.next_seq_known && seq_lt(tcp.ack, data_flow.next_seq);
        a.sack_beyond_ack = sack_beyond;
        a.frame = p.frame;
        // Also raises the highest ACK value when this one advances it.
        const uint32_t dup = receiver.acks.on_ack(a);
        if (dup > 0 && dup <= LossSignals::kRememberedDuplicates)
            receiver.loss_signals().duplicate_frames[dup - 1] = p.frame;
        if (dup > 0) receiver.loss_signals().latest_signal = p.time;
        if (dup > 0) {
            ctx_.results.set(p.frame, ids_.dupack_num, Value::unsigned_int(dup));
            ctx_.results.note(p.frame, ids_.dupack,
                              duplicate_ack_text(language_, dup, shown_seq(c, data_dir, tcp.ack)));
        }

        if (ack_advances) {
            receiver.highest_ack_frame = p.frame;
            if (receiver.loss) receiver.loss->sack_count = 0;
        } else if (seq_lt(tcp.ack, old_ack)) {
            return;  // an old ACK overtaken on the way: its SACK blocks are stale too
        }
        if (tcp.sack_count > 0) {
            if (receiver.loss) receiver.loss->sack_count = 0;
            for (uint8_t i = 0; i < tcp.sack_count && i < kMaxTimedSackBlocks; ++i) {
                const SackBlock &b = tcp.sack[i];
                if (!sane_block(b) || !seq_gt(b.left, tcp.ack)) continue;
                LossSignals &loss = receiver.loss_signals();
                loss.sack[loss.sack_count++] = b;
                loss.latest_signal = p.time;
            }
        }
        if (!ack_advances) return;

        // New data acknowledged: the sender's backoff is over (its timer is re-armed
        // from the RTO, RFC 6298 5.7 and what stacks do).
        if (sender.loss) sender.loss->in_backoff = false;
        if (sender.in_recovery() && seq_ge(tcp.ack, sender.loss->recovery_point))
            sender.loss->end_recovery();
        const AckOutcome out = sender.sent.acknowledge(tcp.ack);
        // Karn's rule: a resent segment's ACK may answer either transmission.
        if (!out.exact || out.timed.retransmitted()) return;
        const Nanoseconds rtt = p.time - out.timed.last_sent;
        if (rtt < 0) return;

        DelayedAckFacts f;
        f.pure_ack = pure;
        f.one_whole_segment = out.segments_acked == 1 && out.timed.carries_payload &&
                              old_ack_known && old_ack == out.timed.seq;
        f.segment_resent = out.timed.retransmitted();
        f.since_segment = rtt;
        f.path_rtt_known = sender.estimator.has_sample();
        f.path_rtt = sender.min_rtt;
        f.threshold = delayed_threshold_;
        f.path_jitter = sender.estimator.has_sample() ? 2 * sender.estimator.rttvar() : 0;
        const Nanoseconds delay = delayed_ack_delay(f);
        if (delay >= 0) {
            // Sent once (Karn): its first frame is its only one.
            ctx_.results.set(p.frame, ids_.ack_delayed, Value::duration(delay));
            ctx_.results.note(
                p.frame, ids_.delayed_ack,
                delayed_ack_text(language_, delay, rtt, out.timed.first_frame, delayed_threshold_));
        }

        const bool first_sample = !sender.estimator.has_sample();
        sender.estimator.add_sample(rtt);
        if (first_sample || rtt < sender.min_rtt) sender.min_rtt = rtt;
        if (first_sample || rtt > sender.max_rtt) sender.max_rtt = rtt;
        sender.sum_rtt += rtt;
        const Nanoseconds sample[] = {rtt, sender.estimator.srtt(), sender.estimator.rttvar(),
                                      sender.estimator.rto(min_rto_)};
        ctx_.results.set_group(p.frame, sample_fields_, sample);
        if (data_dir == kServerToClient && !out.timed.carries_payload &&
            !data.handshake_rtt_known && data.syn_time_then_handshake_rtt != 0) {
            data.handshake_rtt_known = true;  // the ACK of the SYN/ACK completes the handshake
            data.syn_time_then_handshake_rtt = p.time - data.syn_time_then_handshake_rtt;
        }
        update_table(data, c);
    }

    // `me` is the SYN's direction in `st`; `data` is st itself in the connection tier,
    // nullptr in the SYN tier (then `me` is the pending client SYN's attempts).
    // The state the opening SYN would have left (on_syn on a fresh SynOnlyTiming), rebuilt
    // from what the tracker kept of it.
    static void restore_opening_syn(SynOnlyTiming &st, const TcpConversation &c) {
        const TcpFlow &client = c.flow[kClientToServer];
        PendingSyn &pending = st.client_syn;
        pending.attempts.transmissions = 1;
        pending.attempts.isn = client.isn;
        pending.attempts.last_time = c.first_time;
        pending.attempts.first_frame = c.first_frame;
        pending.attempts.refused_by_rst = 0;
        pending.end = client.next_seq;
        pending.carries_payload =
            client.next_seq - client.isn - 1u - (client.fin_sent ? 1u : 0u) > 0;
        pending.awaiting_ledger = true;
    }

    void on_syn(TimingState &st, SynAttempts &me, ConnectionTiming *data, const TcpConversation &c,
                Direction d, const PacketFacts &p) {
        const auto &tcp = p.tcp;
        const uint32_t end = tcp.seq + 1 + p.payload_length + (tcp.has(tcp_flag::Fin) ? 1 : 0);
        if (data && !tcp.has(tcp_flag::Ack) && !data->handshake_rtt_known)
            data->syn_time_then_handshake_rtt = p.time;
        if (me.transmissions == 0 || tcp.seq != me.isn) {
            me.transmissions = 1;
            me.isn = tcp.seq;
            me.last_time = p.time;
            me.first_frame = p.frame;
            me.refused_by_rst = 0;
            if (data) {
                DirectionTiming &dt = data->dir[d];
                dt.sent.clear();
                dt.sent.record(tcp.seq, end, p.payload_length, p.time, p.frame);
                dt.highest_seq_time = p.time;
            } else {
                PendingSyn &pending = static_cast<SynOnlyTiming &>(st).client_syn;
                pending.end = end;
                pending.carries_payload = p.payload_length > 0;
                pending.awaiting_ledger = true;
            }
            return;
        }
        const DirectionTiming *peer = data ? &data->dir[opposite(d)] : nullptr;
        const RttEstimator fresh;
        const RttEstimator &estimator = data ? data->dir[d].estimator : fresh;
        RetransmissionFacts f;
        f.syn = true;
        f.already_acknowledged =
            peer && peer->acks.known() && seq_ge(peer->acks.ack_value(), tcp.seq + 1);
        f.original_seen = true;
        RetransmissionReport r;
        r.cause = classify_retransmission(f);
        r.syn = true;
        r.syn_ack = tcp.has(tcp_flag::Ack);
        r.seq = shown_seq(c, d, tcp.seq);
        r.attempt = me.transmissions;
        r.waited = p.time - me.last_time;
        r.estimator_has_sample = estimator.has_sample();
        r.expected_rto = estimator.backed_off_rto(min_rto_, r.attempt - 1);
        r.refused_by_rst = me.refused_by_rst;
        if (f.already_acknowledged) r.acked_in_frame = peer->highest_ack_frame;
        // Without a ledger the SYN's entry is me itself: counted and timed below.
        if (data) data->dir[d].sent.mark_resent(tcp.seq, end, p.time);
        ++me.transmissions;
        me.last_time = p.time;
        report(st, c, p, r, me.first_frame);
        me.refused_by_rst = 0;
    }

    void on_segment(ConnectionTiming &data, const TcpConversation &c, Direction d,
                    const PacketFacts &p) {
        const auto &tcp = p.tcp;
        const uint32_t length = p.payload_length + (tcp.has(tcp_flag::Fin) ? 1 : 0);
        DirectionTiming &me = data.dir[d];
        DirectionTiming &peer = data.dir[opposite(d)];
        const TcpFlow &flow = c.flow[d];
        const uint32_t seq = tcp.seq;
        const uint32_t end = seq + length;
        if (p.payload_length > me.largest_payload) me.largest_payload = p.payload_length;
        if (!flow.next_seq_known || seq_ge(seq, flow.next_seq)) {
            record_new(me, seq, end, p);
            return;
        }
        // Keep-alives and zero-window probes repeat the byte below next_seq; they are
        // not retransmissions (Wireshark agrees), and the window detector explains them.
        if (seq == flow.next_seq - 1 && !tcp.has(tcp_flag::Fin)) {
            if (p.payload_length <= 1) return;
            record_new(me, seq, end, p);  // new data after a probe, as Wireshark reads it
            return;
        }

        RetransmissionFacts f;
        uint32_t sack_bytes = 0, sack_blocks = 0;
        for (uint32_t i = 0; i < peer.sack_count(); ++i) {
            const SackBlock &b = peer.loss->sack[i];
            if (seq_le(b.left, seq) && seq_ge(b.right, end)) f.already_acknowledged = true;
            if (seq_le(b.right, seq)) continue;
            sack_bytes += b.right - (seq_gt(b.left, seq) ? b.left : seq);
            ++sack_blocks;
        }
        if (peer.acks.known() && seq_le(end, peer.acks.ack_value())) f.already_acknowledged = true;
        const uint32_t smss = me.largest_payload        ? me.largest_payload
                              : c.flow[opposite(d)].mss ? c.flow[opposite(d)].mss
                                                        : 536u;
        f.sack_reports_loss = !f.already_acknowledged &&
                              (sack_blocks >= kDupThresh || sack_bytes > (kDupThresh - 1) * smss);
        // The duplicates ask for the byte at the ACK value: any resend carrying it answers
        // them, wherever its boundaries fall.
        const bool at_ack = peer.acks.known() && seq_le(seq, peer.acks.ack_value()) &&
                            seq_lt(peer.acks.ack_value(), end);
        f.duplicate_ack_threshold = at_ack && peer.acks.duplicates() >= kDupThresh;

        // Matched by bytes, not by segment: the recorded segments are cut at this resend's
        // boundaries, so the bytes it carries have their own count and time.
        if (me.sent.find_overlap(seq, end)) {
            me.sent.split_at(seq);
            me.sent.split_at(end);
        }
        SentSegment *original = me.sent.find_overlap(seq, end);
        const bool original_outstanding = original != nullptr;
        if (!original && f.already_acknowledged) original = me.sent.find_recently_acked(seq, end);
        f.original_seen = original != nullptr;
        f.in_timeout_backoff = me.loss && me.loss->in_backoff;
        f.signal_since_previous_send =
            !original || !original->retransmitted() ||
            (peer.loss && peer.loss->latest_signal > original->last_sent);
        f.continues_fast_recovery = me.in_recovery() && seq_lt(seq, me.loss->recovery_point) &&
                                    (!original || !original->retransmitted()) &&
                                    peer.acks.known() && seq_ge(seq, peer.acks.ack_value());
        const Nanoseconds window =
            data.handshake_rtt_known ? data.syn_time_then_handshake_rtt : kDefaultReorderingWindow;
        f.within_reordering_window = p.time - me.highest_seq_time < window && end != flow.next_seq;

        RetransmissionReport r;
        r.cause = classify_retransmission(f);
        if (r.cause == RetransmissionCause::None) return;
        r.seq = shown_seq(c, d, seq);
        FrameNumber original_frame = 0;
        if (original) {
            r.attempt = original->transmissions;
            r.waited = p.time - original->last_sent;
            original_frame = original->first_frame;
            if (original_outstanding) {
                me.sent.mark_resent(seq, end, p.time);
            } else {
                ++original->transmissions;
                original->last_sent = p.time;
            }
        }
        if (seq_gt(end, flow.next_seq)) record_new(me, flow.next_seq, end, p);
        r.estimator_has_sample = me.estimator.has_sample();
        // Without an RTT sample the capture began mid-connection: the RFC's initial 1 s
        // says nothing about this sender, its own waits do (observed_rto).
        if (r.estimator_has_sample)
            r.expected_rto = me.estimator.backed_off_rto(min_rto_, r.attempt ? r.attempt - 1 : 0);
        if (r.cause == RetransmissionCause::Spurious) r.acked_in_frame = peer.highest_ack_frame;
        if (r.cause == RetransmissionCause::Rto) {
            if (me.loss) me.loss->end_recovery();
            observe_backoff(me, seq, r);
        }
        if (r.cause == RetransmissionCause::Fast) explain_fast(me, peer, flow, p, f, at_ack, r);
        r.sack_bytes_beyond = r.cause == RetransmissionCause::Fast ? sack_bytes : 0;
        report(data, c, p, r, original_frame);
    }

    // `wait` as a multiple of `rto`, rounded; a power of two when within 5% of one, since
    // the first wait also holds the timer's slack (6.656 s after 0.205 s is x32, not x33).
    static uint32_t backoff_factor(Nanoseconds wait, Nanoseconds rto) {
        const double ratio = static_cast<double>(wait) / static_cast<double>(rto);
        for (uint32_t power = 1; power <= (1u << 20); power *= 2)
            if (ratio > power * 0.95 && ratio < power * 1.05) return power;
        return static_cast<uint32_t>(ratio + 0.5);
    }

    // The sender's own timer as its waits show it: the first timeout resend of some data
    // waited one RTO, each later one of the same data a multiple of it (RFC 6298 5.5).
    static void observe_backoff(DirectionTiming &me, uint32_t seq, RetransmissionReport &r) {
        if (!r.attempt || r.waited <= 0) return;  // the original was not captured
        LossSignals &loss = me.loss_signals();
        if (loss.in_backoff) {
            r.observed_rto = loss.observed_rto;
            if (loss.backoff_seq == seq) {
                r.backoff = backoff_factor(r.waited, loss.observed_rto);
                r.step = backoff_factor(r.waited, loss.last_wait);
                loss.last_wait = r.waited;
            }
            return;
        }
        // A probe is sent before the timer expires: it tells nothing about the RTO.
        if (probably_tail_loss_probe(r)) return;
        loss.in_backoff = true;
        loss.backoff_seq = seq;
        loss.observed_rto = r.waited;
        loss.last_wait = r.waited;
        r.observed_rto = r.waited;
        r.backoff = 1;
    }

    // Which ACKs signalled the loss, and whether this starts or continues a recovery.
    static void explain_fast(DirectionTiming &me, const DirectionTiming &peer, const TcpFlow &flow,
                             const PacketFacts &p, const RetransmissionFacts &f, bool at_ack,
                             RetransmissionReport &r) {
        r.duplicate_acks = at_ack ? peer.acks.duplicates() : 0;
        LossSignals &loss = me.loss_signals();
        if (!f.duplicate_ack_threshold && !f.sack_reports_loss && loss.in_recovery) {
            r.recovery_frame = loss.recovery_frame;
            r.triggers = loss.recovery_triggers;
            return;
        }
        if (at_ack && peer.acks.first_sack_frame() && peer.acks.duplicates() < kDupThresh)
            r.triggers.push_back(peer.acks.first_sack_frame());
        if (at_ack && peer.acks.duplicates() > 0) {
            // Duplicates were counted, so their frames were kept.
            const uint32_t kept =
                std::min(peer.acks.duplicates(), LossSignals::kRememberedDuplicates);
            r.triggers.insert(r.triggers.end(), peer.loss->duplicate_frames,
                              peer.loss->duplicate_frames + kept);
        }
        if (loss.in_recovery) {
            r.recovery_frame = loss.recovery_frame;
            if (r.triggers.empty()) r.triggers = loss.recovery_triggers;
        } else {
            loss.in_recovery = true;
            loss.recovery_point = flow.next_seq;
            loss.recovery_frame = p.frame;
            loss.recovery_triggers = r.triggers;
        }
    }

    void record_new(DirectionTiming &me, uint32_t seq, uint32_t end, const PacketFacts &p) {
        me.sent.record(seq, end, p.payload_length, p.time, p.frame);
        me.highest_seq_time = p.time;
    }

    void report(TimingState &st, const TcpConversation &c, const PacketFacts &p,
                const RetransmissionReport &r, FrameNumber original_frame) {
        retransmissions_.write(p.frame, r, original_frame);
        // Only SYN retransmissions happen in the SYN tier.
        RetransmissionCounts causes;
        if (r.cause == RetransmissionCause::SynRto) {
            ++st.syn_retransmissions;
        } else {
            ++static_cast<ConnectionTiming &>(st).causes[static_cast<int>(r.cause) - 1];
        }
        if (st.is_connection) {
            const ConnectionTiming &ct = static_cast<const ConnectionTiming &>(st);
            for (int i = 0; i < 3; ++i) causes.by_cause[i] = ct.causes[i];
        }
        causes.by_cause[static_cast<int>(RetransmissionCause::SynRto) - 1] = st.syn_retransmissions;
        ctx_.tables.set(ids_.table, c.stream, ids_.retrans_column,
                        Value::string(retransmission_summary(causes)));
    }

    // The summary shows one direction: the one whose samples cross the path. Near the
    // capture point, the other direction is timed only by the local host's own ACK
    // delay, so its minimum RTT is the smaller one.
    void update_table(ConnectionTiming &data, const TcpConversation &c) {
        const DirectionTiming &cs = data.dir[kClientToServer];
        const DirectionTiming &sc = data.dir[kServerToClient];
        const Direction shown =
            (sc.estimator.has_sample() && (!cs.estimator.has_sample() || sc.min_rtt > cs.min_rtt))
                ? kServerToClient
                : kClientToServer;
        const DirectionTiming &dt = data.dir[shown];
        if (!dt.estimator.has_sample()) return;
        ReportTables &t = ctx_.tables;
        // The text cell is written when it changes, the numbers on every sample.
        if (data.shown_rtt_of != 1 + shown) {
            data.shown_rtt_of = static_cast<uint8_t>(1 + shown);
            t.set(ids_.table, c.stream, ids_.rtt_of,
                  Value::string(shown == kClientToServer ? "client data" : "server data"));
        }
        t.set(ids_.table, c.stream, ids_.rtt_min, Value::duration(dt.min_rtt));
        t.set(ids_.table, c.stream, ids_.rtt_avg,
              Value::duration(dt.sum_rtt / dt.estimator.samples()));
        t.set(ids_.table, c.stream, ids_.rtt_max, Value::duration(dt.max_rtt));
        t.set(ids_.table, c.stream, ids_.srtt_column, Value::duration(dt.estimator.srtt()));
        t.set(ids_.table, c.stream, ids_.rto_column, Value::duration(dt.estimator.rto(min_rto_)));
    }
    TcpTimingFactory::Ids ids_;
    AnalysisContext &ctx_;
    Language language_;
    Nanoseconds min_rto_;
    Nanoseconds delayed_threshold_;
    RetransmissionRecords retransmissions_;
    // rtt, srtt, rttvar and rto of a sampling ACK, stored as one group.
    ResultStore::GroupId sample_fields_;
};

}  // namespace

void TcpTimingFactory::declare(Schema &s) {
    ids_.rtt = s.add_field("convdiag.tcp.rtt", "RTT sample", FieldKind::Duration,
                           "Time from the data segment to this ACK that newly acknowledges it "
                           "exactly; none for resent data (Karn's rule)");
    ids_.srtt =
        s.add_field("convdiag.tcp.srtt", "SRTT", FieldKind::Duration,
                    "RFC 6298 smoothed RTT of the acknowledged direction after this sample");
    ids_.rttvar = s.add_field("convdiag.tcp.rttvar", "RTTVAR", FieldKind::Duration,
                              "RFC 6298 RTT variation of the acknowledged direction after this "
                              "sample");
    ids_.rto = s.add_field("convdiag.tcp.rto", "RTO", FieldKind::Duration,
                           "RFC 6298 retransmission timeout max(min_rto, SRTT + 4*RTTVAR) after "
                           "this sample");
    ids_.cause =
        s.add_field("convdiag.tcp.retrans.cause", "Retransmission cause", FieldKind::String,
                    "rto (timer expired), fast (duplicate ACKs / SACK), spurious (data "
                    "already acknowledged), syn-rto (SYN or SYN/ACK resent)");
    ids_.attempt =
        s.add_field("convdiag.tcp.retrans.attempt", "Retransmission attempt", FieldKind::Unsigned,
                    "1 for the first resend of this data, 2 for the second...");
    ids_.waited = s.add_field("convdiag.tcp.retrans.waited", "Waited", FieldKind::Duration,
                              "Time since the previous transmission of this data");
    ids_.expected_rto =
        s.add_field("convdiag.tcp.retrans.expected_rto", "Expected RTO", FieldKind::Duration,
                    "The estimator's RTO at this moment, doubled per earlier "
                    "attempt (1 s for a SYN before any RTT sample; none for data resent "
                    "without an RTT sample: see convdiag.tcp.observed_rto)");
    ids_.observed_rto = s.add_field(
        "convdiag.tcp.observed_rto", "Observed RTO", FieldKind::Duration,
        "On a timeout retransmission: the sender's own RTO, read from its wait before the "
        "first timeout resend of this data (whether or not the capture has an RTT sample)");
    ids_.backoff = s.add_field("convdiag.tcp.backoff", "Backoff", FieldKind::Unsigned,
                               "On a timeout retransmission: this wait as a multiple of the "
                               "observed RTO (1, 2, 4... for a sender doubling its timer)");
    ids_.trigger = s.add_field("convdiag.tcp.retrans.trigger", "Triggered by", FieldKind::Frame,
                               "The duplicate/SACK ACKs of a fast retransmission, or the "
                               "original segment");
    ids_.dupack_num =
        s.add_field("convdiag.tcp.dupack.num", "Duplicate ACK number", FieldKind::Unsigned,
                    "1, 2, 3... for the duplicate ACKs (RFC 5681) of one ACK value");
    ids_.ack_delayed = s.add_field("convdiag.tcp.ack.delayed", "Delayed ACK", FieldKind::Duration,
                                   "The receiver's own delay on an ACK judged delayed: it "
                                   "acknowledges one segment, carries no data, and came later "
                                   "than the path RTT by more than the threshold");
    ids_.retrans_rto = s.add_expert("convdiag.tcp.retrans.rto", "Retransmission after a timeout",
                                    ExpertGroup::Sequence, ExpertSeverity::Note);
    ids_.retrans_fast = s.add_expert("convdiag.tcp.retrans.fast", "Fast retransmission",
                                     ExpertGroup::Sequence, ExpertSeverity::Note);
    ids_.retrans_spurious = s.add_expert("convdiag.tcp.retrans.spurious", "Spurious retransmission",
                                         ExpertGroup::Sequence, ExpertSeverity::Note);
    ids_.retrans_syn = s.add_expert("convdiag.tcp.retrans.syn_rto", "SYN retransmission",
                                    ExpertGroup::Sequence, ExpertSeverity::Note);
    ids_.dupack = s.add_expert("convdiag.tcp.dupack", "Duplicate ACK", ExpertGroup::Sequence,
                               ExpertSeverity::Note);
    ids_.delayed_ack = s.add_expert("convdiag.tcp.delayed_ack", "Delayed ACK",
                                    ExpertGroup::Sequence, ExpertSeverity::Chat);
    ids_.min_rto = s.add_unsigned_pref("min_rto", "Minimum RTO (ms)",
                                       "Lower bound of the RFC 6298 RTO: 200 ms as Linux uses; "
                                       "RFC 6298 itself says 1000 ms",
                                       200);
    ids_.delayed_ack_threshold =
        s.add_unsigned_pref("delayed_ack_threshold", "Delayed-ACK threshold (ms)",
                            "An ACK for a single segment later than the path RTT by more than "
                            "this is reported as delayed",
                            40);
    ids_.table = s.table("summary_detail", "ConvDiag/TCP conversations (detail)", RowKey::Stream);
    ids_.rtt_of = s.add_column(ids_.table, "RTT of", FieldKind::String);
    ids_.rtt_min = s.add_column(ids_.table, "RTT min", FieldKind::Duration);
    ids_.rtt_avg = s.add_column(ids_.table, "RTT avg", FieldKind::Duration);
    ids_.rtt_max = s.add_column(ids_.table, "RTT max", FieldKind::Duration);
    ids_.srtt_column = s.add_column(ids_.table, "Final SRTT", FieldKind::Duration);
    ids_.rto_column = s.add_column(ids_.table, "Final RTO", FieldKind::Duration);
    ids_.retrans_column = s.add_column(ids_.table, "Retransmissions", FieldKind::String);
    ids_.slot = s.add_conversation_slot();
}

std::unique_ptr<Detector> TcpTimingFactory::create(AnalysisContext &context) const {
    return std::make_unique<TcpTimingDetector>(ids_, context);
}

}  // namespace convdiag
