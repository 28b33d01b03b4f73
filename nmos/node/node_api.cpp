#include "nmos/node/node_api.hpp"

#include <boost/asio/post.hpp>

#include "nmos/http/http_error.hpp"
#include "nmos/http/json_body.hpp"
#include "nmos/registry/embedded_schemas.hpp"
#include "nmos/registry/schema_validator.hpp"
#include "nmos/resources/stable_id.hpp"

namespace crosspoint::nmos {

using http::Method;
using http::RequestContext;
using http::Status;

namespace {

const registry::SchemaValidator& target_validator() {
  static const registry::SchemaValidator validator = [] {
    auto loaded = registry::SchemaValidator::from_texts(registry::embedded_is04_schemas());
    if (!loaded) throw std::runtime_error("embedded IS-04 schemas do not load: " + loaded.error());
    return std::move(*loaded);
  }();
  return validator;
}

const std::string& id_param(const RequestContext& context, const char* name) {
  const std::string& id = context.param(name);
  // A malformed id can never name a resource: same answer as an unknown one, with a hint why.
  if (!is_nmos_uuid(id)) throw http::HttpError(Status::not_found, "no such resource", "not a UUID: " + id);
  return id;
}

}  // namespace

NodeApi::NodeApi(NodeModel& model, TargetApplier applier) : model_(model), applier_(std::move(applier)) {}

NodeApi::~NodeApi() { worker_.join(); }

void NodeApi::add_routes(http::Router& router) {
  for (const ApiVersion version : {kV1_2, kV1_3}) {
    const std::string base = "/x-nmos/node/" + version.to_string();
    router.add(Method::get, base + "/self", [this, version](const RequestContext&) {
      return http::json_response(Status::ok, model_.self(version));
    });
    // In the order of the RAML; the base path lists its children in this order.
    for (const ResourceType type : {ResourceType::kSource, ResourceType::kFlow, ResourceType::kDevice,
                                    ResourceType::kSender, ResourceType::kReceiver}) {
      const std::string collection = base + "/" + std::string(plural_name(type));
      router.add(Method::get, collection, [this, type, version](const RequestContext&) {
        return http::json_response(Status::ok, model_.collection(type, version));
      });
      router.add(Method::get, collection + "/{id}", [this, type, version](const RequestContext& context) {
        const std::string& id = id_param(context, "id");
        auto resource = model_.find(type, id, version);
        if (!resource)
          throw http::HttpError(Status::not_found, "no " + std::string(singular_name(type)) + " with this id", id);
        return http::json_response(Status::ok, *resource);
      });
    }
    router.add(Method::put, base + "/receivers/{id}/target",
               [this](const RequestContext& context) { return put_target(context); });
  }
}

http::Response NodeApi::put_target(const RequestContext& context) {
  const std::string& receiver_id = id_param(context, "id");
  if (!model_.find(ResourceType::kReceiver, receiver_id))
    throw http::HttpError(Status::not_found, "no receiver with this id", receiver_id);
  nlohmann::json body = http::parse_json_body(context.request);
  if (auto violation = target_validator().validate(body, "nodeapi-receiver-target.json")) {
    // oneOf(sender, {}) names no field; the sender schema does, so ask it for a non-empty body.
    if (!body.empty()) {
      if (auto detail = target_validator().validate(body, "sender.json")) violation = detail;
    }
    throw http::HttpError(Status::bad_request, "the target is neither a sender nor {}: " + violation->to_string(),
                          violation->to_string());
  }
  ReceiverTarget target{receiver_id, body.empty() ? std::nullopt : std::optional<nlohmann::json>(body)};
  // The daemon may take its time; 202 says the request was accepted, the subscription follows when applied.
  boost::asio::post(worker_, [this, target = std::move(target)] {
    const std::optional<std::string> refused = applier_ ? applier_(target) : std::nullopt;
    if (refused) return;
    if (target.sender)
      model_.set_receiver_subscription(target.receiver_id, target.sender->at("id").get<std::string>(), true);
    else
      model_.set_receiver_subscription(target.receiver_id, std::nullopt, false);
  });
  return http::json_response(Status::accepted, body);
}

}  // namespace crosspoint::nmos
