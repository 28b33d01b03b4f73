// How the nmos library's own services (the embedded registry, the IS-05 Connection API) serve on the
// node's HTTP server and read its model, which NodeService keeps out of its public interface.
#pragma once

#include "crosspoint/nmos/node_service.hpp"
#include "nmos/http/server.hpp"
#include "nmos/node/node_model.hpp"

namespace crosspoint::nmos {

struct NodeServiceAccess {
  static http::HttpServer& server(NodeService& node);
  static NodeModel& model(NodeService& node);
};

}  // namespace crosspoint::nmos
