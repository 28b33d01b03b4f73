#include "crosspoint/nmos/web_endpoints.hpp"

#include <nlohmann/json.hpp>

#include "nmos/node/node_service_access.hpp"

namespace crosspoint::nmos {

void WebEndpoints::serve(NodeService& node, std::string_view path, WebContentSource source) {
  NodeServiceAccess::server(node).router().add(http::Method::get, path,
                                               [source = std::move(source)](const http::RequestContext&) {
                                                 WebContent content = source();
                                                 http::Response response{http::Status::ok, 11};
                                                 response.set(http::beast_http::field::content_type, content.content_type);
                                                 response.set(http::beast_http::field::cache_control, "no-store");
                                                 response.body() = std::move(content.body);
                                                 return response;
                                               });
}

WebReply WebReply::error(unsigned status, const std::string& error, const std::string& debug) {
  const nlohmann::json body = {{"code", status}, {"error", error}, {"debug", debug.empty() ? nlohmann::json() : nlohmann::json(debug)}};
  return WebReply{status, WebContent{"application/json", body.dump()}};
}

void WebEndpoints::serve_pattern(NodeService& node, std::string_view pattern, WebReplySource source) {
  NodeServiceAccess::server(node).router().add(http::Method::get, pattern,
                                               [source = std::move(source)](const http::RequestContext& request) {
                                                 WebReply reply = source(request.params);
                                                 http::Response response{static_cast<http::Status>(reply.status), 11};
                                                 response.set(http::beast_http::field::content_type,
                                                              reply.content.content_type);
                                                 response.set(http::beast_http::field::cache_control, "no-store");
                                                 response.body() = std::move(reply.content.body);
                                                 return response;
                                               });
}

HttpTraffic WebEndpoints::http_traffic(NodeService& node) {
  const http::ServerStats stats = NodeServiceAccess::server(node).stats();
  return HttpTraffic{stats.requests,        stats.responses_by_status, stats.connections_open,
                     stats.websockets_open, stats.connections_accepted, stats.refused_by_reason};
}

}  // namespace crosspoint::nmos
