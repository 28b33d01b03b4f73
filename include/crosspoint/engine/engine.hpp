// The packet engine: DPDK ports and worker lcores that receive ST 2110 flows, merge ST 2022-7 legs, switch
// each output between inputs on frame boundaries and rewrite headers. The control interface below is
// called from the control plane (any thread but a worker); its updates reach the workers through versioned
// tables swapped by pointer and retired after an RCU grace period, so the data path takes no lock.
//
// Threading: the EAL's first core (EalConfig::cores) is the main lcore, where the control plane runs;
// every further core runs one worker, run to completion. A port has one receive queue, polled by the
// worker PortConfig::worker names, and one transmit queue per worker (so each worker sends on every
// port without sharing a queue; a device must offer that many, e.g. net_pcap one tx_pcap per worker).
// To use more cores: list them ("-l 0-4" gives workers 0..3), spread the ports over the workers, and
// put each output on the worker of the inputs routed to it (OutputConfig::worker): an input lives on
// the worker of its ports, both ST 2022-7 legs on one worker. Counters are per worker and summed here.
//
// Capacity (limits.hpp): a limit is refused by the call that would pass it, with EngineErrorCode::kCapacity,
// never dropped quietly later:
// - kMaxInputs inputs and kMaxOutputs outputs: add_input and add_output;
// - kMaxPorts ports: start();
// - WorkerConfig::burst_size up to kMaxBurst: start() (0 is kInvalidConfig).
// One input feeds any number of outputs, up to every output the engine holds: fan-out has no limit of its
// own. Configuration values out of range are kInvalidConfig: 1..kMaxLegs legs per input and output, a merge
// window of 1..kMaxMergeWindow packets. What the data path cannot take is counted by reason in EngineStats:
// an IGMP query beyond the kQueryBacklog the control plane has not yet read (query_backlog), a fan-out copy
// without an mbuf (mempool_exhausted) or whose RTP header outgrows a header mbuf (header_too_long), a packet
// the transmit queue refused (tx_full); and IGMP reports the control plane could not queue are counted in
// PortStats::igmp_reports_unsent.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crosspoint/engine/config.hpp"
#include "crosspoint/engine/engine_error.hpp"
#include "crosspoint/engine/frame_tap.hpp"
#include "crosspoint/engine/limits.hpp"
#include "crosspoint/engine/port_status.hpp"
#include "crosspoint/engine/route_state.hpp"
#include "crosspoint/engine/stats.hpp"
#include "crosspoint/time/clock_model.hpp"
#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::engine {

class Engine {
 public:
  // `clock` must outlive the engine: armed PTP times become local deadlines through it.
  Engine(EngineConfig config, const ClockModel& clock);
  ~Engine();  // stops
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Initialises the EAL (once per process), creates mempools, opens and starts the ports and launches one
  // worker per EAL worker lcore. Inputs and outputs may be added before or after.
  Status start();
  // Stops the workers, frees in-flight packets and closes (and for probed devices, removes) the ports.
  // Inputs, outputs and routes are kept for the next start().
  void stop();
  [[nodiscard]] bool running() const;
  // Starts the replay ports held by EngineConfig::hold_replays (nothing for those already playing).
  void play_replays();

  // Inputs: flows matched on (port, destination, UDP port[, source]); one leg or two (ST 2022-7).
  // Adding an input joins its multicast groups (IGMPv3) on its ports; removing leaves them and
  // disconnects the outputs routed to it at once.
  Status add_input(const InputConfig& input);
  Status remove_input(std::string_view id);
  // Moves input `id` to new legs make-before-break (an NMOS receiver activated onto another flow): the new
  // flow is joined at once in a fresh slot, every output whose route follows the input is armed to switch
  // to it on the first frame (audio: packet) boundary at or after `at`, and the old flow is left, its slot
  // freed, only after every one of those switches has landed. Returns each such output with the request
  // number RouteState reports when it lands. An output follows the input when its route names the input at
  // `at`; its switches armed to land later onto the input land on the new flow. Legs equal to the current
  // ones change nothing. The new legs may
  // share no flow with the old ones (kAlreadyExists): a flow belongs to one input slot at a time. No legs
  // disables the input (IS-05 master_enable false): its outputs disconnect at a frame boundary at or after
  // `at`, keep following it, and switch to its flow when a later retarget gives it legs again.
  Expected<std::vector<RetargetedOutput>, EngineError> retarget_input(std::string_view id, std::vector<InputLeg> legs,
                                                                      std::optional<PtpTime> at = std::nullopt);

