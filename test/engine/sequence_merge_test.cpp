#include <catch2/catch.hpp>

#include "sequence_merge.hpp"

using namespace crosspoint::engine;

TEST_CASE("the first copy of a packet passes and the second is a duplicate") {
  SequenceMerge merge;
  CHECK(merge.accept(10, 16, 64).verdict == MergeVerdict::kAdvance);
  CHECK(merge.accept(10, 16, 64).verdict == MergeVerdict::kDuplicate);
  CHECK(merge.accept(11, 16, 64).verdict == MergeVerdict::kAdvance);
  CHECK(merge.accept(11, 16, 64).verdict == MergeVerdict::kDuplicate);
}

TEST_CASE("a gap is reported as skipped packets and a late copy fills it") {
  SequenceMerge merge;
  merge.accept(100, 16, 64);
  const auto jump = merge.accept(104, 16, 64);
  CHECK(jump.verdict == MergeVerdict::kAdvance);
  CHECK(jump.skipped == 3);
  CHECK(merge.accept(102, 16, 64).verdict == MergeVerdict::kLateFill);
  CHECK(merge.accept(102, 16, 64).verdict == MergeVerdict::kDuplicate);
}

TEST_CASE("sequence numbers wrap: 16-bit RTP and 32-bit RFC 4175 extended") {
  SequenceMerge merge16;
  merge16.accept(65535, 16, 64);
  CHECK(merge16.accept(0, 16, 64).verdict == MergeVerdict::kAdvance);
  CHECK(merge16.accept(65535, 16, 64).verdict == MergeVerdict::kDuplicate);
  SequenceMerge merge32;
  merge32.accept(0xffffffffU, 32, 64);
  const auto next = merge32.accept(0, 32, 64);
  CHECK(next.verdict == MergeVerdict::kAdvance);
  CHECK(next.skipped == 0);
}

TEST_CASE("copies older than the window are dropped, and a sender that restarts is followed") {
  SequenceMerge merge;
  merge.accept(1000, 16, 16);
  CHECK(merge.accept(990, 16, 16).verdict == MergeVerdict::kLateFill);
  CHECK(merge.accept(980, 16, 16).verdict == MergeVerdict::kTooOld);
  for (std::uint32_t i = 1; i < SequenceMerge::kRestartAfterTooOld - 1; ++i) {
    CHECK(merge.accept(500 + i, 16, 16).verdict == MergeVerdict::kTooOld);
  }
  CHECK(merge.accept(600, 16, 16).verdict == MergeVerdict::kRestart);
  CHECK(merge.accept(601, 16, 16).verdict == MergeVerdict::kAdvance);
}
