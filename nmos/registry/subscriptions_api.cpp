#include "nmos/registry/subscriptions_api.hpp"

#include "nmos/http/http_error.hpp"
#include "nmos/http/json_body.hpp"
#include "nmos/registry/http_mapping.hpp"
#include "nmos/registry/nmos_id.hpp"
#include "nmos/registry/served_versions.hpp"

namespace crosspoint::nmos::registry {

namespace {

std::string subscriptions_path(ApiVersion version) { return "/x-nmos/query/" + version.to_string() + "/subscriptions"; }

// The subscription a request names, or the response that refuses it (404 unknown, 409 other version).
std::variant<SubscriptionPtr, http::Response> named_subscription(const SubscriptionHub& hub, ApiVersion version,
                                                                 const http::RequestContext& context) {
  const auto& id = context.param("id");
  const auto subscription = is_nmos_id(id) ? hub.find(id) : nullptr;
  if (!subscription) return http::error_response(http::Status::not_found, "no such subscription", context.path);
  if (subscription->api_version != version) {
    auto response = http::error_response(http::Status::conflict,
                                         "the subscription belongs to " + subscription->api_version.to_string());
    response.set(http::beast_http::field::location, subscriptions_path(subscription->api_version) + "/" + id);
    return response;
  }
  return subscription;
}

}  // namespace

void add_subscriptions_api(http::Router& router, std::shared_ptr<SubscriptionHub> hub,
                           std::shared_ptr<const SchemaValidator> schemas, SubscriptionTransport transport) {
  for (const ApiVersion version : kIs04Versions) {
    const std::string path = subscriptions_path(version);

    router.add(http::Method::post, path, [hub, schemas, transport, version, path](const http::RequestContext& context) {
      const auto body = http::parse_json_body(context.request);
      if (const auto violation = schemas->validate(body, "queryapi-subscriptions-post-request.json")) {
        return http::error_response(http::Status::bad_request,
                                    "the subscription request does not match its schema: " + violation->path,
                                    violation->to_string());
      }
      auto candidate = subscription_from_request(body, version, transport);
      if (!candidate) return error_for(candidate.error());
      const std::string ws_base = (transport.secure ? "wss://" : "ws://") + request_host(context) + path + "/";
      const auto created =
          hub->add(std::move(*candidate), [&](const std::string& id) { return ws_base + id + "/ws"; });
      auto response = http::json_response(created.is_new ? http::Status::created : http::Status::ok,
                                          created.subscription->to_json());
      response.set(http::beast_http::field::location, path + "/" + created.subscription->id);
      return response;
    });

    router.add(http::Method::get, path, [hub, version](const http::RequestContext& context) {
      for (const auto& [key, value] : context.query) {
        if (key.rfind("paging.", 0) == 0) {
          return http::error_response(http::Status::not_implemented, "paging of subscriptions is not implemented");
        }
      }
      nlohmann::json list = nlohmann::json::array();
      for (const auto& subscription : hub->list(version)) list.push_back(subscription->to_json());
      return http::json_response(http::Status::ok, list);
    });

    router.add(http::Method::get, path + "/{id}", [hub, version](const http::RequestContext& context) {
      auto named = named_subscription(*hub, version, context);
      if (auto* refused = std::get_if<http::Response>(&named)) return std::move(*refused);
      return http::json_response(http::Status::ok, std::get<SubscriptionPtr>(named)->to_json());
    });

    router.add(http::Method::delete_, path + "/{id}", [hub, version](const http::RequestContext& context) {
      auto named = named_subscription(*hub, version, context);
      if (auto* refused = std::get_if<http::Response>(&named)) return std::move(*refused);
      switch (hub->remove(std::get<SubscriptionPtr>(named)->id)) {
        case SubscriptionHub::Removal::kNotPersistent:
          return http::error_response(http::Status::forbidden,
                                      "a non-persistent subscription ends with its last connection, not by DELETE");
        case SubscriptionHub::Removal::kNotFound:
          return http::error_response(http::Status::not_found, "no such subscription", context.path);
        case SubscriptionHub::Removal::kRemoved:
          break;
      }
      http::Response response{http::Status::no_content, 11};
      response.prepare_payload();
      return response;
    });

    http::WebSocketHandlers handlers;
    handlers.accept = [hub, version](const http::RequestContext& context) -> std::optional<http::Response> {
      auto named = named_subscription(*hub, version, context);
      if (auto* refused = std::get_if<http::Response>(&named)) return std::move(*refused);
      return std::nullopt;
    };
    handlers.on_open = [hub](const http::WebSocketPtr& socket, const http::RequestContext& context) {
      if (!hub->connect(context.param("id"), socket)) socket->close();
    };
    handlers.on_close = [hub](const http::WebSocketPtr& socket) { hub->disconnect(socket); };
    router.add_websocket(path + "/{id}/ws", std::move(handlers));
  }
}

}  // namespace crosspoint::nmos::registry
