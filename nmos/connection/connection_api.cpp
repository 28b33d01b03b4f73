#include "nmos/connection/connection_api.hpp"

#include <atomic>

#include "nmos/connection/is05_schemas.hpp"
#include "nmos/http/http_error.hpp"
#include "nmos/http/json_body.hpp"

namespace crosspoint::nmos::connection {
namespace {

using http::Method;
using http::RequestContext;
using http::Status;

struct KindPaths {
  ConnectionKind kind;
  const char* plural;    // "senders"
  const char* singular;  // "sender"
};
constexpr KindPaths kKinds[] = {{ConnectionKind::kSender, "senders", "sender"},
                                {ConnectionKind::kReceiver, "receivers", "receiver"}};

http::Response json_reply(int status, const nlohmann::json& body) {
  return http::json_response(static_cast<Status>(status), body);
}

const std::string& known_id(const ConnectionState& state, const KindPaths& kind, const RequestContext& context) {
  const std::string& id = context.param("id");
  if (!state.has(kind.kind, id))
    throw http::HttpError(Status::not_found, std::string("no ") + kind.singular + " with this id", id);
  return id;
}

// The leaves under /single/{kind}/{id}/, in the order of the RAML.
nlohmann::json resource_children(ConnectionKind kind, bool v1_1) {
  nlohmann::json children = {"constraints/", "staged/", "active/"};
  if (kind == ConnectionKind::kSender) children.push_back("transportfile/");
  if (v1_1) children.push_back("transporttype/");
  return children;
}

void add_single_routes(http::Router& router, const std::shared_ptr<ConnectionState>& state, const std::string& base,
                       const KindPaths& kind, bool v1_1) {
  const std::string collection = base + "/single/" + kind.plural;
  router.add(Method::get, collection, [state, kind](const RequestContext&) {
    nlohmann::json ids = nlohmann::json::array();
    for (const std::string& id : state->ids(kind.kind)) ids.push_back(id + "/");
    return json_reply(200, ids);
  });
  const std::string one = collection + "/{id}";
  router.add(Method::get, one, [state, kind, v1_1](const RequestContext& context) {
    known_id(*state, kind, context);
    return json_reply(200, resource_children(kind.kind, v1_1));
  });
  router.add(Method::get, one + "/constraints", [state, kind](const RequestContext& context) {
    return json_reply(200, *state->constraints(kind.kind, known_id(*state, kind, context)));
  });
  router.add(Method::get, one + "/staged", [state, kind](const RequestContext& context) {
    return json_reply(200, *state->staged(kind.kind, known_id(*state, kind, context)));
  });
  router.add(Method::get, one + "/active", [state, kind](const RequestContext& context) {
    return json_reply(200, *state->active(kind.kind, known_id(*state, kind, context)));
  });
  router.add_async(Method::patch, one + "/staged", [state, kind](RequestContext context, http::Responder respond) {
    const std::string& id = known_id(*state, kind, context);
    nlohmann::json body = http::parse_json_body(context.request);
    state->patch(kind.kind, id, std::move(body),
                 [respond](PatchReply reply) { respond(json_reply(reply.status, reply.body)); });
  });
  if (v1_1) {
    router.add(Method::get, one + "/transporttype", [state, kind](const RequestContext& context) {
      known_id(*state, kind, context);
      return json_reply(200, "urn:x-nmos:transport:rtp");
    });
  }
  if (kind.kind == ConnectionKind::kSender) {
    router.add(Method::get, one + "/transportfile", [state, kind](const RequestContext& context) {
      const std::string& id = known_id(*state, kind, context);
      const auto sdp = state->sender_transport_file(id);
      if (!sdp) throw http::HttpError(Status::not_found, "this sender has no transport file (no flow format)", id);
      http::Response response{Status::ok, 11};
      response.set(http::beast_http::field::content_type, "application/sdp");
      // A controller must never act on a stale file: the file changes with every activation.
      response.set(http::beast_http::field::cache_control, "no-cache");
      response.body() = *sdp;
      response.prepare_payload();
      return response;
    });
  }
}

void add_bulk_route(http::Router& router, const std::shared_ptr<ConnectionState>& state, const std::string& base,
                    const KindPaths& kind) {
  const std::string schema = std::string("bulk-") + kind.singular + "-post-schema.json";
  router.add_async(Method::post, base + "/bulk/" + kind.plural,
                   [state, kind, schema](RequestContext context, http::Responder respond) {
    const nlohmann::json body = http::parse_json_body(context.request, false);
    if (auto violation = is05_validator().validate(body, schema))
      throw http::HttpError(Status::bad_request, violation->to_string(), violation->to_string());
    // Each element is staged on its own; the answer waits for all (immediate activations included).
    struct Collect {
      std::mutex mutex;
      nlohmann::json results;
      std::size_t remaining = 0;
    };
    auto collect = std::make_shared<Collect>();
    collect->results = nlohmann::json::array();
    collect->remaining = body.size();
    for (std::size_t i = 0; i < body.size(); ++i) collect->results.push_back(nullptr);
    if (body.empty()) {
      respond(json_reply(200, collect->results));
      return;
    }
    // One PTP time for the whole request: relative activations of its elements name the same instant.
    const PtpTime now = state->now();
    for (std::size_t i = 0; i < body.size(); ++i) {
      const std::string id = body[i].at("id").get<std::string>();
      state->patch(kind.kind, id, body[i].at("params"), [collect, respond, id, i](PatchReply reply) {
        nlohmann::json result = {{"id", id}, {"code", reply.status}};
        if (reply.status >= 300) {
          result["error"] = reply.body.value("error", "");
          result["debug"] = reply.body.value("debug", nlohmann::json(nullptr));
        }
        std::unique_lock lock(collect->mutex);
        collect->results[i] = std::move(result);
        if (--collect->remaining != 0) return;
        nlohmann::json results = std::move(collect->results);
        lock.unlock();
        respond(json_reply(200, results));
      }, std::nullopt, now);
    }
  });
}

}  // namespace

void add_connection_routes(http::Router& router, std::shared_ptr<ConnectionState> state) {
  for (const char* version : {"v1.0", "v1.1"}) {
    const std::string base = std::string("/x-nmos/connection/") + version;
    const bool v1_1 = std::string(version) == "v1.1";
    for (const KindPaths& kind : kKinds) add_single_routes(router, state, base, kind, v1_1);
    for (const KindPaths& kind : kKinds) add_bulk_route(router, state, base, kind);
  }
}

}  // namespace crosspoint::nmos::connection
