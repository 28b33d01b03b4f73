// The `activation` object of a PATCH to /staged: which mode, which time, and when that is on the PTP timescale.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "crosspoint/expected.hpp"
#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::nmos::connection {

enum class ActivationMode { kImmediate, kScheduledAbsolute, kScheduledRelative };

// "activate_immediate", ...
[[nodiscard]] const char* activation_mode_name(ActivationMode mode);

// A requested activation: mode nullopt is `mode: null` (cancel a scheduled one, or nothing).
struct ActivationRequest {
  std::optional<ActivationMode> mode;
  std::optional<PtpTime> requested_time;
};

// Reads a schema-valid `activation` object; the error names the field and why.
Expected<ActivationRequest, std::string> parse_activation(const nlohmann::json& activation);

// When a scheduled request lands: the absolute time itself, or `now` plus the relative offset.
// nullopt for immediate (as soon as possible) or no mode.
[[nodiscard]] std::optional<PtpTime> scheduled_time(const ActivationRequest& request, PtpTime now);

// {mode, requested_time, activation_time} as /staged and /active show them; all null when idle.
[[nodiscard]] nlohmann::json activation_json(std::optional<ActivationMode> mode, std::optional<PtpTime> requested,
                                             std::optional<PtpTime> activation_time);

}  // namespace crosspoint::nmos::connection
