// The IS-04 Node API (v1.2 and v1.3 from one model) as routes in a server's table:
// /x-nmos/node/{v}/self, devices, sources, flows, senders, receivers (collections and items) and
// PUT /receivers/{id}/target (the deprecated v1.3 connection request, handed to the daemon).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/thread_pool.hpp>

#include "crosspoint/nmos/receiver_target.hpp"
#include "nmos/http/router.hpp"
#include "nmos/node/node_model.hpp"

namespace crosspoint::nmos {

class NodeApi {
 public:
  // `applier` may be empty: the subscription is then just recorded.
  NodeApi(NodeModel& model, TargetApplier applier);
  ~NodeApi();
  NodeApi(const NodeApi&) = delete;
  NodeApi& operator=(const NodeApi&) = delete;

  // Adds the routes of every served version to `router`.
  void add_routes(http::Router& router);

 private:
  http::Response put_target(const http::RequestContext& context);

  NodeModel& model_;
  TargetApplier applier_;
  // One worker, so targets for a receiver are applied in the order they arrived.
  boost::asio::thread_pool worker_{1};
};

}  // namespace crosspoint::nmos
