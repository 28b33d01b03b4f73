// The daemon's limit on open file descriptors: every HTTP connection, WebSocket subscriber and capture file
// takes one, and shells and containers often start processes at a soft limit of 1024 under a far higher hard
// limit. The daemon never uses select(), so it takes what the hard limit allows.
#pragma once

#include <cstdint>

namespace crosspoint::app {

struct OpenFileLimit {
  std::uint64_t before = 0;  // soft limit at start
  std::uint64_t now = 0;     // soft limit after raising it to the hard limit (as far as the kernel allowed)
};

OpenFileLimit raise_open_file_limit();

}  // namespace crosspoint::app
