// Why a control-plane call failed: a code to branch on and a sentence to show.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "crosspoint/expected.hpp"

namespace crosspoint::engine {

enum class EngineErrorCode : std::uint8_t {
  kInvalidConfig,
  kNotFound,
  kAlreadyExists,
  kMediaMismatch,   // a video input routed to an audio output, ...
  kCapacity,        // beyond a limit of limits.hpp: inputs, outputs, ports, burst size
  kNotRunning,
  kDpdk,            // EAL, device or mempool call failed
};

struct EngineError {
  EngineErrorCode code = EngineErrorCode::kInvalidConfig;
  std::string message;
};

using Done = std::monostate;
// The result of a control-plane call with nothing to return.
using Status = Expected<Done, EngineError>;

inline Unexpected<EngineError> engine_error(EngineErrorCode code, std::string message) {
  return Unexpected{EngineError{code, std::move(message)}};
}

}  // namespace crosspoint::engine
