#include "nmos/connection/routes_api.hpp"

#include <map>
#include <mutex>
#include <set>

#include "nmos/connection/is05_schemas.hpp"
#include "nmos/connection/media_type_name.hpp"
#include "nmos/http/http_error.hpp"
#include "nmos/http/json_body.hpp"

namespace crosspoint::nmos::connection {
namespace {

using http::Method;
using http::RequestContext;
using http::Status;

nlohmann::json time_or_null(const std::optional<PtpTime>& time) {
  return time ? nlohmann::json(time->to_nmos_string()) : nlohmann::json(nullptr);
}

nlohmann::json name_or_null(const std::optional<std::string>& name) {
  return name ? nlohmann::json(*name) : nlohmann::json(nullptr);
}

// The engine's outputs and inputs by name, as the description of the Connection API names them.
struct Crosspoint {
  struct Output {
    std::string sender_id;
    std::optional<st2110::MediaType> media;
  };
  struct Input {
    std::string receiver_id;
    st2110::MediaType media;
  };
  std::map<std::string, Output, std::less<>> outputs;  // by output name
  std::map<std::string, Input, std::less<>> inputs;    // by input name
  std::vector<std::string> output_order;
  std::vector<std::string> input_order;

  explicit Crosspoint(const ConnectionState& state) {
    for (const std::string& id : state.ids(ConnectionKind::kSender)) {
      const SenderConnection& sender = *state.sender(id);
      Output output{id, std::nullopt};
      if (sender.format) output.media = st2110::media_type_of(*sender.format);
      outputs.emplace(sender.output, output);
      output_order.push_back(sender.output);
    }
    for (const std::string& id : state.ids(ConnectionKind::kReceiver)) {
      const ReceiverConnection& receiver = *state.receiver(id);
      inputs.emplace(receiver.input, Input{id, receiver.media_type});
      input_order.push_back(receiver.input);
    }
  }
};

nlohmann::json route_json(const std::string& output, const Crosspoint::Output& known, const RouteStatus& status) {
  nlohmann::json armed = nullptr;
  if (status.armed) armed = {{"input", name_or_null(status.armed_input)}, {"at", time_or_null(status.armed_at)}};
  nlohmann::json landed = nullptr;
  if (status.landed_at) landed = {{"input", name_or_null(status.landed_input)}, {"at", status.landed_at->to_nmos_string()}};
  return {{"output", output},
          {"sender_id", known.sender_id},
          {"media", known.media ? nlohmann::json(media_type_name(*known.media)) : nlohmann::json(nullptr)},
          {"input", name_or_null(status.input)},
          {"armed", armed},
          {"last_landed", landed}};
}

[[noreturn]] void refuse(const std::string& error) { throw http::HttpError(Status::bad_request, error, error); }

// One entry of a PATCH, checked: which sender, and which input (nullopt: disconnect).
struct RouteEntry {
  std::string output;
  std::string sender_id;
  std::optional<std::string> input;
};

// Every entry is checked before any is staged: a bad salvo changes nothing.
std::vector<RouteEntry> checked_entries(const nlohmann::json& body, const Crosspoint& crosspoint, bool cancelling) {
  const auto routes = body.find("routes");
  if (routes == body.end() || !routes->is_array() || routes->empty())
    refuse("routes: required, an array of {\"output\": name, \"input\": name or null}");
  std::vector<RouteEntry> entries;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < routes->size(); ++i) {
    const nlohmann::json& entry = (*routes)[i];
    const std::string where = "routes[" + std::to_string(i) + "]";
    if (!entry.is_object()) refuse(where + ": not an object");
    for (const auto& [key, value] : entry.items()) {
      if (key != "output" && key != "input") refuse(where + "." + key + ": not a route field (output, input)");
    }
    const auto output = entry.find("output");
    if (output == entry.end() || !output->is_string()) refuse(where + ".output: required, an output name");
    const auto known = crosspoint.outputs.find(output->get<std::string>());
    if (known == crosspoint.outputs.end()) refuse(where + ".output: no output named " + output->dump());
    if (!seen.insert(known->first).second) refuse(where + ".output: " + output->dump() + " is routed twice");
    RouteEntry checked{known->first, known->second.sender_id, std::nullopt};
    const auto input = entry.find("input");
    if (input == entry.end()) {
      if (!cancelling) refuse(where + ".input: required, an input name or null (disconnect)");
    } else if (!input->is_null()) {
      if (!input->is_string()) refuse(where + ".input: an input name or null");
      const auto source = crosspoint.inputs.find(input->get<std::string>());
      if (source == crosspoint.inputs.end()) refuse(where + ".input: no input named " + input->dump());
      if (known->second.media && *known->second.media != source->second.media) {
        refuse(where + ".input: " + input->dump() + " carries " + media_type_name(source->second.media) + ", output " +
               output->dump() + " " + media_type_name(*known->second.media));
      }
      checked.input = source->first;
    }
    entries.push_back(std::move(checked));
  }
  return entries;
}

// The activation of a PATCH: the IS-05 activation object, immediate when absent.
nlohmann::json checked_activation(const nlohmann::json& body) {
  const auto activation = body.find("activation");
  if (activation == body.end()) return {{"mode", "activate_immediate"}};
  if (auto violation = is05_validator().validate(*activation, "activation-schema.json"))
    refuse("activation: " + violation->to_string());
  if (auto parsed = parse_activation(*activation); !parsed) refuse(parsed.error());
  return *activation;
}

void patch_routes(const std::shared_ptr<ConnectionState>& state, const std::shared_ptr<const Crosspoint>& crosspoint,
                  const RequestContext& context, const http::Responder& respond) {
  const nlohmann::json body = http::parse_json_body(context.request);
  for (const auto& [key, value] : body.items()) {
    if (key != "routes" && key != "activation") refuse(key + ": not a field of a routes PATCH (routes, activation)");
  }
  const nlohmann::json activation = checked_activation(body);
  const bool cancelling = activation.at("mode").is_null();
  const std::vector<RouteEntry> entries = checked_entries(body, *crosspoint, cancelling);

  struct Collect {
    std::mutex mutex;
    nlohmann::json results = nlohmann::json::array();
    std::size_t remaining = 0;
  };
  // One time for the whole salvo: a relative activation arms every entry for the same PTP time.
  const PtpTime now = state->now();
  auto collect = std::make_shared<Collect>();
  collect->remaining = entries.size();
  for (std::size_t i = 0; i < entries.size(); ++i) collect->results.push_back(nullptr);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const RouteEntry& entry = entries[i];
    nlohmann::json result = {{"output", entry.output}, {"input", name_or_null(entry.input)}, {"sender_id", entry.sender_id}};
    auto answer = [collect, respond, i, result](PatchReply reply) mutable {
      result["code"] = reply.status;
      if (reply.status >= 300) {
        result["error"] = reply.body.value("error", "");
        result["debug"] = reply.body.value("debug", nlohmann::json(nullptr));
      } else {
        // Immediate: when it landed; scheduled: when it will.
        result["activation"] = reply.body.at("activation");
      }
      std::unique_lock lock(collect->mutex);
      collect->results[i] = std::move(result);
      if (--collect->remaining != 0) return;
      nlohmann::json results = std::move(collect->results);
      lock.unlock();
      respond(http::json_response(Status::ok, results));
    };
    std::optional<RouteChange> route;
    if (!cancelling) route = RouteChange{entry.input};
    state->patch(ConnectionKind::kSender, entry.sender_id, {{"activation", activation}}, std::move(answer),
                 std::move(route), now);
  }
}

}  // namespace

