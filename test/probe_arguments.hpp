// The command line of the test probes (programs the interop scripts run): `--name [value]` options. `handle`
// gets each option's name and a reader of its value, and answers false for a name it does not know; a
// missing value ends the program with status 2.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

namespace crosspoint::test {

using ProbeOption = std::function<bool(const std::string& name, const std::function<std::string()>& value)>;

// False (said on stderr) at the first unknown option.
inline bool read_probe_arguments(int argc, char** argv, const ProbeOption& handle) {
  for (int i = 1; i < argc; ++i) {
    const std::string name = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", name.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (!handle(name, value)) {
      std::fprintf(stderr, "unknown argument %s\n", name.c_str());
      return false;
    }
  }
  return true;
}

}  // namespace crosspoint::test
