// Where an output takes its packets from, and where it is about to.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::engine {

struct ArmedRoute {
  std::optional<std::string> input;  // nullopt: disconnect the output
  std::optional<PtpTime> at;         // nullopt: the next frame boundary
  std::uint64_t request = 0;         // increases with every arm_route call on this output
};

struct LandedRoute {
  std::optional<std::string> input;     // nullopt: disconnected
  std::uint64_t request = 0;            // which arm_route (or retarget_input) request landed
  PtpTime landed_at;                    // when its first packet (or the cut) went out
  std::uint32_t first_rtp_timestamp = 0;  // of the new input's first frame on this output
  std::uint64_t output_packet_index = 0;  // packets the output had sent before the new input's first
};

// An output that retarget_input armed to follow its input onto the new flow.
struct RetargetedOutput {
  std::string output;
  std::uint64_t request = 0;
};

struct RouteState {
  std::string output;
  std::optional<std::string> current_input;  // what the output sends now
  std::optional<ArmedRoute> armed;           // the next armed switch to land
  std::vector<ArmedRoute> queued;            // every armed switch not yet landed, in landing order
  std::optional<LandedRoute> last_landed;
};

}  // namespace crosspoint::engine
