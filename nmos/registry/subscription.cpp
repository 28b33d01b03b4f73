#include "nmos/registry/subscription.hpp"

namespace crosspoint::nmos::registry {

nlohmann::json Subscription::to_json() const {
  nlohmann::json body = {{"id", id},
                         {"ws_href", ws_href},
                         {"max_update_rate_ms", max_update_rate_ms},
                         {"persist", persist},
                         {"resource_path", "/" + std::string(plural_name(resource_type))},
                         {"params", params}};
  if (api_version >= ApiVersion{1, 1}) body["secure"] = secure;
  if (api_version >= ApiVersion{1, 3}) body["authorization"] = authorization;
  return body;
}

bool Subscription::same_request(const Subscription& other) const {
  return api_version == other.api_version && resource_type == other.resource_type &&
         max_update_rate_ms == other.max_update_rate_ms && persist == other.persist && secure == other.secure &&
         authorization == other.authorization && params == other.params;
}

std::string Subscription::topic() const { return "/" + std::string(plural_name(resource_type)) + "/"; }

Expected<Subscription, QueryError> subscription_from_request(const nlohmann::json& body, ApiVersion api_version,
                                                             const SubscriptionTransport& transport) {
  const auto bad = [](std::string message) { return Unexpected{QueryError{400, std::move(message)}}; };
  if (!body.is_object()) return bad("the subscription request must be an object");
  const auto path = body.value("resource_path", std::string{});
  const auto type = path.size() > 1 && path.front() == '/' ? parse_plural_type(path.substr(1)) : std::nullopt;
  if (!type) return bad("resource_path must be one of /nodes, /devices, /sources, /flows, /senders, /receivers");
  const auto rate = body.find("max_update_rate_ms");
  if (rate == body.end() || !rate->is_number_integer() || rate->get<std::int64_t>() < 0 ||
      rate->get<std::int64_t>() > 3'600'000) {
    return bad("max_update_rate_ms must be an integer from 0 to 3600000");
  }
  const auto persist = body.find("persist");
  if (persist == body.end() || !persist->is_boolean()) return bad("persist must be a boolean");
  const bool secure = body.value("secure", transport.secure);
  if (secure != transport.secure) {
    return bad(transport.secure ? "this Query API only offers secure WebSockets (wss://)"
                                : "this Query API does not offer secure WebSockets (wss://)");
  }
  const bool authorization = body.value("authorization", transport.authorization);
  if (authorization != transport.authorization) {
    return bad(transport.authorization ? "this Query API requires authorization"
                                       : "this Query API does not use authorization");
  }
  const auto params_field = body.find("params");
  if (params_field == body.end()) return bad("params is required");
  const auto params = params_from_json(*params_field);
  if (!params) return Unexpected{params.error()};
  for (const auto& [key, value] : *params) {
    if (key.rfind("paging.", 0) == 0) return bad("paging is not used on WebSocket subscriptions (" + key + ")");
  }
  auto query = ResourceQuery::parse(api_version, *params);
  if (!query) return Unexpected{query.error()};

  Subscription subscription{std::string{},
                            api_version,
                            *type,
                            static_cast<int>(rate->get<std::int64_t>()),
                            persist->get<bool>(),
                            secure,
                            authorization,
                            *params_field,
                            std::move(*query),
                            std::string{}};
  return subscription;
}

}  // namespace crosspoint::nmos::registry
