// Runs the built crosspoint-cap with command-line words, as a user or a CI job would, and keeps its
// standard output and exit status.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include <catch2/catch.hpp>

namespace cap_test {

struct Run {
  int status = 0;
  std::string out;
};

inline std::string cap_binary() {
  const char* build = std::getenv("CROSSPOINT_BUILD_DIR");
  return std::string(build != nullptr ? build : ".") + "/tools/cap/crosspoint-cap";
}

inline Run run(const std::string& arguments) {
  Run result;
  const std::string command = cap_binary() + " " + arguments + " 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace cap_test
