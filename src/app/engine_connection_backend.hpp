// IS-05 activations carried out by the engine: a receiver is an engine input, retargeted make-before-break
// (no legs when master_enable is false); a sender is an engine output, moved or started/stopped at its time.
// A watcher thread reports each activation's landing: a receiver's when every output that followed its input
// has switched, a sender's when its new parameters were applied.
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

  std::optional<std::string> activate_receiver(const nmos::ReceiverActivation& activation, std::optional<PtpTime> at,
                                               nmos::ActivationLanded landed) override;
  std::optional<std::string> activate_sender(const nmos::SenderActivation& activation, std::optional<PtpTime> at,
                                             nmos::ActivationLanded landed) override;
  bool cancel(nmos::ConnectionKind kind, const std::string& id) override;

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
  };

  void watch();
  // With mutex_ held: the landings due now, taken off the pending maps, to be told outside the lock.
  void collect_landed(std::vector<std::pair<nmos::ActivationLanded, Expected<PtpTime, std::string>>>& due);

  engine::Engine& engine_;
  const ClockModel& clock_;
  std::mutex mutex_;
  std::map<std::string, engine::OutputConfig, std::less<>> outputs_;  // by output id
  std::map<std::string, PendingReceiver, std::less<>> receivers_;     // by receiver id
  std::map<std::string, PendingSender, std::less<>> senders_;         // by sender id
  std::atomic<bool> stop_{false};
  std::thread watcher_;
};

}  // namespace crosspoint::app
