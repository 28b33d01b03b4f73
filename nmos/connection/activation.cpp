#include "nmos/connection/activation.hpp"

namespace crosspoint::nmos::connection {

const char* activation_mode_name(ActivationMode mode) {
  switch (mode) {
    case ActivationMode::kImmediate: return "activate_immediate";
    case ActivationMode::kScheduledAbsolute: return "activate_scheduled_absolute";
    case ActivationMode::kScheduledRelative: return "activate_scheduled_relative";
  }
  return "activate_immediate";
}

Expected<ActivationRequest, std::string> parse_activation(const nlohmann::json& activation) {
  ActivationRequest request;
  const auto mode = activation.find("mode");
  if (mode == activation.end()) return Unexpected<std::string>{"activation.mode: required"};
  if (!mode->is_null()) {
    const std::string name = mode->get<std::string>();
    for (const ActivationMode m :
         {ActivationMode::kImmediate, ActivationMode::kScheduledAbsolute, ActivationMode::kScheduledRelative}) {
      if (name == activation_mode_name(m)) request.mode = m;
    }
    if (!request.mode) return Unexpected<std::string>{"activation.mode: unknown mode " + name};
  }
  const auto requested = activation.find("requested_time");
  if (requested != activation.end() && !requested->is_null()) {
    const auto time = PtpTime::parse_nmos(requested->get<std::string>());
    if (!time) {
      return Unexpected<std::string>{"activation.requested_time: not <seconds>:<nanoseconds> with nanoseconds below 1e9: " +
                                     requested->get<std::string>()};
    }
    request.requested_time = *time;
  }
  const bool scheduled = request.mode == ActivationMode::kScheduledAbsolute ||
                         request.mode == ActivationMode::kScheduledRelative;
  if (scheduled && !request.requested_time)
    return Unexpected<std::string>{"activation.requested_time: required for " + std::string(activation_mode_name(*request.mode))};
  // An immediate activation has no time to request; the spec answers it with requested_time null.
  if (!scheduled) request.requested_time.reset();
  return request;
}

std::optional<PtpTime> scheduled_time(const ActivationRequest& request, PtpTime now) {
  if (!request.mode || !request.requested_time) return std::nullopt;
  if (*request.mode == ActivationMode::kScheduledAbsolute) return request.requested_time;
  if (*request.mode == ActivationMode::kScheduledRelative)
    return now.plus(static_cast<Nanoseconds>(request.requested_time->to_nanos()));
  return std::nullopt;
}

nlohmann::json activation_json(std::optional<ActivationMode> mode, std::optional<PtpTime> requested,
                               std::optional<PtpTime> activation_time) {
  auto time_or_null = [](const std::optional<PtpTime>& t) {
    return t ? nlohmann::json(t->to_nmos_string()) : nlohmann::json(nullptr);
  };
  return {{"mode", mode ? nlohmann::json(activation_mode_name(*mode)) : nlohmann::json(nullptr)},
          {"requested_time", time_or_null(requested)},
          {"activation_time", time_or_null(activation_time)}};
}

}  // namespace crosspoint::nmos::connection
