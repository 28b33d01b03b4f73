// The IS-05 Connection API of the node (v1.0 and v1.1): staged and active transport parameters of every
// sender (engine output) and receiver (engine input), activations now or at a PTP time, and SDP transport
// files. The service decides what is valid and when; a ConnectionBackend carries activations out (the engine
// in the daemon) and a ConnectionObserver hears what landed (the IS-04 node model: subscriptions, versions).
//
//   auto connection = ConnectionService::serve(*node, describe_connections(config, *node), backend, clock);
//   connection->patch(ConnectionKind::kReceiver, id, R"({"activation":{"mode":"activate_immediate"}})",
//                    [](ConnectionReply reply) { ... });   // e.g. IS-04 PUT /receivers/{id}/target
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crosspoint/expected.hpp"
#include "crosspoint/nmos/receiver_target.hpp"
#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/time/clock_model.hpp"
#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::nmos {

namespace http {
class Router;
}
class NodeService;

enum class ConnectionKind : std::uint8_t { kSender, kReceiver };

// A network port of the node: where senders send from and receivers listen on.
struct ConnectionInterface {
  std::string name;   // e.g. "eth0"; senders and receivers name their legs' interfaces by it
  std::string address;  // its IPv4 address, dotted: a sender's source_ip, a receiver's interface_ip
  std::string mac;    // "xx-xx-xx-xx-xx-xx" or with ':'; ts-refclk localmac when free running; empty: unknown
};

// UDP ports a leg may use (constraints minimum/maximum).
struct ConnectionPortRange {
  std::uint16_t min = 1024;
  std::uint16_t max = 65535;
};

// An engine output as IS-05 sees it: one leg per interface (two for ST 2022-7).
struct SenderConnection {
  std::string id;      // the IS-04 sender id
  std::string output;  // the engine's output name, what the backend is told
  std::optional<st2110::MediaFormat> format;  // no format: no transport file (404)
  std::vector<std::string> interfaces;        // leg i leaves on interfaces[i]
  // destination_ip per leg that "auto" resolves to (a controller may stage any other, group or unicast)
  std::vector<std::string> destinations;
  std::uint16_t destination_port = 5004;      // what "auto" resolves to
  std::uint16_t source_port = 5004;
  std::uint8_t payload_type = 96;
  bool master_enable = true;  // sending at start
  ConnectionPortRange ports;
};

// One leg of what a receiver takes at start (its configured flow); `auto` fields resolve as usual.
struct ReceiverLegStart {
  std::optional<std::string> multicast_ip;  // dotted; nullopt: unicast
  std::optional<std::string> source_ip;     // dotted; set: source-specific
  std::uint16_t destination_port = 5004;
};

// An engine input as IS-05 sees it.
struct ReceiverConnection {
  std::string id;     // the IS-04 receiver id
  std::string input;  // the engine's input name
  st2110::MediaType media_type = st2110::MediaType::kVideo;
  std::optional<st2110::MediaFormat> format;  // what it accepts (its BCP-004 constraint sets); none: any of its type
  bool multicast = true;                      // multicast_ip must be a group (or null for unicast) when true
  std::vector<std::string> interfaces;        // leg i arrives on interfaces[i]
  std::uint16_t destination_port = 5004;      // what "auto" resolves to
  ConnectionPortRange ports;
  // The flow the input takes at start, one entry per leg: staged and active show it with master_enable true.
  // Empty: the receiver starts disabled (master_enable false, no addresses).
  std::vector<ReceiverLegStart> start;
};

struct ConnectionDescription {
  std::vector<ConnectionInterface> interfaces;
  std::vector<SenderConnection> senders;
  std::vector<ReceiverConnection> receivers;
};

// One leg of a receiver as it must be received: `auto` already resolved.
struct ReceiverLegActivation {
  std::string interface;                   // ConnectionInterface::name
  st2110::Ipv4Address interface_ip;
  std::optional<st2110::Ipv4Address> multicast_ip;  // nullopt: unicast to interface_ip
  std::optional<st2110::Ipv4Address> source_ip;     // set: source-specific (IGMPv3 include) join
  std::uint16_t destination_port = 5004;
  bool rtp_enabled = true;
};

// "Make this input take this flow (or nothing when master_enable is false)."
struct ReceiverActivation {
  std::string receiver_id;
  std::string input;
  bool master_enable = false;
  std::optional<std::string> sender_id;  // informative: who sends what it takes
  std::vector<ReceiverLegActivation> legs;
  std::string transport_file;  // the SDP it was staged with; empty when none
};

struct SenderLegActivation {
  std::string interface;
  st2110::Ipv4Address source_ip;
  st2110::Ipv4Address destination_ip;
  std::uint16_t source_port = 5004;
  std::uint16_t destination_port = 5004;
  bool rtp_enabled = true;
};

// The internal crosspoint (vendor API /x-crosspoint/v1/routes): the engine input an engine output forwards.
struct RouteChange {
  std::optional<std::string> input;  // nullopt: disconnect the output
};

// "Start, stop or move this output" (and with `route`, switch what it forwards).
struct SenderActivation {
  std::string sender_id;
  std::string output;
  bool master_enable = false;
  std::optional<std::string> receiver_id;
  std::vector<SenderLegActivation> legs;
  // Set by the routes API: the output also switches to this input on the first frame (audio: packet)
  // boundary at or after the activation time. nullopt: the output keeps forwarding what it forwards.
  std::optional<RouteChange> route;
};

