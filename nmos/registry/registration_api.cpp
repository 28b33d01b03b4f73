#include "nmos/registry/registration_api.hpp"

#include "nmos/http/http_error.hpp"
#include "nmos/http/json_body.hpp"
#include "nmos/registry/http_mapping.hpp"
#include "nmos/registry/nmos_id.hpp"
#include "nmos/registry/served_versions.hpp"

namespace crosspoint::nmos::registry {

namespace {

std::string registration_base(ApiVersion version) { return "/x-nmos/registration/" + version.to_string(); }

std::string resource_location(ApiVersion version, ResourceType type, const std::string& id) {
  return registration_base(version) + "/resource/" + std::string(plural_name(type)) + "/" + id;
}

std::string conflict_location(const RegistryError& error, ResourceType type, const std::string& id) {
  return error.registered_version ? resource_location(*error.registered_version, type, id) : std::string{};
}

std::string health_location(const RegistryError& error, const std::string& id) {
  return error.registered_version ? registration_base(*error.registered_version) + "/health/nodes/" + id
                                  : std::string{};
}

// The {type}/{id} of a resource URL, or the 404 that answers a path naming no resource.
std::optional<ResourceType> resource_type_of(const http::RequestContext& context) {
  const auto type = parse_plural_type(context.param("type"));
  if (!type || !is_nmos_id(context.param("id"))) return std::nullopt;
  return type;
}

http::Response no_such_resource(const http::RequestContext& context) {
  return http::error_response(http::Status::not_found, "no such resource", context.path);
}

http::Response health_response(PtpTime when) {
  return http::json_response(http::Status::ok, {{"health", std::to_string(when.seconds)}});
}

}  // namespace

void add_registration_api(http::Router& router, std::shared_ptr<RegistryStore> store,
                          std::shared_ptr<const SchemaValidator> schemas) {
  for (const ApiVersion version : kIs04Versions) {
    const std::string base = registration_base(version);

    router.add(http::Method::post, base + "/resource", [store, schemas, version](const http::RequestContext& context) {
      const auto body = http::parse_json_body(context.request);
      const auto type_field = body.find("type");
      const auto type = type_field != body.end() && type_field->is_string()
                            ? parse_singular_type(type_field->get<std::string>())
                            : std::nullopt;
      if (!type) {
        return http::error_response(http::Status::bad_request,
                                    "type must be one of node, device, source, flow, sender, receiver", "type");
      }
      const auto data = body.find("data");
      if (data == body.end() || !data->is_object()) {
        return http::error_response(http::Status::bad_request, "data must be the resource object", "data");
      }
      // Only the v1.3 schemas are held; older registrations get the structural checks of the store.
      if (version == kLatestIs04Version) {
        if (const auto violation = schemas->validate(*data, std::string(singular_name(*type)) + ".json", "data")) {
          return http::error_response(http::Status::bad_request, "the " + std::string(singular_name(*type)) +
                                                                     " does not match its schema: " + violation->path,
                                      violation->to_string());
        }
      }
      auto outcome = store->upsert(*type, *data, version);
      if (!outcome) {
        return error_for(outcome.error(), conflict_location(outcome.error(), *type, data->value("id", "")));
      }
      auto response = serialized_json_response(outcome->created ? http::Status::created : http::Status::ok,
                                               outcome->resource->serialized);
      response.set(http::beast_http::field::location, resource_location(version, *type, outcome->resource->id));
      return response;
    });

    router.add(http::Method::get, base + "/resource/{type}/{id}", [store, version](const http::RequestContext& context) {
      const auto type = resource_type_of(context);
      if (!type) return no_such_resource(context);
      const auto resource = store->view().find(*type, context.param("id"));
      if (!resource) return no_such_resource(context);
      if (resource->api_version != version) {
        auto response = http::error_response(http::Status::conflict, "the resource is registered at " +
                                                                         resource->api_version.to_string());
        response.set(http::beast_http::field::location, resource_location(resource->api_version, *type, resource->id));
        return response;
      }
      return serialized_json_response(http::Status::ok, resource->serialized);
    });

    router.add(http::Method::delete_, base + "/resource/{type}/{id}",
               [store, version](const http::RequestContext& context) {
                 const auto type = resource_type_of(context);
                 if (!type) return no_such_resource(context);
                 const auto removed = store->remove(*type, context.param("id"), version);
                 if (!removed) {
                   return error_for(removed.error(), conflict_location(removed.error(), *type, context.param("id")));
                 }
                 http::Response response{http::Status::no_content, 11};
                 response.prepare_payload();
                 return response;
               });

    router.add(http::Method::post, base + "/health/nodes/{id}", [store, version](const http::RequestContext& context) {
      const auto& id = context.param("id");
      if (!is_nmos_id(id)) return no_such_resource(context);
      const auto health = store->heartbeat(id, version);
      if (!health) return error_for(health.error(), health_location(health.error(), id));
      return health_response(*health);
    });

    router.add(http::Method::get, base + "/health/nodes/{id}", [store, version](const http::RequestContext& context) {
      const auto& id = context.param("id");
      if (!is_nmos_id(id)) return no_such_resource(context);
      const auto health = store->last_heartbeat(id, version);
      if (!health) return error_for(health.error(), health_location(health.error(), id));
      return health_response(*health);
    });
  }
}

}  // namespace crosspoint::nmos::registry
