#include "nmos/registry/query_api.hpp"

#include "nmos/http/http_error.hpp"
#include "nmos/http/json_body.hpp"
#include "nmos/http/request_target.hpp"
#include "nmos/registry/http_mapping.hpp"
#include "nmos/registry/nmos_id.hpp"
#include "nmos/registry/resource_query.hpp"
#include "nmos/registry/served_versions.hpp"
#include "nmos/registry/store/store_health_api.hpp"

namespace crosspoint::nmos::registry {

namespace {

std::string collection_path(ApiVersion version, ResourceType type) {
  return "/x-nmos/query/" + version.to_string() + "/" + std::string(plural_name(type));
}

// The request's parameters other than the paging cursors and limit, re-encoded for the Link header.
std::string kept_query(const http::RequestContext& context) {
  std::string kept;
  for (const auto& [key, value] : context.query) {
    if (key == "paging.since" || key == "paging.until" || key == "paging.limit") continue;
    if (!kept.empty()) kept += "&";
    kept += http::percent_encode(key) + "=" + http::percent_encode(value);
  }
  return kept;
}

http::Response list_collection(const ResourceStore& store, const PagingLimits& limits, ApiVersion version,
                               ResourceType type, const http::RequestContext& context) {
  const auto params = query_params_of(context);
  const auto query = ResourceQuery::parse(version, params);
  if (!query) return error_for(query.error());
  const auto paging = PagingRequest::parse(params, limits);
  if (!paging) return error_for(paging.error());

  // Read before the snapshot: anything registered meanwhile lies beyond this page's until, on the next page.
  const PtpTime latest = store.latest_stamp();
  std::vector<ResourcePtr> matching;
  for (auto& resource : store.snapshot(type, paging->order)) {
    if (query->matches(*resource)) matching.push_back(std::move(resource));
  }
  const Page page = select_page(matching, *paging, latest);

  std::string body = "[";
  for (const auto& resource : page.resources) {
    if (body.size() > 1) body += ",";
    body += query->versions().needs_stripping(*resource) ? query->present(*resource).dump() : resource->serialized;
  }
  body += "]";
  auto response = serialized_json_response(http::Status::ok, std::move(body));
  response.set("X-Paging-Limit", std::to_string(page.limit));
  response.set("X-Paging-Since", page.since.to_nmos_string());
  response.set("X-Paging-Until", page.until.to_nmos_string());
  response.set(http::beast_http::field::link,
               paging_link_header("http://" + request_host(context) + collection_path(version, type) + "/",
                                  kept_query(context), page));
  return response;
}

http::Response get_item(const ResourceStore& store, ApiVersion version, ResourceType type,
                        const http::RequestContext& context) {
  const auto& id = context.param("id");
  const auto resource = is_nmos_id(id) ? store.find(type, id) : nullptr;
  if (!resource) return http::error_response(http::Status::not_found, "no such resource", context.path);
  const auto view = VersionView::parse(version, query_params_of(context));
  if (!view) return error_for(view.error());
  if (!view->admits(resource->api_version)) {
    auto response = http::error_response(
        http::Status::conflict, "the resource is registered at " + resource->api_version.to_string() +
                                    ", which a " + version.to_string() + " request with query.downgrade=" +
                                    view->floor().to_string() + " does not return");
    response.set(http::beast_http::field::location, collection_path(resource->api_version, type) + "/" + id);
    return response;
  }
  if (!view->needs_stripping(*resource)) return serialized_json_response(http::Status::ok, resource->serialized);
  return http::json_response(http::Status::ok, view->present(*resource));
}

// Whether the view is stale is asked before it is read, so an answer read while etcd was lost is marked.
template <typename Read>
http::Response answer_marked(const std::function<bool()>& view_is_stale, Read read) {
  const bool stale = view_is_stale();
  http::Response response = read();
  if (stale) mark_stale_read(response);
  return response;
}

}  // namespace

void add_query_api(http::Router& router, std::shared_ptr<const ResourceStore> store, PagingLimits limits,
                   std::function<bool()> view_is_stale) {
  for (const ApiVersion version : kIs04Versions) {
    for (const ResourceType type : kAllResourceTypes) {
      const std::string path = collection_path(version, type);
      router.add(http::Method::get, path,
                 [store, limits, version, type, view_is_stale](const http::RequestContext& context) {
                   return answer_marked(view_is_stale,
                                        [&] { return list_collection(*store, limits, version, type, context); });
                 });
      router.add(http::Method::get, path + "/{id}",
                 [store, version, type, view_is_stale](const http::RequestContext& context) {
                   return answer_marked(view_is_stale, [&] { return get_item(*store, version, type, context); });
                 });
    }
  }
}

}  // namespace crosspoint::nmos::registry