  // Outputs start disconnected; removing one stops its packets at once.
  Status add_output(const OutputConfig& output);
  Status remove_output(std::string_view id);
  // Gives output `output.id` new transport parameters (legs, SSRC, payload type, DSCP, TTL) and starts or
  // stops it (`enabled`) at its next frame boundary (audio: packet): the frame being sent ends at the old
  // destination, the next starts at the new one, nothing lost between them. Its route, RTP and extended
  // sequence continue and no other output is touched. Media and worker cannot change (kInvalidConfig).
  Status update_output(const OutputConfig& output);
  // When the output's latest update_output took effect (its first packet after it left with the new
  // parameters, or at once when the output stood between frames); nullopt while the frame being sent goes
  // on, and while the engine is stopped.
  [[nodiscard]] Expected<std::optional<PtpTime>, EngineError> moved_at(std::string_view output) const;

  // Arms a switch of `output` to `input` (nullopt: disconnect) that lands on the first frame boundary
  // (video, ancillary) or packet boundary (audio) at or after `at` (nullopt: now, as soon as possible).
  // Switches armed earlier and not landed stay armed: an output's switches land in the order of their
  // times (then of arming), so a start-up route still waiting for its input's first frame lands before a
  // switch scheduled later. Switches due together land as the last armed, which supersedes the others (the
  // output goes straight to it; landing_of reports its landing for them). Up to kMaxArmedSwitches per
  // output (kCapacity beyond). Returns the request number that RouteState reports when it lands.
  Expected<std::uint64_t, EngineError> arm_route(std::string_view output, std::optional<std::string> input,
                                                 std::optional<PtpTime> at = std::nullopt);
  // Withdraws armed request `request` of `output` before it lands, and only it: the route and every other
  // armed switch stay as they are and no landing is recorded. True when withdrawn; false when it had already
  // landed (or was superseded) or its cut had begun (the old frame ended, the new input's next frame
  // awaited), so it lands as armed. kNotFound for a request the output never had armed.
  Expected<bool, EngineError> cancel_route(std::string_view output, std::uint64_t request);
  [[nodiscard]] Expected<RouteState, EngineError> route_state(std::string_view output) const;
  // The landing that settled request `request` of `output`: its own (LandedRoute::request is `request`) or
  // that of a later switch due with it that superseded it; nullopt while it is armed, or when it was
  // withdrawn or is too old to be remembered (the last 2 x kMaxArmedSwitches landings are).
  [[nodiscard]] Expected<std::optional<LandedRoute>, EngineError> landing_of(std::string_view output,
                                                                             std::uint64_t request) const;

  // The control-plane tap (frame_tap.hpp): grants or renews a lease on copies of one unit in
  // `options.one_in` of input or output `id` until `options.lease` from now (0 ends it at once); returns the
  // key its copies carry. kNotRunning while stopped, kNotFound for an unknown id, kInvalidConfig for one_in 0.
  Expected<TapKey, EngineError> tap(TapPoint point, std::string_view id, TapOptions options = {});
  // Hands every copy the workers made since the last call to `consume`, on the calling thread (one reader at
  // a time; it may run beside any other call); returns how many. Nothing while stopped.
  std::size_t read_tap(const TapConsumer& consume);

  // Counters for every port, input (and leg) and output, summed over workers without stopping them.
  [[nodiscard]] EngineStats stats() const;

  // A port's address and link, while running (kNotRunning before start, kNotFound for an unknown name).
  [[nodiscard]] Expected<PortStatus, EngineError> port_status(std::string_view port) const;
  // Mbufs currently taken from the engine's mempools (received packets, fan-out headers): leak checks.
  [[nodiscard]] std::uint64_t mbufs_in_use() const;

  [[nodiscard]] const EngineConfig& config() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crosspoint::engine
