#include "nmos/connection/connection_endpoint.hpp"

#include "nmos/connection/is05_schemas.hpp"

namespace crosspoint::nmos::connection {

ConnectionEndpoint::ConnectionEndpoint(std::shared_ptr<const TransportRules> rules)
    : rules_(std::move(rules)), staged_(rules_->initial_staged()), active_(rules_->initial_active()) {}

Expected<StagePlan, StageError> ConnectionEndpoint::plan(const nlohmann::json& body, PtpTime now) const {
  if (auto violation = is05_validator().validate(body, rules_->stage_schema()))
    return Unexpected<StageError>{bad_request(violation->to_string())};
  StagePlan plan;
  if (const auto activation = body.find("activation"); activation != body.end()) {
    auto request = parse_activation(*activation);
    if (!request) return Unexpected<StageError>{bad_request(request.error())};
    plan.activation = *request;
  }
  const bool cancelling = plan.activation && !plan.activation->mode;
  if (pending_ && !cancelling) {
    return Unexpected<StageError>{StageError{423, "a scheduled activation is pending; PATCH activation.mode null to cancel it",
                                             "scheduled for " + pending_->at.to_nmos_string()}};
  }
  plan.cancels = cancelling && pending_.has_value();
  plan.staged = staged_;
  if (auto error = rules_->apply(body, plan.staged)) return Unexpected<StageError>{*error};
  if (plan.activation && plan.activation->mode) {
    if (auto error = rules_->check_activation(rules_->resolve(plan.staged), active_)) return Unexpected<StageError>{*error};
  }
  if (plan.activation) plan.at = scheduled_time(*plan.activation, now);
  return plan;
}

nlohmann::json ConnectionEndpoint::commit(const StagePlan& plan) {
  staged_ = plan.staged;
  if (plan.cancels) pending_.reset();
  if (plan.scheduled()) {
    pending_ = Pending{*plan.activation, *plan.at};
    staged_["activation"] = activation_json(plan.activation->mode, plan.activation->requested_time, plan.at);
  } else {
    staged_["activation"] = activation_json(std::nullopt, std::nullopt, std::nullopt);
  }
  return staged_;
}

nlohmann::json ConnectionEndpoint::land_immediate(const StagePlan& plan, PtpTime at) {
  make_active(plan.staged, *plan.activation, at);
  staged_ = plan.staged;
  staged_["activation"] = activation_json(std::nullopt, std::nullopt, std::nullopt);
  nlohmann::json response = plan.staged;
  response["activation"] = activation_json(ActivationMode::kImmediate, std::nullopt, at);
  return response;
}

bool ConnectionEndpoint::land_scheduled(PtpTime at) {
  if (!pending_) return false;
  make_active(staged_, pending_->request, at);
  pending_.reset();
  staged_["activation"] = activation_json(std::nullopt, std::nullopt, std::nullopt);
  return true;
}

bool ConnectionEndpoint::abandon_scheduled() {
  if (!pending_) return false;
  pending_.reset();
  staged_["activation"] = activation_json(std::nullopt, std::nullopt, std::nullopt);
  return true;
}

void ConnectionEndpoint::make_active(const nlohmann::json& staged, const ActivationRequest& request, PtpTime at) {
  active_ = rules_->resolve(staged);
  active_["activation"] = activation_json(request.mode, request.requested_time, at);
  ++activations_;
}

}  // namespace crosspoint::nmos::connection
