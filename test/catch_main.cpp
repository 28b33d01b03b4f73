// The one Catch2 main of every test executable. Exit status: Catch2's (failed test cases) when anything
// failed, else 77 (Meson: SKIP) when a test case ended in CROSSPOINT_SKIP, else 0.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <iostream>

#include "skip.hpp"

namespace {
int skipped = 0;
}  // namespace

void crosspoint::skipped_tests::record(const std::string& reason) {
  ++skipped;
  std::cout << "SKIPPED: " << Catch::getResultCapture().getCurrentTestName() << ": " << reason << std::endl;
}

int main(int argc, char* argv[]) {
  const int failed = Catch::Session().run(argc, argv);
  if (failed != 0 || skipped == 0) return failed;
  std::cout << skipped << " test case(s) skipped: exit 77 (skipped)" << std::endl;
  return 77;
}
