// IS-05 activations carried out by the engine: a receiver is an engine input, retargeted make-before-break
// (no legs when master_enable is false); a sender is an engine output, moved or started/stopped at its time,
// and with a route (the routes API) switched to another input on a frame boundary at or after that time.
// A watcher thread reports each activation's landing (settle() does it at once for a caller about to judge a
// PATCH or show a route): a receiver's when every output that followed its input
// has switched, a sender's when its new parameters were applied and its route switch landed. A sender that
// forwards an input is moved, started or stopped by the engine between two frames (Engine::update_output): the
// frame being sent ends at the old address, the next starts at the new one, none lost. A switch or a move on
// an input that sends nothing has no boundary to land on: kLandingPatience (200 ms) after its time the activation is
// reported at that moment (the engine keeps it armed; route_status shows it so). A sender pointed at a unicast address
// with no configured destination MAC sends once the engine's ARP has resolved it.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "crosspoint/engine/engine.hpp"
#include "crosspoint/nmos/connection_service.hpp"
#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::app {

class EngineConnectionBackend final : public nmos::ConnectionBackend {
 public:
  // `outputs`: the engine's outputs as configured (a sender activation changes a copy and hands it back).
  // `engine` and `clock` must outlive the backend.
  EngineConnectionBackend(engine::Engine& engine, const ClockModel& clock, std::vector<engine::OutputConfig> outputs);
  ~EngineConnectionBackend() override;
  EngineConnectionBackend(const EngineConnectionBackend&) = delete;
  EngineConnectionBackend& operator=(const EngineConnectionBackend&) = delete;

  std::optional<nmos::ActivationRefusal> activate_receiver(const nmos::ReceiverActivation& activation,
                                                          std::optional<PtpTime> at,
                                                          nmos::ActivationLanded landed) override;
  std::optional<nmos::ActivationRefusal> activate_sender(const nmos::SenderActivation& activation,
                                                        std::optional<PtpTime> at, nmos::ActivationLanded landed) override;
  bool cancel(nmos::ConnectionKind kind, const std::string& id) override;
  [[nodiscard]] std::optional<nmos::RouteStatus> route_status(const std::string& output) const override;
  // Reports what has landed, on the caller's thread; returns once the landings another thread (the watcher)
  // was already reporting are told too.
  void settle() override;

 private:
  struct PendingReceiver {
    std::vector<engine::RetargetedOutput> followers;
    PtpTime not_before;
    nmos::ActivationLanded landed;
  };
  struct PendingSender {
    engine::OutputConfig config;
    PtpTime at;
    nmos::ActivationLanded landed;
    std::optional<std::uint64_t> route_request;  // the engine's arm_route request, when the route changes
    bool applied = false;                        // its time came: config handed to the engine
    bool moving = false;                         // it moves, starts or stops the output: landed when moved
  };

  void watch();
  // With mutex_ held: the landings due now, taken off the pending maps, to be told outside the lock.
  void collect_landed(std::vector<std::pair<nmos::ActivationLanded, Expected<PtpTime, std::string>>>& due);
  // With mutex_ held: carries out a due sender activation; true when it is done (or failed, told in `due`).
  bool apply_sender(PendingSender& pending, PtpTime now,
                    std::vector<std::pair<nmos::ActivationLanded, Expected<PtpTime, std::string>>>& due);
  // With mutex_ held: when `output`'s switch `request` landed; nullopt while it has not (nor given up).
  std::optional<PtpTime> switch_landed(const std::string& output, std::uint64_t request, PtpTime not_before,
                                       PtpTime now) const;

  engine::Engine& engine_;
  const ClockModel& clock_;
  mutable std::mutex mutex_;
  // Held while landings are taken and told, so a settle() waits for one in flight; recursive because a
  // `landed` may start the next activation, whose PATCH settles again on the same thread.
  std::recursive_mutex reporting_;
  std::map<std::string, engine::OutputConfig, std::less<>> outputs_;  // by output id
  std::map<std::string, PendingReceiver, std::less<>> receivers_;     // by receiver id
  std::map<std::string, PendingSender, std::less<>> senders_;         // by sender id
  std::atomic<bool> stop_{false};
  std::thread watcher_;
};

}  // namespace crosspoint::app
