// How the node registers with IS-04 registries: the client's timing, and the status it reports.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace crosspoint::nmos {

struct RegistrationOptions {
  std::chrono::milliseconds heartbeat_interval{5000};
  std::chrono::milliseconds request_timeout{2000};
  std::chrono::milliseconds backoff_initial{500};  // after every registry failed once; doubles up to the max
  std::chrono::milliseconds backoff_max{30000};
  // While registered with a less preferred registry (after a failover), how often the preferred ones are asked
  // whether they answer again; the node moves back to the first that does.
  std::chrono::milliseconds preferred_recheck{30000};
};

struct RegistrationStatus {
  bool registered = false;
  std::string registry;            // base URL of the registry in use, empty when none
  std::uint64_t registrations = 0; // complete registrations of the node and all its resources
  std::uint64_t heartbeats = 0;    // successful heartbeats
  std::uint64_t updates = 0;       // changed resources posted
  std::uint64_t failovers = 0;     // switches to another registry after a failure
  std::uint64_t failbacks = 0;     // returns to a preferred registry that answered again
  std::uint64_t reregistrations = 0;  // heartbeats answered 404, so everything was posted again
  std::string last_error;
};

}  // namespace crosspoint::nmos
