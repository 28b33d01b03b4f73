// A test case that cannot run here (a tool or a privilege is missing) says why and is counted as skipped,
// never as a pass: the shared main (catch_main.cpp) exits 77, Meson's SKIP, when a run skipped something and
// failed nothing. Meson counts per test, so a case that can skip runs as its own Meson test (a Catch2 tag
// such as [needs-ffmpeg], excluded from the executable's other Meson test) and its skip hides no pass.
#pragma once

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

// Its own namespace: crosspoint::test and crosspoint::<part>::test would make `test::` ambiguous.
namespace crosspoint::skipped_tests {

// Prints the skip with the test case's name and counts it for the exit status.
void record(const std::string& reason);

}  // namespace crosspoint::skipped_tests

// Ends the running test case (use it in the TEST_CASE body itself, not in a helper function);
// `reason` may stream: CROSSPOINT_SKIP(tool << " is not installed").
#define CROSSPOINT_SKIP(reason)                                     \
  do {                                                              \
    std::ostringstream crosspoint_skip_reason;                      \
    crosspoint_skip_reason << reason;                               \
    ::crosspoint::skipped_tests::record(crosspoint_skip_reason.str()); \
    return;                                                         \
  } while (false)
