// The Connection API's shared state: every sender's and receiver's ConnectionEndpoint behind one mutex, a
// queue per resource so PATCHes to it run one after another (an immediate activation holds its resource
// until it landed, without blocking an io thread), and the hand-over of activations to the backend.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crosspoint/nmos/connection_service.hpp"
#include "nmos/connection/connection_endpoint.hpp"
#include "nmos/connection/receiver_rules.hpp"
#include "nmos/connection/sender_rules.hpp"

namespace crosspoint::nmos::connection {

// The answer to one PATCH: status and JSON body (the staged document, or an NMOS error).
struct PatchReply {
  int status = 200;
  nlohmann::json body;
};
using PatchResponder = std::function<void(PatchReply)>;

// {code, error, debug} as every NMOS API answers a failure.
nlohmann::json error_body(int status, const std::string& error, const std::string& debug);

class ConnectionState : public std::enable_shared_from_this<ConnectionState> {
 public:
  ConnectionState(const ConnectionDescription& description, ConnectionBackend& backend, const ClockModel& clock,
                  ConnectionObserver* observer);

  // Stages (and maybe activates) `body` on a sender/receiver; `reply` is called once, maybe later. `route`
  // (senders only, from the routes API) also switches the sender's output when the activation lands. `now`:
  // the PTP time the body is judged at (default: when it is carried out); the entries of one salvo share one,
  // so a relative activation arms them all for the same time.
  void patch(ConnectionKind kind, const std::string& id, nlohmann::json body, PatchResponder reply,
             std::optional<RouteChange> route = std::nullopt, std::optional<PtpTime> now = std::nullopt);
  [[nodiscard]] PtpTime now() const { return clock_.now(); }

  // Ids in description order.
  [[nodiscard]] std::vector<std::string> ids(ConnectionKind kind) const;
  [[nodiscard]] bool has(ConnectionKind kind, const std::string& id) const;
  // Snapshots; nullopt for an unknown id.
  [[nodiscard]] std::optional<nlohmann::json> staged(ConnectionKind kind, const std::string& id) const;
  [[nodiscard]] std::optional<nlohmann::json> active(ConnectionKind kind, const std::string& id) const;
  [[nodiscard]] std::optional<nlohmann::json> constraints(ConnectionKind kind, const std::string& id) const;
  [[nodiscard]] std::optional<std::string> sender_transport_file(const std::string& id) const;
  // The description's senders and receivers (rules), by id; nullptr for an unknown id.
  [[nodiscard]] const SenderConnection* sender(const std::string& id) const;
  [[nodiscard]] const ReceiverConnection* receiver(const std::string& id) const;
  [[nodiscard]] ConnectionBackend& backend() const { return backend_; }

 private:
  struct Resource {
    explicit Resource(std::shared_ptr<const TransportRules> rules) : endpoint(std::move(rules)) {}
    ConnectionEndpoint endpoint;
    std::shared_ptr<const SenderRules> sender;      // one of the two
    std::shared_ptr<const ReceiverRules> receiver;
    bool busy = false;                              // a PATCH is being carried out
    std::deque<std::function<void()>> waiting;      // PATCHes that arrived meanwhile
  };

  // Adds the resource a sender's/receiver's rules describe; throws std::invalid_argument for a repeated id.
  Resource& add(const std::shared_ptr<const TransportRules>& rules);
  Resource* find(ConnectionKind kind, const std::string& id);
  const Resource* find(ConnectionKind kind, const std::string& id) const;
  // Runs `work` now or after the PATCHes queued before it on the same resource.
  void when_free(Resource& resource, std::function<void()> work);
  // The current PATCH of a resource is done: starts the next queued one.
  void finish(Resource& resource);
  void carry_out(ConnectionKind kind, const std::string& id, const nlohmann::json& body, const PatchResponder& reply,
                 const std::optional<RouteChange>& route, std::optional<PtpTime> now);
  // Asks the backend to carry out `active` (a resolved active document) now or at `at`.
  std::optional<ActivationRefusal> hand_to_backend(const Resource& resource, const nlohmann::json& active,
                                                   std::optional<PtpTime> at, ActivationLanded landed,
                                                   const std::optional<RouteChange>& route);
  void tell_observer(ConnectionKind kind, const std::string& id, const nlohmann::json& active);
  void scheduled_landed(ConnectionKind kind, const std::string& id, Expected<PtpTime, std::string> landed);

  ConnectionBackend& backend_;
  const ClockModel& clock_;
  ConnectionObserver* observer_;
  mutable std::mutex mutex_;
  std::map<std::string, Resource, std::less<>> senders_;
  std::map<std::string, Resource, std::less<>> receivers_;
  std::vector<std::string> sender_order_;
  std::vector<std::string> receiver_order_;
};

}  // namespace crosspoint::nmos::connection