void add_routes_api(http::Router& router, std::shared_ptr<ConnectionState> state) {
  auto crosspoint = std::make_shared<const Crosspoint>(*state);
  router.add(Method::get, "/x-crosspoint/v1/routes", [state, crosspoint](const RequestContext&) {
    nlohmann::json routes = nlohmann::json::array();
    for (const std::string& output : crosspoint->output_order) {
      const auto status = state->backend().route_status(output);
      routes.push_back(route_json(output, crosspoint->outputs.at(output), status.value_or(RouteStatus{})));
    }
    return http::json_response(Status::ok, routes);
  });
  // What a route may name as its input: each engine input, its IS-04 receiver and its media.
  router.add(Method::get, "/x-crosspoint/v1/inputs", [crosspoint](const RequestContext&) {
    nlohmann::json inputs = nlohmann::json::array();
    for (const std::string& name : crosspoint->input_order) {
      const Crosspoint::Input& input = crosspoint->inputs.at(name);
      inputs.push_back({{"input", name}, {"receiver_id", input.receiver_id}, {"media", media_type_name(input.media)}});
    }
    return http::json_response(Status::ok, inputs);
  });
  router.add_async(Method::patch, "/x-crosspoint/v1/routes",
                   [state, crosspoint](RequestContext context, http::Responder respond) {
                     patch_routes(state, crosspoint, context, respond);
                   });
}

}  // namespace crosspoint::nmos::connection
