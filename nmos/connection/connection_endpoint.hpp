// One sender or receiver of the Connection API as a state machine, without HTTP, clock or backend:
// /staged, /active, a scheduled activation pending (which locks /staged), and the IS-05 rules for a PATCH.
// Staging is atomic: plan() judges a whole PATCH and changes nothing; the caller commits what it returns.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "crosspoint/expected.hpp"
#include "crosspoint/time/ptp_time.hpp"
#include "nmos/connection/activation.hpp"
#include "nmos/connection/stage_error.hpp"
#include "nmos/connection/transport_rules.hpp"

namespace crosspoint::nmos::connection {

// What a valid PATCH does.
struct StagePlan {
  nlohmann::json staged;  // the staged document it leaves (activation block not yet set)
  std::optional<ActivationRequest> activation;  // the body's `activation`, if it had one
  std::optional<PtpTime> at;                    // a scheduled activation's absolute time
  bool cancels = false;                         // mode null while an activation was scheduled

  [[nodiscard]] bool immediate() const { return activation && activation->mode == ActivationMode::kImmediate; }
  [[nodiscard]] bool scheduled() const { return at.has_value(); }
};

class ConnectionEndpoint {
 public:
  explicit ConnectionEndpoint(std::shared_ptr<const TransportRules> rules);

  // Judges a PATCH body at PTP time `now`: 400 naming the first bad field, 423 while a scheduled activation
  // is pending (unless the body cancels it with mode null). Changes nothing.
  [[nodiscard]] Expected<StagePlan, StageError> plan(const nlohmann::json& body, PtpTime now) const;

  // Commits a plan that activates nothing now: staging only, a cancel, or a scheduled activation (which
  // then locks /staged until landed() or cancel). Returns the PATCH response body.
  nlohmann::json commit(const StagePlan& plan);

  // An immediate plan landed at `at`: /active takes its parameters (resolved), /staged keeps them with its
  // activation reset. Returns the PATCH response body (activation: mode, requested_time null, activation_time).
  nlohmann::json land_immediate(const StagePlan& plan, PtpTime at);

  // The pending scheduled activation landed at `at`; false if none is pending (cancelled meanwhile).
  bool land_scheduled(PtpTime at);
  // The pending scheduled activation failed: /active stays, /staged is unlocked. False if none was pending.
  bool abandon_scheduled();

  [[nodiscard]] bool locked() const { return pending_.has_value(); }
  [[nodiscard]] const nlohmann::json& staged() const { return staged_; }
  [[nodiscard]] const nlohmann::json& active() const { return active_; }
  [[nodiscard]] const TransportRules& rules() const { return *rules_; }
  // Activations landed so far: the version of what /active shows (e.g. the SDP session version).
  [[nodiscard]] std::uint64_t activations() const { return activations_; }

 private:
  struct Pending {
    ActivationRequest request;
    PtpTime at;
  };

  void make_active(const nlohmann::json& staged, const ActivationRequest& request, PtpTime at);

  std::shared_ptr<const TransportRules> rules_;
  nlohmann::json staged_;
  nlohmann::json active_;
  std::optional<Pending> pending_;
  std::uint64_t activations_ = 0;
};

}  // namespace crosspoint::nmos::connection
