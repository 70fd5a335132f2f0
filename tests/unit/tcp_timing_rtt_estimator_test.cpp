#include <gtest/gtest.h>

#include "expert/detectors/tcp_timing/rtt_estimator.h"

using namespace convdiag;

namespace {
constexpr Nanoseconds kMs = 1'000'000;
}

TEST(TcpTimingRttEstimator, NoSampleUsesTheInitialOneSecond) {
    RttEstimator e;
    EXPECT_FALSE(e.has_sample());
    EXPECT_EQ(e.rto(200 * kMs), 1000 * kMs);
}

TEST(TcpTimingRttEstimator, FirstSampleSetsSrttAndHalfVariance) {
    RttEstimator e;
    e.add_sample(100 * kMs);
    EXPECT_EQ(e.srtt(), 100 * kMs);
    EXPECT_EQ(e.rttvar(), 50 * kMs);
    EXPECT_EQ(e.rto(200 * kMs), 300 * kMs);  // 100 + 4 * 50
}

TEST(TcpTimingRttEstimator, LaterSamplesFollowRfc6298WeightsWithTheOldSrtt) {
    RttEstimator e;
    e.add_sample(100 * kMs);
    e.add_sample(200 * kMs);
    // RTTVAR = 3/4 * 50 + 1/4 * |100 - 200| = 62.5; SRTT = 7/8 * 100 + 1/8 * 200 = 112.5
    EXPECT_EQ(e.rttvar(), 62'500'000);
    EXPECT_EQ(e.srtt(), 112'500'000);
    EXPECT_EQ(e.rto(200 * kMs), 362'500'000);
    e.add_sample(10 * kMs);
    // RTTVAR = 3/4 * 62.5 + 1/4 * 102.5 = 72.5; SRTT = 7/8 * 112.5 + 1/8 * 10 = 99.6875
    EXPECT_EQ(e.rttvar(), 72'500'000);
    EXPECT_EQ(e.srtt(), 99'687'500);
    EXPECT_EQ(e.rto(200 * kMs), 389'687'500);
}

TEST(TcpTimingRttEstimator, MinimumRtoApplies) {
    RttEstimator e;
    e.add_sample(1 * kMs);
    EXPECT_EQ(e.rto(200 * kMs), 200 * kMs);    // Linux
    EXPECT_EQ(e.rto(1000 * kMs), 1000 * kMs);  // RFC 6298
    EXPECT_EQ(e.rto(0), 3 * kMs);              // 1 + 4 * 0.5
}

TEST(TcpTimingRttEstimator, BackoffDoublesPerEarlierAttemptUpToSixtySeconds) {
    RttEstimator e;
    e.add_sample(100 * kMs);
    EXPECT_EQ(e.backed_off_rto(200 * kMs, 0), 300 * kMs);
    EXPECT_EQ(e.backed_off_rto(200 * kMs, 1), 600 * kMs);
    EXPECT_EQ(e.backed_off_rto(200 * kMs, 2), 1200 * kMs);
    EXPECT_EQ(e.backed_off_rto(200 * kMs, 4), 4800 * kMs);
    EXPECT_EQ(e.backed_off_rto(200 * kMs, 40), RttEstimator::kMaxRto);
    RttEstimator fresh;
    EXPECT_EQ(fresh.backed_off_rto(200 * kMs, 3), 8000 * kMs);
}

TEST(TcpTimingRttEstimator, NegativeSampleIsIgnored) {
    RttEstimator e;
    e.add_sample(-5);
    EXPECT_FALSE(e.has_sample());
}
