#include <gtest/gtest.h>

#include "expert/detectors/tcp_timing/rtt_estimator.h"

using namespace convdiag;

namespace {
constexpr Nanoseconds kMs = 1'000'000;
}

TEST(TcpTimingRttEstimator, NoSampleUsesTheInitialOneSecond) {
    RttEstimator e(200 * kMs);
    EXPECT_FALSE(e.has_sample());
    EXPECT_EQ(e.rto(), 1000 * kMs);
}

TEST(TcpTimingRttEstimator, FirstSampleSetsSrttAndHalfVariance) {
    RttEstimator e(200 * kMs);
    e.add_sample(100 * kMs);
    EXPECT_EQ(e.srtt(), 100 * kMs);
    EXPECT_EQ(e.rttvar(), 50 * kMs);
    EXPECT_EQ(e.rto(), 300 * kMs);  // 100 + 4 * 50
}

TEST(TcpTimingRttEstimator, LaterSamplesFollowRfc6298WeightsWithTheOldSrtt) {
    RttEstimator e(200 * kMs);
    e.add_sample(100 * kMs);
    e.add_sample(200 * kMs);
    // RTTVAR = 3/4 * 50 + 1/4 * |100 - 200| = 62.5; SRTT = 7/8 * 100 + 1/8 * 200 = 112.5
    EXPECT_EQ(e.rttvar(), 62'500'000);
    EXPECT_EQ(e.srtt(), 112'500'000);
    EXPECT_EQ(e.rto(), 362'500'000);
    e.add_sample(10 * kMs);
    // RTTVAR = 3/4 * 62.5 + 1/4 * 102.5 = 72.5; SRTT = 7/8 * 112.5 + 1/8 * 10 = 99.6875
    EXPECT_EQ(e.rttvar(), 72'500'000);
    EXPECT_EQ(e.srtt(), 99'687'500);
    EXPECT_EQ(e.rto(), 389'687'500);
}

TEST(TcpTimingRttEstimator, MinimumRtoApplies) {
    RttEstimator linux_like(200 * kMs);
    linux_like.add_sample(1 * kMs);
    EXPECT_EQ(linux_like.rto(), 200 * kMs);
    RttEstimator rfc(1000 * kMs);
    rfc.add_sample(1 * kMs);
    EXPECT_EQ(rfc.rto(), 1000 * kMs);
}

TEST(TcpTimingRttEstimator, BackoffDoublesPerEarlierAttemptUpToSixtySeconds) {
    RttEstimator e(200 * kMs);
    e.add_sample(100 * kMs);
    EXPECT_EQ(e.backed_off_rto(0), 300 * kMs);
    EXPECT_EQ(e.backed_off_rto(1), 600 * kMs);
    EXPECT_EQ(e.backed_off_rto(2), 1200 * kMs);
    EXPECT_EQ(e.backed_off_rto(4), 4800 * kMs);
    EXPECT_EQ(e.backed_off_rto(40), RttEstimator::kMaxRto);
    RttEstimator fresh(200 * kMs);
    EXPECT_EQ(fresh.backed_off_rto(3), 8000 * kMs);
}

TEST(TcpTimingRttEstimator, NegativeSampleIsIgnored) {
    RttEstimator e(200 * kMs);
    e.add_sample(-5);
    EXPECT_FALSE(e.has_sample());
}
