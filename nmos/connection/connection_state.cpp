#include "nmos/connection/connection_state.hpp"

#include <stdexcept>

#include "nmos/connection/sender_transport_file.hpp"

namespace crosspoint::nmos::connection {

nlohmann::json error_body(int status, const std::string& error, const std::string& debug) {
  return {{"code", status}, {"error", error}, {"debug", debug.empty() ? nlohmann::json(nullptr) : nlohmann::json(debug)}};
}

namespace {

PatchReply error_reply(const StageError& error) { return {error.status, error_body(error.status, error.error, error.debug)}; }

}  // namespace

ConnectionState::ConnectionState(const ConnectionDescription& description, ConnectionBackend& backend,
                                 const ClockModel& clock, ConnectionObserver* observer)
    : backend_(backend), clock_(clock), observer_(observer) {
  for (const SenderConnection& sender : description.senders) {
    auto rules = std::make_shared<const SenderRules>(sender, description.interfaces);
    add(rules).sender = rules;
  }
  for (const ReceiverConnection& receiver : description.receivers) {
    auto rules = std::make_shared<const ReceiverRules>(receiver, description.interfaces);
    add(rules).receiver = rules;
  }
}

ConnectionState::Resource& ConnectionState::add(const std::shared_ptr<const TransportRules>& rules) {
  const bool sender = rules->kind() == ConnectionKind::kSender;
  auto& resources = sender ? senders_ : receivers_;
  auto [it, added] = resources.try_emplace(rules->id(), rules);
  if (!added) throw std::invalid_argument((sender ? "sender " : "receiver ") + rules->id() + " is described twice");
  (sender ? sender_order_ : receiver_order_).push_back(rules->id());
  return it->second;
}

ConnectionState::Resource* ConnectionState::find(ConnectionKind kind, const std::string& id) {
  auto& resources = kind == ConnectionKind::kSender ? senders_ : receivers_;
  const auto it = resources.find(id);
  return it == resources.end() ? nullptr : &it->second;
}

const ConnectionState::Resource* ConnectionState::find(ConnectionKind kind, const std::string& id) const {
  return const_cast<ConnectionState*>(this)->find(kind, id);
}

void ConnectionState::patch(ConnectionKind kind, const std::string& id, nlohmann::json body, PatchResponder reply,
                            std::optional<RouteChange> route, std::optional<PtpTime> now) {
  std::unique_lock lock(mutex_);
  Resource* resource = find(kind, id);
  if (resource == nullptr) {
    lock.unlock();
    const char* what = kind == ConnectionKind::kSender ? "no sender with this id" : "no receiver with this id";
    reply({404, error_body(404, what, id)});
    return;
  }
  auto work = [self = shared_from_this(), kind, id, body = std::move(body), reply = std::move(reply),
               route = std::move(route), now] { self->carry_out(kind, id, body, reply, route, now); };
  if (resource->busy) {
    resource->waiting.push_back(std::move(work));
    return;
  }
  resource->busy = true;
  lock.unlock();
  work();
}

void ConnectionState::finish(Resource& resource) {
  std::unique_lock lock(mutex_);
  if (resource.waiting.empty()) {
    resource.busy = false;
    return;
  }
  auto next = std::move(resource.waiting.front());
  resource.waiting.pop_front();
  lock.unlock();
  next();
}

void ConnectionState::carry_out(ConnectionKind kind, const std::string& id, const nlohmann::json& body,
                                const PatchResponder& reply, const std::optional<RouteChange>& route,
                                std::optional<PtpTime> now) {
  // Resources are never removed, so the reference stays valid; its endpoint is only touched under the mutex.
  Resource& resource = *find(kind, id);
  backend_.settle();  // an activation that has landed is no longer pending
  std::unique_lock lock(mutex_);
  auto plan = resource.endpoint.plan(body, now.value_or(clock_.now()));
  lock.unlock();
  if (!plan) {
    reply(error_reply(plan.error()));
    finish(resource);
    return;
  }

  if (plan->cancels && !backend_.cancel(kind, id)) {
    reply(error_reply({423, "the scheduled activation is landing and can no longer be cancelled",
                       "it will show in /active when it has landed"}));
    finish(resource);
    return;
  }

  if (plan->immediate()) {
    const nlohmann::json active = resource.endpoint.rules().resolve(plan->staged);
    auto landed = [self = shared_from_this(), &resource, kind, id, plan = *plan, reply](Expected<PtpTime, std::string> at) {
      if (!at) {
        reply(error_reply({500, "the activation failed; staged and active are unchanged", at.error()}));
      } else {
        std::unique_lock lock(self->mutex_);
        nlohmann::json response = resource.endpoint.land_immediate(plan, *at);
        const nlohmann::json now_active = resource.endpoint.active();
        lock.unlock();
        self->tell_observer(kind, id, now_active);
        reply({200, std::move(response)});
      }
      self->finish(resource);
    };
    if (auto refused = hand_to_backend(resource, active, std::nullopt, landed, route)) {
      reply(error_reply({refused->by_request ? 400 : 500, "the activation was refused; staged and active are unchanged",
                         refused->reason}));
      finish(resource);
    }
    return;
  }

  lock.lock();
  const ConnectionEndpoint before = resource.endpoint;
  nlohmann::json response = resource.endpoint.commit(*plan);
  lock.unlock();
  if (plan->scheduled()) {
    // Armed after committing: a backend may report the landing from inside the call.
    const nlohmann::json active = resource.endpoint.rules().resolve(plan->staged);
    auto landed = [weak = weak_from_this(), kind, id](Expected<PtpTime, std::string> at) {
      if (auto self = weak.lock()) self->scheduled_landed(kind, id, std::move(at));
    };
    if (auto refused = hand_to_backend(resource, active, plan->at, landed, route)) {
      lock.lock();
      resource.endpoint = before;
      lock.unlock();
      reply(error_reply({refused->by_request ? 400 : 500,
                         "the scheduled activation was refused; staged and active are unchanged", refused->reason}));
      finish(resource);
      return;
    }
  }
  reply({plan->scheduled() ? 202 : 200, std::move(response)});
  finish(resource);
}

std::optional<ActivationRefusal> ConnectionState::hand_to_backend(const Resource& resource,
                                                                  const nlohmann::json& active,
                                                                  std::optional<PtpTime> at, ActivationLanded landed,
                                                                  const std::optional<RouteChange>& route) {
  if (resource.sender) {
    SenderActivation activation = resource.sender->activation(active);
    activation.route = route;
    return backend_.activate_sender(activation, at, std::move(landed));
  }
  return backend_.activate_receiver(resource.receiver->activation(active), at, std::move(landed));
}

void ConnectionState::scheduled_landed(ConnectionKind kind, const std::string& id, Expected<PtpTime, std::string> at) {
  std::unique_lock lock(mutex_);
  Resource& resource = *find(kind, id);
  // A failed scheduled activation leaves /active as it was; /staged is unlocked again.
  const bool landed = at ? resource.endpoint.land_scheduled(*at) : resource.endpoint.abandon_scheduled();
  const nlohmann::json active = resource.endpoint.active();
  lock.unlock();
  if (landed && at) tell_observer(kind, id, active);
}

void ConnectionState::tell_observer(ConnectionKind kind, const std::string& id, const nlohmann::json& active) {
  if (observer_ == nullptr) return;
  const bool enabled = active.at("master_enable").get<bool>();
  // IS-04: a parked (master_enable false) sender/receiver is subscribed to nobody.
  const nlohmann::json& peer = active.at(kind == ConnectionKind::kReceiver ? "sender_id" : "receiver_id");
  const std::optional<std::string> subscribed =
      enabled && !peer.is_null() ? std::optional<std::string>(peer.get<std::string>()) : std::nullopt;
  if (kind == ConnectionKind::kReceiver)
    observer_->receiver_activated(id, subscribed, enabled);
  else
    observer_->sender_activated(id, subscribed, enabled);
}

std::vector<std::string> ConnectionState::ids(ConnectionKind kind) const {
  return kind == ConnectionKind::kSender ? sender_order_ : receiver_order_;
}

bool ConnectionState::has(ConnectionKind kind, const std::string& id) const { return find(kind, id) != nullptr; }

std::optional<nlohmann::json> ConnectionState::staged(ConnectionKind kind, const std::string& id) const {
  backend_.settle();
  std::lock_guard lock(mutex_);
  const Resource* resource = find(kind, id);
  if (resource == nullptr) return std::nullopt;
  return resource->endpoint.staged();
}

std::optional<nlohmann::json> ConnectionState::active(ConnectionKind kind, const std::string& id) const {
  backend_.settle();
  std::lock_guard lock(mutex_);
  const Resource* resource = find(kind, id);
  if (resource == nullptr) return std::nullopt;
  return resource->endpoint.active();
}

std::optional<nlohmann::json> ConnectionState::constraints(ConnectionKind kind, const std::string& id) const {
  const Resource* resource = find(kind, id);
  if (resource == nullptr) return std::nullopt;
  return resource->endpoint.rules().constraints();
}

const SenderConnection* ConnectionState::sender(const std::string& id) const {
  const Resource* resource = find(ConnectionKind::kSender, id);
  return resource == nullptr ? nullptr : &resource->sender->sender();
}

const ReceiverConnection* ConnectionState::receiver(const std::string& id) const {
  const Resource* resource = find(ConnectionKind::kReceiver, id);
  return resource == nullptr ? nullptr : &resource->receiver->receiver();
}

std::optional<std::string> ConnectionState::sender_transport_file(const std::string& id) const {
  std::unique_lock lock(mutex_);
  const Resource* resource = find(ConnectionKind::kSender, id);
  if (resource == nullptr) return std::nullopt;
  const nlohmann::json active = resource->endpoint.active();
  const std::uint64_t version = resource->endpoint.activations();
  lock.unlock();
  const SenderRules& rules = *resource->sender;
  return sender_sdp(rules.sender(), rules.interfaces(), rules.activation(active), clock_.traceability(), version);
}

}  // namespace crosspoint::nmos::connection
