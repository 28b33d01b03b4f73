// Subscription: a Query API WebSocket subscription (POST /subscriptions), what it asks for and how it is shown.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "crosspoint/expected.hpp"
#include "nmos/registry/query_error.hpp"
#include "nmos/registry/resource_query.hpp"
#include "nmos/resources/api_version.hpp"
#include "nmos/resources/resource_type.hpp"

namespace crosspoint::nmos::registry {

struct Subscription {
  std::string id;
  ApiVersion api_version;  // the Query API version it was created through
  ResourceType resource_type = ResourceType::kNode;
  int max_update_rate_ms = 100;
  bool persist = false;
  bool secure = false;
  bool authorization = false;
  nlohmann::json params = nlohmann::json::object();
  ResourceQuery query;
  std::string ws_href;

  // queryapi-subscription-response.json, with the keys of its API version.
  [[nodiscard]] nlohmann::json to_json() const;
  // Whether another request asks for exactly this subscription (so POST may return this one with 200).
  [[nodiscard]] bool same_request(const Subscription& other) const;
  // "/nodes/": the grain topic.
  [[nodiscard]] std::string topic() const;
};

using SubscriptionPtr = std::shared_ptr<const Subscription>;

// How the Query API is served, which a request's "secure" and "authorization" must agree with.
struct SubscriptionTransport {
  bool secure = false;
  bool authorization = false;
};

// Reads a POST /subscriptions body already valid against queryapi-subscriptions-post-request.json: 400 for a
// secure/authorization mismatch or bad params, 501 for unsupported query parameters. id and ws_href are left empty.
Expected<Subscription, QueryError> subscription_from_request(const nlohmann::json& body, ApiVersion api_version,
                                                             const SubscriptionTransport& transport);

}  // namespace crosspoint::nmos::registry
