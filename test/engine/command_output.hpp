// The standard output of a shell command (the tests run crosspoint-cap this way).
#pragma once

#include <cstdio>
#include <memory>
#include <string>

namespace crosspoint::engine::test {

inline std::string output_of(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string text;
  char buffer[4096];
  while (pipe && fgets(buffer, sizeof buffer, pipe.get()) != nullptr) text += buffer;
  return text;
}

}  // namespace crosspoint::engine::test
