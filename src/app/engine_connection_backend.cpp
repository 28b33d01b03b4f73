#include "engine_connection_backend.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

namespace crosspoint::app {

namespace {

// How often landings are looked for: well inside a frame period.
constexpr auto kWatchPeriod = std::chrono::milliseconds(2);
// How long after its time a switch may wait for a frame boundary of an input that may be silent: a few
// frame periods, well inside the 1 s a controller (AMWA nmos-testing: HTTP_TIMEOUT) waits for an answer.
constexpr Nanoseconds kLandingPatience = 200 * kNanosPerSecond / 1000;

// Whether `next` changes what `current` sends or where: the engine moves it at a frame boundary.
bool moves(const engine::OutputConfig& current, const engine::OutputConfig& next) {
  if (current.enabled != next.enabled || current.legs.size() != next.legs.size()) return true;
  for (std::size_t i = 0; i < current.legs.size(); ++i) {
    const engine::OutputLeg& a = current.legs[i];
    const engine::OutputLeg& b = next.legs[i];
    if (a.destination != b.destination || a.source != b.source || a.source_port != b.source_port ||
        a.destination_port != b.destination_port || a.destination_mac != b.destination_mac) {
      return true;
    }
  }
  return false;
}

// The engine's refusal as IS-05 answers it: what the request asks that the engine cannot do is the request's
// fault (400); a device or a state the engine is in is the device's (500).
nmos::ActivationRefusal refusal(const std::string& who, const engine::EngineError& error) {
  using engine::EngineErrorCode;
  const bool by_request = error.code != EngineErrorCode::kDpdk && error.code != EngineErrorCode::kNotRunning;
  return nmos::ActivationRefusal{who + ": " + error.message, by_request};
}

}  // namespace

EngineConnectionBackend::EngineConnectionBackend(engine::Engine& engine, const ClockModel& clock,
                                                 std::vector<engine::OutputConfig> outputs)
    : engine_(engine), clock_(clock) {
  for (engine::OutputConfig& output : outputs) {
    std::string id = output.id;
    outputs_.emplace(std::move(id), std::move(output));
  }
  watcher_ = std::thread([this] { watch(); });
}

EngineConnectionBackend::~EngineConnectionBackend() {
  stop_.store(true);
  watcher_.join();
  // Whoever waits for a landing (an immediate PATCH, an IS-04 target) hears that none will come.
  for (auto& [id, pending] : senders_) pending.landed(Unexpected{std::string("the daemon is stopping")});
  for (auto& [id, pending] : receivers_) pending.landed(Unexpected{std::string("the daemon is stopping")});
}

std::optional<nmos::ActivationRefusal> EngineConnectionBackend::activate_receiver(
    const nmos::ReceiverActivation& activation, std::optional<PtpTime> at, nmos::ActivationLanded landed) {
  std::vector<engine::InputLeg> legs;
  if (activation.master_enable) {
    for (const nmos::ReceiverLegActivation& leg : activation.legs) {
      if (!leg.rtp_enabled) continue;
      engine::InputLeg path{leg.interface, leg.multicast_ip.value_or(leg.interface_ip), leg.destination_port,
                            leg.source_ip};
      // Two legs naming one flow on one port (both legs on one interface) are one path.
      const bool repeated = std::any_of(legs.begin(), legs.end(), [&](const engine::InputLeg& other) {
        return other.port == path.port && other.destination == path.destination && other.udp_port == path.udp_port &&
               other.source == path.source;
      });
      if (!repeated) legs.push_back(std::move(path));
    }
    if (legs.empty()) return nmos::ActivationRefusal{"receiver '" + activation.receiver_id + "': no leg has rtp_enabled", true};
  }
  const std::lock_guard lock(mutex_);
  auto followers = engine_.retarget_input(activation.input, std::move(legs), at);
  if (!followers) return refusal("receiver '" + activation.receiver_id + "'", followers.error());
  receivers_[activation.receiver_id] = PendingReceiver{std::move(*followers), at.value_or(clock_.now()), std::move(landed)};
  return std::nullopt;
}

std::optional<nmos::ActivationRefusal> EngineConnectionBackend::activate_sender(
    const nmos::SenderActivation& activation, std::optional<PtpTime> at, nmos::ActivationLanded landed) {
  const std::lock_guard lock(mutex_);
  const auto it = outputs_.find(activation.output);
  if (it == outputs_.end()) {
    return nmos::ActivationRefusal{"sender '" + activation.sender_id + "': no output '" + activation.output + "'"};
  }
  engine::OutputConfig config = it->second;
  if (activation.legs.size() != config.legs.size()) {
    return nmos::ActivationRefusal{"sender '" + activation.sender_id + "': " + std::to_string(activation.legs.size()) +
                                       " legs for an output of " + std::to_string(config.legs.size()),
                                   true};
  }
  config.enabled = activation.master_enable;
  for (std::size_t i = 0; i < config.legs.size(); ++i) {
    const nmos::SenderLegActivation& leg = activation.legs[i];
    engine::OutputLeg& out = config.legs[i];
    // A unicast destination keeps the MAC the configuration gave it; a group derives its own, and another
    // unicast address is resolved by the engine's ARP.
    if (leg.destination_ip.is_multicast() || leg.destination_ip != out.destination) out.destination_mac.reset();
    out.destination = leg.destination_ip;
    out.source = leg.source_ip;
    out.source_port = leg.source_port;
    out.destination_port = leg.destination_port;
    if (!leg.rtp_enabled) config.enabled = false;
  }
  std::optional<std::uint64_t> route_request;
  if (activation.route) {
    // The engine itself lands it on the first boundary at or after `at`.
    auto armed = engine_.arm_route(activation.output, activation.route->input, at);
    if (!armed) return refusal("sender '" + activation.sender_id + "'", armed.error());
    route_request = *armed;
  }
  senders_[activation.sender_id] =
      PendingSender{std::move(config), at.value_or(clock_.now()), std::move(landed), route_request, false};
  return std::nullopt;
}

bool EngineConnectionBackend::cancel(nmos::ConnectionKind kind, const std::string& id) {
  const std::lock_guard lock(mutex_);
  if (kind == nmos::ConnectionKind::kSender) {
    const auto it = senders_.find(id);
    if (it == senders_.end() || it->second.applied) return false;
    if (it->second.route_request) {
      const auto cancelled = engine_.cancel_route(it->second.config.id, *it->second.route_request);
      if (cancelled && !*cancelled) return false;
    }
    senders_.erase(it);
    return true;
  }
  const auto it = receivers_.find(id);
  if (it == receivers_.end()) return false;
  bool withdrawn = true;
  for (const engine::RetargetedOutput& follower : it->second.followers) {
    const auto cancelled = engine_.cancel_route(follower.output, follower.request);
    if (cancelled && !*cancelled) withdrawn = false;
  }
  // The input keeps its new flow joined; its outputs stay where they were.
  if (withdrawn) receivers_.erase(it);
  return withdrawn;
}

std::optional<PtpTime> EngineConnectionBackend::switch_landed(const std::string& output, std::uint64_t request,
                                                             PtpTime not_before, PtpTime now) const {
  const auto landing = engine_.landing_of(output, request);
  if (!landing) return now;  // the output is gone: nothing to wait for
  if (*landing) {
    // A later switch due with it that superseded it counts as its landing.
    return not_before < (*landing)->landed_at ? (*landing)->landed_at : not_before;
  }
  if (now.minus(not_before) > kLandingPatience) return now;
  return std::nullopt;
}

void EngineConnectionBackend::collect_landed(
    std::vector<std::pair<nmos::ActivationLanded, Expected<PtpTime, std::string>>>& due) {
  const PtpTime now = clock_.now();
  for (auto it = senders_.begin(); it != senders_.end();) {
    if (now < it->second.at || !apply_sender(it->second, now, due)) {
      ++it;
      continue;
    }
    it = senders_.erase(it);
  }
  for (auto it = receivers_.begin(); it != receivers_.end();) {
    PtpTime landed_at = it->second.not_before;
    bool all_landed = !(now < landed_at);
    for (const engine::RetargetedOutput& follower : it->second.followers) {
      if (!all_landed) break;
      const auto switched = switch_landed(follower.output, follower.request, it->second.not_before, now);
      if (!switched) all_landed = false;
      else if (landed_at < *switched) landed_at = *switched;
    }
    if (!all_landed) {
      ++it;
      continue;
    }
    due.emplace_back(std::move(it->second.landed), landed_at);
    it = receivers_.erase(it);
  }
}

bool EngineConnectionBackend::apply_sender(
    PendingSender& pending, PtpTime now,
    std::vector<std::pair<nmos::ActivationLanded, Expected<PtpTime, std::string>>>& due) {
  const std::string& output = pending.config.id;
  std::optional<PtpTime> landed_at;  // when the move and the route switch had both landed
  if (!pending.applied) {
    pending.applied = true;
    pending.moving = moves(outputs_[output], pending.config);
    if (pending.moving) {
      // The engine moves the output between two frames: the one being sent ends where it began.
      if (const auto applied = engine_.update_output(pending.config); !applied) {
        due.emplace_back(std::move(pending.landed), Unexpected{applied.error().message});
        return true;
      }
      outputs_[output] = pending.config;
    }
  }
  if (pending.moving) {
    const auto moved = engine_.moved_at(output);
    if (moved && !*moved && now.minus(pending.at) <= kLandingPatience) return false;
    if (moved && *moved) landed_at = pending.at < **moved ? **moved : pending.at;
  }
  if (pending.route_request) {
    const auto switched = switch_landed(output, *pending.route_request, pending.at, now);
    if (!switched) return false;
    if (!landed_at || *landed_at < *switched) landed_at = *switched;
  }
  due.emplace_back(std::move(pending.landed), landed_at.value_or(now));
  return true;
}

std::optional<nmos::RouteStatus> EngineConnectionBackend::route_status(const std::string& output) const {
  const auto state = engine_.route_state(output);
  if (!state) return std::nullopt;
  nmos::RouteStatus status;
  status.input = state->current_input;
  if (state->armed) {
    status.armed = true;
    status.armed_input = state->armed->input;
    status.armed_at = state->armed->at;
  }
  if (state->last_landed) {
    status.landed_at = state->last_landed->landed_at;
    status.landed_input = state->last_landed->input;
  }
  return status;
}

void EngineConnectionBackend::settle() {
  const std::lock_guard reporting(reporting_);
  std::vector<std::pair<nmos::ActivationLanded, Expected<PtpTime, std::string>>> due;
  {
    const std::lock_guard lock(mutex_);
    collect_landed(due);
  }
  // Outside the lock: a `landed` may hand the backend the next activation.
  for (auto& [landed, result] : due) landed(std::move(result));
}

void EngineConnectionBackend::watch() {
  while (!stop_.load()) {
    std::this_thread::sleep_for(kWatchPeriod);
    settle();
  }
}

}  // namespace crosspoint::app
