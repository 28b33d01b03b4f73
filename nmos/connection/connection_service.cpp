// The public face of the Connection API: a thin wrapper over ConnectionState (state) and the HTTP routes
// (connection_api.cpp).
#include "crosspoint/nmos/connection_service.hpp"

#include <future>

#include "nmos/connection/connection_api.hpp"
#include "nmos/connection/connection_state.hpp"
#include "nmos/connection/routes_api.hpp"
#include "nmos/http/http_client.hpp"
#include "nmos/node/node_service_access.hpp"
#include "nmos/node/node_subscriptions.hpp"

namespace crosspoint::nmos {

struct ConnectionService::State {
  std::shared_ptr<connection::ConnectionState> state;
  std::unique_ptr<ConnectionObserver> own_observer;  // serve(): the node model's subscriptions
};

ConnectionService::ConnectionService(ConnectionDescription description, ConnectionBackend& backend,
                                     const ClockModel& clock, ConnectionObserver* observer)
    : state_(std::make_shared<State>(
          State{std::make_shared<connection::ConnectionState>(description, backend, clock, observer)})) {}

ConnectionService::~ConnectionService() = default;

std::unique_ptr<ConnectionService> ConnectionService::serve(NodeService& node, ConnectionDescription description,
                                                            ConnectionBackend& backend, const ClockModel& clock) {
  auto observer = std::make_unique<NodeSubscriptions>(NodeServiceAccess::model(node));
  auto service = std::make_unique<ConnectionService>(std::move(description), backend, clock, observer.get());
  service->state_->own_observer = std::move(observer);
  service->add_routes(NodeServiceAccess::server(node).router());
  return service;
}

void ConnectionService::add_routes(http::Router& router) {
  connection::add_connection_routes(router, state_->state);
  connection::add_routes_api(router, state_->state);
}

namespace {

// The SDP behind a sender's manifest_href; nullopt when it has none or it cannot be fetched.
std::optional<std::string> fetch_transport_file(const nlohmann::json& sender) {
  const auto href = sender.find("manifest_href");
  if (href == sender.end() || !href->is_string()) return std::nullopt;
  http::HttpClient client(std::chrono::seconds(2));
  auto response = client.request(http::Method::get, href->get<std::string>());
  if (!response || response->result_int() != 200) return std::nullopt;
  return response->body();
}

}  // namespace

std::optional<std::string> ConnectionService::apply_target(const ReceiverTarget& target) {
  nlohmann::json body = {{"activation", {{"mode", "activate_immediate"}}}};
  if (target.sender) {
    body["sender_id"] = target.sender->value("id", "");
    body["master_enable"] = true;
    if (auto sdp = fetch_transport_file(*target.sender))
      body["transport_file"] = {{"data", *sdp}, {"type", "application/sdp"}};
  } else {
    body["sender_id"] = nullptr;
    body["master_enable"] = false;
  }
  std::promise<ConnectionReply> replied;
  auto reply = replied.get_future();
  patch(ConnectionKind::kReceiver, target.receiver_id, body.dump(),
        [&replied](ConnectionReply answer) { replied.set_value(std::move(answer)); });
  const ConnectionReply answer = reply.get();
  if (answer.status == 200) return std::nullopt;
  const nlohmann::json error = nlohmann::json::parse(answer.body, nullptr, false);
  return "IS-05 staging answered " + std::to_string(answer.status) + ": " +
         (error.is_object() ? error.value("error", answer.body) : answer.body);
}

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
