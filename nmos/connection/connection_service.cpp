// The public face of the Connection API: a thin wrapper over ConnectionState (state) and the HTTP routes
// (connection_api.cpp).
#include "crosspoint/nmos/connection_service.hpp"

#include "nmos/connection/connection_api.hpp"
#include "nmos/connection/connection_state.hpp"

namespace crosspoint::nmos {

struct ConnectionService::State {
  std::shared_ptr<connection::ConnectionState> state;
};

ConnectionService::ConnectionService(ConnectionDescription description, ConnectionBackend& backend,
                                     const ClockModel& clock, ConnectionObserver* observer)
    : state_(std::make_shared<State>(
          State{std::make_shared<connection::ConnectionState>(description, backend, clock, observer)})) {}

ConnectionService::~ConnectionService() = default;

void ConnectionService::add_routes(http::Router& router) { connection::add_connection_routes(router, state_->state); }

void ConnectionService::patch(ConnectionKind kind, const std::string& id, std::string_view json_body,
                              std::function<void(ConnectionReply)> reply) {
  nlohmann::json body = nlohmann::json::parse(json_body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    const nlohmann::json error = connection::error_body(400, "the body is not a JSON object", std::string(json_body));
    reply({400, error.dump()});
    return;
  }
  state_->state->patch(kind, id, std::move(body), [reply = std::move(reply)](connection::PatchReply answer) {
    reply({answer.status, answer.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
  });
}

std::optional<std::string> ConnectionService::sender_transport_file(const std::string& sender_id) const {
  return state_->state->sender_transport_file(sender_id);
}

namespace {

std::optional<std::string> dumped(const std::optional<nlohmann::json>& document) {
  if (!document) return std::nullopt;
  return document->dump();
}

}  // namespace

std::optional<std::string> ConnectionService::staged(ConnectionKind kind, const std::string& id) const {
  return dumped(state_->state->staged(kind, id));
}

std::optional<std::string> ConnectionService::active(ConnectionKind kind, const std::string& id) const {
  return dumped(state_->state->active(kind, id));
}

std::optional<std::string> ConnectionService::constraints(ConnectionKind kind, const std::string& id) const {
  return dumped(state_->state->constraints(kind, id));
}

}  // namespace crosspoint::nmos