// Where an output's packets come from, as the backend knows it (GET /x-crosspoint/v1/routes).
struct RouteStatus {
  std::optional<std::string> input;  // forwarded now; nullopt: nothing
  bool armed = false;                // a switch waits for its time or its frame boundary
  std::optional<std::string> armed_input;
  std::optional<PtpTime> armed_at;   // nullopt while armed: the next boundary
  std::optional<PtpTime> landed_at;  // the last switch that landed
  std::optional<std::string> landed_input;
};

// When an activation landed (PTP/TAI), or why it could not.
using ActivationLanded = std::function<void(Expected<PtpTime, std::string>)>;

// Why a backend refused an activation (nothing was armed). `by_request`: the request cannot be carried out as
// asked (its flow is one leg of another receiver's ST 2022-7 pair, a capacity is reached, the media do not
// match), and IS-05 answers 400; otherwise the device failed, 500.
struct ActivationRefusal {
  std::string reason;
  bool by_request = false;
};

// What carries activations out. `at` nullopt: as soon as possible; otherwise land at the first frame (audio:
// packet) boundary at or after `at`. The return is a refusal (nothing was armed) or nullopt; `landed` is then
// called exactly once, from any thread (also from inside the call), when it landed or failed.
class ConnectionBackend {
 public:
  virtual ~ConnectionBackend() = default;
  virtual std::optional<ActivationRefusal> activate_receiver(const ReceiverActivation& activation,
                                                             std::optional<PtpTime> at, ActivationLanded landed) = 0;
  virtual std::optional<ActivationRefusal> activate_sender(const SenderActivation& activation,
                                                           std::optional<PtpTime> at, ActivationLanded landed) = 0;
  // Withdraws the armed activation of a sender/receiver. True: it will not land and its `landed` is not
  // called. False: it has landed or is landing, and its `landed` comes (or came) as usual.
  virtual bool cancel(ConnectionKind kind, const std::string& id) = 0;
  // The route of engine output `output`; nullopt when the backend has no such output.
  [[nodiscard]] virtual std::optional<RouteStatus> route_status(const std::string& output) const = 0;
  // Reports, before returning, every activation that has landed by now (calls its `landed`), so that a caller
  // about to judge a PATCH or show a route never sees the backend ahead of IS-05's own state. A backend that
  // reports landings as they happen needs nothing here. Never called with the service's lock held.
  virtual void settle() {}
};

// What an activation changed, told after it landed (outside the service's lock), as the IS-04 `subscription`
// of the sender/receiver must now read; every activation must bump the IS-04 version (IS-05-02 tests 05-06),
// also one that changed nothing. A sender's transport file changes with every sender activation.
class ConnectionObserver {
 public:
  virtual ~ConnectionObserver() = default;
  // receiver `subscription`: {sender_id (nullopt when not active), active: master_enable}
  virtual void receiver_activated(const std::string& receiver_id, const std::optional<std::string>& sender_id,
                                  bool active) = 0;
  // sender `subscription`: {receiver_id (nullopt when not active), active: master_enable}
  virtual void sender_activated(const std::string& sender_id, const std::optional<std::string>& receiver_id,
                                bool active) = 0;
};

// An HTTP-shaped answer for callers that are not HTTP (IS-04 target, routes API): status and JSON body.
struct ConnectionReply {
  int status = 200;
  std::string body;  // JSON text: the staged resource, or an NMOS error {code, error, debug}
};

class ConnectionService {
 public:
  // `backend`, `clock` and `observer` (may be null) must outlive the service. Throws std::invalid_argument
  // naming what is wrong when a sender/receiver names an interface the description does not have.
  ConnectionService(ConnectionDescription description, ConnectionBackend& backend, const ClockModel& clock,
                    ConnectionObserver* observer = nullptr);
  ~ConnectionService();
  ConnectionService(const ConnectionService&) = delete;
  ConnectionService& operator=(const ConnectionService&) = delete;

  // Serves /x-nmos/connection/{v1.0,v1.1}/ and /x-crosspoint/v1/routes on `node`'s HTTP server, with the
  // node's IS-04 model as the observer: receiver and sender `subscription` and versions follow every
  // activation. `node`, `backend` and `clock` must outlive the service. Throws std::invalid_argument as the
  // constructor does.
  static std::unique_ptr<ConnectionService> serve(NodeService& node, ConnectionDescription description,
                                                  ConnectionBackend& backend, const ClockModel& clock);

  // Serves /x-nmos/connection/{v1.0,v1.1}/ and /x-crosspoint/v1/routes on a router of an HTTP server.
  void add_routes(http::Router& router);

  // PATCH /single/{senders|receivers}/{id}/staged with `json_body`: the one path every staging takes.
  // `reply` is called once (for an immediate activation: after it landed), maybe from another thread.
  void patch(ConnectionKind kind, const std::string& id, std::string_view json_body,
             std::function<void(ConnectionReply)> reply);

  // IS-04 PUT /receivers/{id}/target as IS-05 asks (activate_immediate through patch()): a sender stages
  // sender_id, master_enable true and the sender's transport file (fetched from its manifest_href when it
  // has one), {} stages master_enable false. Blocks until the activation landed; an error text when it did not.
  std::optional<std::string> apply_target(const ReceiverTarget& target);

  // The sender's SDP for its active parameters (nullopt: unknown id or no format).
  [[nodiscard]] std::optional<std::string> sender_transport_file(const std::string& sender_id) const;

  // JSON text of /staged, /active, /constraints; nullopt for an unknown id.
  [[nodiscard]] std::optional<std::string> staged(ConnectionKind kind, const std::string& id) const;
  [[nodiscard]] std::optional<std::string> active(ConnectionKind kind, const std::string& id) const;
  [[nodiscard]] std::optional<std::string> constraints(ConnectionKind kind, const std::string& id) const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace crosspoint::nmos
