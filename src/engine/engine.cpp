#include "crosspoint/engine/engine.hpp"

#include <atomic>
#include <chrono>
#include <algorithm>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include "crosspoint/engine/eal.hpp"
#include "crosspoint/time/clock_model.hpp"
#include "engine_records.hpp"
#include "forwarding_table_builder.hpp"
#include "control_ring.hpp"
#include "igmp_membership.hpp"
#include "link_watch.hpp"
#include "neighbour_cache.hpp"
#include "pace_queue_depth.hpp"
#include "port.hpp"
#include "port_link.hpp"
#include "stats_aggregation.hpp"
#include "tap_channel.hpp"
#include "worker.hpp"
#include "worker_state.hpp"

namespace crosspoint::engine {

namespace {

std::atomic<unsigned> engine_instances{0};

constexpr unsigned kControlRingSize = 1024;
constexpr unsigned kHeaderDataRoom = RTE_PKTMBUF_HEADROOM + 256;
// How often the control plane looks whether a retargeted input's old flow is still needed.
constexpr auto kRetirePoll = std::chrono::milliseconds(2);
// How long the control plane waits for a worker to take a table (it does between two polls).
constexpr auto kReconcileLimit = std::chrono::seconds(2);
// A paced output holds packets at most this long behind their source's schedule.
constexpr std::uint32_t kMaxPaceDelayUs = 100'000;

// The most packets per second an input's flow may carry, as configured or by its media (InputConfig).
std::uint64_t packet_rate_bound(const InputConfig& input) {
  if (input.max_packet_rate != 0) return input.max_packet_rate;
  return input.media == st2110::MediaType::kVideo ? 4'200'000 : 8'000;
}

// Packets of `max_skew_us` at the input's rate bound: what its playout buffer may have to hold.
std::uint64_t playout_window_packets(const InputConfig& input) {
  return (std::uint64_t{input.max_skew_us} * packet_rate_bound(input) + 999'999) / 1'000'000;
}

// A two-leg input with a max_skew gets a playout buffer; its ring must stay within what its sequence numbers
// tell apart (16 bits for audio and ancillary).
Status check_max_skew(const InputConfig& input) {
  if (input.max_skew_us > kMaxSkewUs) {
    return engine_error(EngineErrorCode::kInvalidConfig,
                        "input '" + input.id + "': max_skew_us above " + std::to_string(kMaxSkewUs));
  }
  if (input.legs.size() < 2 || input.max_skew_us == 0 || input.media == st2110::MediaType::kVideo) return Done{};
  if (PlayoutBuffer::capacity_for(playout_window_packets(input)) > (1U << 15)) {
    return engine_error(EngineErrorCode::kInvalidConfig,
                        "input '" + input.id + "': max_skew_us x max_packet_rate spans more packets than 16-bit RTP "
                                               "sequence numbers tell apart");
  }
  return Done{};
}

std::shared_ptr<PlayoutBuffer> make_playout_buffer(const InputConfig& input) {
  if (input.legs.size() < 2 || input.max_skew_us == 0) return nullptr;
  return std::make_shared<PlayoutBuffer>(PlayoutBuffer::capacity_for(playout_window_packets(input)),
                                         input.media == st2110::MediaType::kVideo ? 32 : 16);
}

bool same_legs(const std::vector<InputLeg>& a, const std::vector<InputLeg>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].port != b[i].port || a[i].destination != b[i].destination || a[i].udp_port != b[i].udp_port ||
        a[i].source != b[i].source) {
      return false;
    }
  }
  return true;
}

// A paced output needs a media clock and (video, ancillary) a frame rate; its delay fits the queue's reach.
Status check_pacing(const OutputConfig& output) {
  const OutputPacing& pacing = output.pacing;
  if (pacing.mode == PacingMode::kPassthrough) return Done{};
  const auto invalid = [&](const std::string& why) {
    return engine_error(EngineErrorCode::kInvalidConfig, "output '" + output.id + "': pacing " + why);
  };
  if (pacing.clock_rate == 0) return invalid("needs the media clock rate");
  if (output.media != st2110::MediaType::kAudio && (pacing.frame_rate.numerator <= 0 || pacing.frame_rate.denominator <= 0)) {
    return invalid("needs the frame rate");
  }
  if (pacing.delay_us > kMaxPaceDelayUs) return invalid("delay_us above " + std::to_string(kMaxPaceDelayUs));
  return Done{};
}

}  // namespace

// The control plane: what is configured, the resources a running engine holds, and the table it published.
struct Engine::Impl {
  Impl(EngineConfig c, const ClockModel& clk)
      : config(std::move(c)), clock(clk), instance(engine_instances++), membership(config.ports.size()) {
    for (std::size_t i = 0; i < config.ports.size(); ++i) port_index[config.ports[i].name] = static_cast<std::uint16_t>(i);
    for (std::size_t s = 0; s < kMaxInputs; ++s) free_inputs.insert(static_cast<InputSlot>(s));
    for (std::size_t s = 0; s < kMaxOutputs; ++s) free_outputs.insert(static_cast<std::uint16_t>(s));
    published.store(nullptr);
  }

  EngineConfig config;
  const ClockModel& clock;
  unsigned instance;
  mutable std::mutex mutex;
  bool running = false;

  std::map<std::string, std::uint16_t, std::less<>> port_index;
  std::vector<OpenPort> ports;
  rte_mempool* packet_pool = nullptr;
  rte_mempool* header_pool = nullptr;
  rte_rcu_qsbr* qsbr = nullptr;
  std::vector<unsigned> worker_lcores;
  std::vector<rte_ring*> control_rings;
  std::vector<std::unique_ptr<WorkerState>> worker_states;
  // One per worker; replaced only under both `mutex` and `tap_mutex`, so read_tap needs only the latter.
  std::vector<std::unique_ptr<TapChannel>> tap_channels;
  std::mutex tap_mutex;
  std::vector<std::unique_ptr<Worker>> workers;
  std::atomic<bool> stop_flag{false};

  std::atomic<const ForwardingTable*> published;
  std::unique_ptr<ForwardingTable> current_table;
  std::uint64_t version = 0;
  std::uint32_t next_generation = 1;
  std::uint64_t next_request = 1;

  InputRecords inputs;
  // Inputs retargeted away from: still received until no output forwards them or is armed to.
  std::vector<InputRecord> retiring;
  std::thread retire_thread;
  std::atomic<bool> retire_stop{false};
  OutputRecords outputs;
  std::set<InputSlot> free_inputs;
  std::set<std::uint16_t> free_outputs;
  std::vector<rte_ring*> query_rings;  // IGMP queries the workers heard, one ring per worker
  IgmpMembership membership;
  std::vector<rte_ring*> arp_rings;  // ARP replies to the ports the workers heard, one ring per worker
  NeighbourCache neighbours;
  LinkWatch links;

  // Pace queue slots no table names any more, freed by the next publish once no worker can point at them.
  std::vector<std::unique_ptr<PaceSlots>> retired_slots;

  // Gives `record` the pace queue its format needs (pace_queue_depth), allocated here so the data path never
  // allocates; the slots it replaces are retired.
  void size_pace_queue(OutputRecord& record) {
    const std::uint32_t depth = pace_queue_depth(record.config.pacing, record.config.media, record.config.legs.size());
    const std::uint32_t current = record.pace_slots != nullptr ? record.pace_slots->capacity() : 0;
    if (depth == current) return;
    if (record.pace_slots != nullptr) retired_slots.push_back(std::move(record.pace_slots));
    if (depth != 0) record.pace_slots = std::make_unique<PaceSlots>(depth);
  }

  // Publishes a new table; the old one is freed once every worker has passed a quiescent state.
  void publish() {
    std::vector<st2110::MacAddress> macs;
    for (std::size_t p = 0; p < config.ports.size(); ++p) {
      macs.push_back(p < ports.size() ? ports[p].mac : config.ports[p].mac.value_or(st2110::MacAddress{}));
    }
    std::unique_ptr<ForwardingTable> fresh =
        build_forwarding_table(++version, inputs, retiring, outputs, config.ports, macs, neighbours);
    published.store(fresh.get(), std::memory_order_release);
    if (running) rte_rcu_qsbr_synchronize(qsbr, RTE_QSBR_THRID_INVALID);
    current_table = std::move(fresh);
    // A worker keeps pointing at an output's slots between tables: after the first grace period every worker
    // has loaded this table, after a second every worker has reconciled it and moved off retired slots.
    if (!retired_slots.empty()) {
      if (running) rte_rcu_qsbr_synchronize(qsbr, RTE_QSBR_THRID_INVALID);
      retired_slots.clear();
    }
  }

  [[nodiscard]] bool receives_through(const std::optional<std::string>& id, InputHandle input) const {
    if (!id) return false;
    if (const auto it = inputs.find(*id); it != inputs.end() && it->second.handle() == input) return true;
    return std::any_of(retiring.begin(), retiring.end(),
                       [&](const InputRecord& r) { return r.config.id == *id && r.handle() == input; });
  }
  // The input that receives through `input`; when several share its flow, the one `output`'s route names.
  [[nodiscard]] std::optional<std::string> input_id(InputHandle input, const OutputRecord& output) const {
    if (receives_through(output.settled_input, input)) return output.settled_input;
    for (const ArmedSwitch& armed : output.armed) {
      if (receives_through(armed.route.input, input)) return armed.route.input;
    }
    for (const auto& [id, record] : inputs) {
      if (record.handle() == input) return id;
    }
    for (const InputRecord& record : retiring) {
      if (record.handle() == input) return record.config.id;
    }
    return std::nullopt;
  }

  [[nodiscard]] LandedRoute landed_route(const Landing& landing, const OutputRecord& output) const {
    LandedRoute landed;
    if (landing.input.connected()) landed.input = input_id(landing.input, output);
    landed.request = landing.request;
    landed.landed_at = output.landing_times.at(landing.local_ns, [this](Nanoseconds t) { return clock.to_ptp(t); });
    landed.first_rtp_timestamp = landing.first_rtp_timestamp;
    landed.output_packet_index = landing.output_packet_index;
    return landed;
  }

  [[nodiscard]] const OutputRuntime* runtime_of(const OutputRecord& record) const {
    if (!running || record.config.worker >= worker_states.size()) return nullptr;
    const OutputRuntime& runtime = worker_states[record.config.worker]->outputs[record.slot];
    return runtime.in_use && runtime.generation == record.generation ? &runtime : nullptr;
  }

  // Takes off `record.armed` what its worker landed or passed over; the last landed becomes the settled route.
  void prune(OutputRecord& record) const {
    const OutputRuntime* runtime = runtime_of(record);
    if (runtime == nullptr) return;
    for (auto it = record.armed.begin(); it != record.armed.end();) {
      const auto landing = runtime->landings.settling(it->request.id);
      if (!landing) {
        ++it;
        continue;
      }
      if (landing->request == it->request.id) {
        record.settled = it->request;
        record.settled_input = it->route.input;
      }
      it = record.armed.erase(it);
    }
  }
  void prune_all() {
    for (auto& [id, record] : outputs) prune(record);
  }

  // Queues a switch of `record` in landing order (the table carries it to the worker on the next publish).
  Expected<std::uint64_t, EngineError> arm(OutputRecord& record, InputHandle target, std::optional<std::string> input,
                                           std::optional<PtpTime> at) {
    prune(record);
    const Nanoseconds now = monotonic_raw_now();
    ArmedSwitch armed;
    armed.request.id = next_request;
    armed.request.target = target;
    armed.request.deadline_local_ns = at ? clock.to_local(*at) : now;
    armed.route = ArmedRoute{std::move(input), at, armed.request.id};
    // Stopped, nothing lands: switches already due would be passed over by this one once started.
    if (!running && armed.request.deadline_local_ns <= now) {
      std::erase_if(record.armed, [&](const ArmedSwitch& a) { return a.request.deadline_local_ns <= now; });
    }
    if (record.armed.size() >= kMaxArmedSwitches) {
      return engine_error(EngineErrorCode::kCapacity, "output '" + record.config.id + "' has " +
                                                          std::to_string(kMaxArmedSwitches) + " switches armed already");
    }
    insert_in_landing_order(record, std::move(armed));
    return next_request++;
  }
  static void insert_in_landing_order(OutputRecord& record, ArmedSwitch armed) {
    const auto at = std::upper_bound(record.armed.begin(), record.armed.end(), armed, [](const ArmedSwitch& a, const ArmedSwitch& b) {
      return lands_before(a.request.deadline_local_ns, a.request.id, b.request.deadline_local_ns, b.request.id);
    });
    record.armed.insert(at, std::move(armed));
  }

  // Waits until every worker has reconciled the published table, so what they did with it can be read.
  void await_reconciled() const {
    if (!running) return;
    const auto limit = std::chrono::steady_clock::now() + kReconcileLimit;
    for (const auto& state : worker_states) {
      while (state->reconciled_version.load(std::memory_order_acquire) < version &&
             std::chrono::steady_clock::now() < limit) {
        std::this_thread::sleep_for(std::chrono::microseconds(50));
      }
    }
  }

  // Resolves a leg's port names into `record` and checks its worker and that its flows are free.
  Status resolve_input(InputRecord& record) const;
  Expected<std::vector<std::uint16_t>, EngineError> resolve_output_legs(const OutputConfig& output) const;
  [[nodiscard]] bool still_needed(InputHandle input) const;
  // An input or a retiring one receives through `input`'s slot.
  [[nodiscard]] bool slot_held(InputHandle input) const {
    for (const auto& [id, record] : inputs) {
      if (record.handle() == input) return true;
    }
    for (const InputRecord& record : retiring) {
      if (record.handle() == input) return true;
    }
    return false;
  }
  // Leaves the flows and frees the slots of retiring inputs no output needs any more.
  void retire_unneeded();
  // ARP for unicast destinations without a configured MAC: takes the replies heard (a new MAC is published at
  // once) and sends the requests due.
  void resolve_neighbours();
  void retire(std::vector<InputRecord> left);
  void run_retirement();

  Status start();
  void stop();
  void release_resources();
};

Status Engine::Impl::start() {
  if (running) return Done{};
  if (auto eal = initialise_eal(config.eal); !eal) return eal;
  worker_lcores.clear();
  unsigned lcore = 0;
  RTE_LCORE_FOREACH_WORKER(lcore) { worker_lcores.push_back(lcore); }
  if (worker_lcores.empty()) {
    return engine_error(EngineErrorCode::kInvalidConfig, "the EAL has no worker lcore: give it two or more cores");
  }
  if (config.ports.size() > kMaxPorts) {
    return engine_error(EngineErrorCode::kCapacity, std::to_string(config.ports.size()) + " ports: the engine takes at most " +
                                                        std::to_string(kMaxPorts));
  }
  if (config.workers.burst_size == 0) return engine_error(EngineErrorCode::kInvalidConfig, "burst_size must be at least 1");
  if (config.workers.burst_size > kMaxBurst) {
    return engine_error(EngineErrorCode::kCapacity, "burst_size " + std::to_string(config.workers.burst_size) +
                                                        ": a worker sends at most " + std::to_string(kMaxBurst) + " packets a burst");
  }
  if (config.workers.realtime_priority > 99) {
    return engine_error(EngineErrorCode::kInvalidConfig, "realtime_priority must be 0 (off) or 1..99");
  }
  for (const PortConfig& p : config.ports) {
    if (p.worker >= worker_lcores.size()) {
      return engine_error(EngineErrorCode::kInvalidConfig, "port '" + p.name + "' names worker " + std::to_string(p.worker) +
                                                               " of " + std::to_string(worker_lcores.size()));
    }
  }
  for (const auto& [id, record] : outputs) {
    if (record.config.worker >= worker_lcores.size()) {
      return engine_error(EngineErrorCode::kInvalidConfig, "output '" + id + "' names a worker that does not exist");
    }
  }
  const std::string suffix = std::to_string(getpid()) + "_" + std::to_string(instance);
  packet_pool = rte_pktmbuf_pool_create(("xp_pkt_" + suffix).c_str(), config.mempools.packet_mbufs,
                                        config.mempools.cache_size, 0, RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
  header_pool = rte_pktmbuf_pool_create(("xp_hdr_" + suffix).c_str(), config.mempools.header_mbufs,
                                        config.mempools.cache_size, 0, kHeaderDataRoom, SOCKET_ID_ANY);
  if (packet_pool == nullptr || header_pool == nullptr) {
    release_resources();
    return engine_error(EngineErrorCode::kDpdk, std::string("mempool: ") + rte_strerror(rte_errno));
  }
  for (const PortConfig& p : config.ports) {
    auto port = open_port(p, packet_pool, static_cast<std::uint16_t>(worker_lcores.size()), clock, config.hold_replays);
    if (!port) {
      release_resources();
      return Unexpected{port.error()};
    }
    ports.push_back(std::move(*port));
  }
  const std::size_t qsbr_size = rte_rcu_qsbr_get_memsize(static_cast<std::uint32_t>(worker_lcores.size()));
  qsbr = static_cast<rte_rcu_qsbr*>(rte_zmalloc("crosspoint_qsbr", qsbr_size, RTE_CACHE_LINE_SIZE));
  if (qsbr == nullptr || rte_rcu_qsbr_init(qsbr, static_cast<std::uint32_t>(worker_lcores.size())) != 0) {
    release_resources();
    return engine_error(EngineErrorCode::kDpdk, "rcu qsbr");
  }
  worker_states.clear();
  for (std::size_t w = 0; w < worker_lcores.size(); ++w) {
    const auto make_ring = [&](const char* kind, unsigned size, unsigned flags, std::vector<rte_ring*>& rings) {
      rte_ring* ring = rte_ring_create((std::string("xp_") + kind + "_" + suffix + "_" + std::to_string(w)).c_str(), size,
                                       SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ | flags);
      if (ring != nullptr) rings.push_back(ring);
      return ring != nullptr;
    };
    // The query ring holds exactly kQueryBacklog entries (a plain ring of that size holds one fewer).
    if (!make_ring("ctl", kControlRingSize, 0, control_rings) || !make_ring("qry", kQueryBacklog, RING_F_EXACT_SZ, query_rings) ||
        !make_ring("arp", kControlRingSize, 0, arp_rings)) {
      release_resources();
      return engine_error(EngineErrorCode::kDpdk, std::string("control rings: ") + rte_strerror(rte_errno));
    }
    worker_states.push_back(std::make_unique<WorkerState>());
    auto tap = make_tap_channel(suffix + "_" + std::to_string(w), config.mempools.tap_buffers);
    if (!tap) {
      release_resources();
      return Unexpected{tap.error()};
    }
    const std::lock_guard tap_lock(tap_mutex);
    tap_channels.push_back(std::move(*tap));
  }
  running = true;
  publish();
  stop_flag.store(false);
  for (std::size_t w = 0; w < worker_lcores.size(); ++w) {
    WorkerContext context;
    context.index = static_cast<unsigned>(w);
    for (const OpenPort& p : ports) context.ports.push_back(PortView{p.port_id, p.mac, p.ipv4, p.worker == w});
    context.header_pool = header_pool;
    context.burst_size = config.workers.burst_size;
    context.idle_sleep_us = config.workers.idle_sleep_us;
    context.realtime_priority = config.workers.realtime_priority;
    context.qsbr = qsbr;
    context.table = &published;
    context.stop = &stop_flag;
    context.control_tx = control_rings[w];
    context.control_rx = query_rings[w];
    context.arp_rx = arp_rings[w];
    context.state = worker_states[w].get();
    context.clock = &clock;
    context.tap = tap_channels[w].get();
    workers.push_back(std::make_unique<Worker>(std::move(context)));
    rte_eal_remote_launch(run_worker, workers.back().get(), worker_lcores[w]);
  }
  membership.start(ports, packet_pool, control_rings, query_rings, mutex);
  membership.resend_all(Membership::kJoin);
  std::vector<std::uint16_t> port_ids;
  for (const OpenPort& p : ports) port_ids.push_back(p.port_id);
  links.start(std::move(port_ids));
  retire_stop.store(false);
  retire_thread = std::thread([this] { run_retirement(); });
  return Done{};
}

Status Engine::Impl::resolve_input(InputRecord& record) const {
  const InputConfig& input = record.config;
  if (input.legs.empty() || input.legs.size() > kMaxLegs) {
    return engine_error(EngineErrorCode::kInvalidConfig, "input '" + input.id + "' needs one or two legs");
  }
  record.leg_ports.clear();
  for (const InputLeg& leg : input.legs) {
    const auto port = port_index.find(leg.port);
    if (port == port_index.end()) return engine_error(EngineErrorCode::kNotFound, "input '" + input.id + "': no port '" + leg.port + "'");
    record.leg_ports.push_back(port->second);
  }
  record.worker = config.ports[record.leg_ports[0]].worker;
  for (const std::uint16_t p : record.leg_ports) {
    if (config.ports[p].worker != record.worker) {
      return engine_error(EngineErrorCode::kInvalidConfig, "input '" + input.id + "': both legs' ports must belong to one worker");
    }
  }
  record.slot = kNoInput;
  // Two inputs receiving the same flow (two receivers subscribed to one sender) share the slot that
  // receives it: the data path classifies each packet once, and routes it to the outputs of both.
  const auto shares = [&](const InputRecord& other) {
    return other.slot != kNoInput && same_legs(other.config.legs, input.legs) &&
           other.config.media == input.media && other.config.merge_window_packets == input.merge_window_packets &&
           other.config.max_skew_us == input.max_skew_us && other.config.max_packet_rate == input.max_packet_rate;
  };
  const auto share = [&](const InputRecord& other) {
    record.slot = other.slot;
    record.generation = other.generation;
    record.playout = other.playout;
  };
  for (const auto& [id, other] : inputs) {
    if (shares(other)) share(other);
  }
  for (const InputRecord& other : retiring) {
    if (shares(other)) share(other);
  }
  if (record.slot != kNoInput) return Done{};
  // Any other overlap cannot be shared: a flow classifies into one slot, as one leg of one input.
  const auto overlap = [&](const InputRecord& other) -> std::optional<std::string> {
    for (std::size_t leg = 0; leg < input.legs.size(); ++leg) {
      for (std::size_t o = 0; o < other.config.legs.size() && o < other.leg_ports.size(); ++o) {
        if (flow_key(record, leg) == flow_key(other, o)) {
          const InputLeg& l = input.legs[leg];
          return "input '" + input.id + "': input '" + other.config.id + "' already receives " + l.destination.to_string() +
                 ":" + std::to_string(l.udp_port) + " on port '" + l.port + "' with other legs, media, merge window or max skew" +
                 " (two inputs share a flow only when all of these are the same)";
        }
      }
    }
    return std::nullopt;
  };
  for (const auto& [id, other] : inputs) {
    if (auto why = overlap(other)) return engine_error(EngineErrorCode::kAlreadyExists, *why);
  }
  for (const InputRecord& other : retiring) {
    if (auto why = overlap(other)) return engine_error(EngineErrorCode::kAlreadyExists, *why);
  }
  return Done{};
}

Expected<std::vector<std::uint16_t>, EngineError> Engine::Impl::resolve_output_legs(const OutputConfig& output) const {
  if (output.legs.empty() || output.legs.size() > kMaxLegs) {
    return engine_error(EngineErrorCode::kInvalidConfig, "output '" + output.id + "' needs one or two legs");
  }
  if (running && output.worker >= worker_lcores.size()) {
    return engine_error(EngineErrorCode::kInvalidConfig, "output '" + output.id + "' names a worker that does not exist");
  }
  if (auto pacing = check_pacing(output); !pacing) return Unexpected{pacing.error()};
  std::vector<std::uint16_t> leg_ports;
  for (const OutputLeg& leg : output.legs) {
    const auto port = port_index.find(leg.port);
    if (port == port_index.end()) return engine_error(EngineErrorCode::kNotFound, "output '" + output.id + "': no port '" + leg.port + "'");
    leg_ports.push_back(port->second);
  }
  return leg_ports;
}

bool Engine::Impl::still_needed(InputHandle input) const {
  for (const auto& [id, record] : outputs) {
    for (const ArmedSwitch& armed : record.armed) {
      if (armed.request.target == input) return true;
    }
    const OutputRuntime* runtime = runtime_of(record);
    // The worker moves current_input only when a switch lands: until then the old input may still be sent.
    if (runtime != nullptr && runtime->current_input.load(std::memory_order_relaxed) == input) return true;
  }
  return false;
}

void Engine::Impl::retire_unneeded() {
  prune_all();
  std::vector<InputRecord> left;
  for (auto it = retiring.begin(); it != retiring.end();) {
    if (running && still_needed(it->handle())) {
      ++it;
      continue;
    }
    left.push_back(std::move(*it));
    it = retiring.erase(it);
  }
  retire(std::move(left));
}

void Engine::Impl::retire(std::vector<InputRecord> left) {
  if (left.empty()) return;
  publish();
  // Their playout buffers go with `left`: only once the workers have reconciled the table without them
  // (and freed what the buffers held).
  await_reconciled();
  // The slots are reused only after the grace period publish() waited for; a slot another input shares
  // (the same flow) stays with it.
  for (const InputRecord& record : left) {
    if (record.slot != kNoInput && !slot_held(record.handle())) free_inputs.insert(record.slot);
    membership.update(record, Membership::kLeave);
  }
}

void Engine::Impl::run_retirement() {
  while (!retire_stop.load()) {
    std::this_thread::sleep_for(kRetirePoll);
    // try_lock: stop() joins this thread holding the mutex.
    const std::unique_lock lock(mutex, std::try_to_lock);
    if (!lock.owns_lock()) continue;
    if (!retiring.empty()) retire_unneeded();
    resolve_neighbours();
  }
}

void Engine::Impl::resolve_neighbours() {
  const Nanoseconds now = monotonic_raw_now();
  bool taught = false;
  neighbours.want(unresolved_destinations(outputs));
  for (rte_ring* ring : arp_rings) {
    take_frames(ring, [&](std::uint16_t port, st2110::Bytes frame) {
      if (port >= ports.size()) return;
      if (const auto reply = parse_arp_reply(frame, ports[port].ipv4)) taught |= neighbours.heard(port, *reply, now);
    });
  }
  if (taught) {
    // A new transport for the outputs that send there: taken at their next frame boundary.
    for (auto& [id, output] : outputs) {
      if (std::any_of(output.config.legs.begin(), output.config.legs.end(), needs_arp)) ++output.transport_version;
    }
    publish();
  }
  for (const Neighbour& n : neighbours.due(now)) {
    if (n.port >= ports.size()) continue;
    rte_mbuf* m = rte_pktmbuf_alloc(packet_pool);
    if (m == nullptr) continue;  // asked again after kRetry
    auto* data = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_append(m, kArpFrameLength));
    if (data == nullptr || write_arp_request(st2110::MutableBytes{data, kArpFrameLength}, ports[n.port].mac, ports[n.port].ipv4,
                                             n.address) == 0) {
      rte_pktmbuf_free(m);
      continue;
    }
    m->port = n.port;
    if (rte_ring_sp_enqueue(control_rings[ports[n.port].worker], m) != 0) rte_pktmbuf_free(m);
  }
}

void Engine::Impl::release_resources() {
  for (OpenPort& p : ports) close_port(p);
  ports.clear();
  for (auto* rings : {&control_rings, &query_rings, &arp_rings}) {
    for (rte_ring* ring : *rings) free_ring(ring);
    rings->clear();
  }
  {
    const std::lock_guard tap_lock(tap_mutex);
    tap_channels.clear();
  }
  rte_free(qsbr);
  qsbr = nullptr;
  rte_mempool_free(packet_pool);
  rte_mempool_free(header_pool);
  packet_pool = nullptr;
  header_pool = nullptr;
}

void Engine::Impl::stop() {
  if (!running) return;
  links.stop();
  retire_stop.store(true);
  if (retire_thread.joinable()) retire_thread.join();
  retire(std::exchange(retiring, {}));
  membership.stop_answering();
  // Leave the groups; the workers send what is in their control rings before they return.
  membership.resend_all(Membership::kLeave);
  stop_flag.store(true);
  for (const unsigned lcore : worker_lcores) rte_eal_wait_lcore(lcore);
  prune_all();  // what landed is settled: the next start begins there
  workers.clear();
  membership.stop();
  running = false;
  release_resources();
}

Engine::Engine(EngineConfig config, const ClockModel& clock) : impl_(std::make_unique<Impl>(std::move(config), clock)) {}

Engine::~Engine() { stop(); }

Status Engine::start() {
  const std::lock_guard lock(impl_->mutex);
  return impl_->start();
}

void Engine::stop() {
  const std::lock_guard lock(impl_->mutex);
  impl_->stop();
}

bool Engine::running() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->running;
}

void Engine::play_replays() {
  const std::lock_guard lock(impl_->mutex);
  for (OpenPort& port : impl_->ports) {
    if (port.replay) port.replay->play();
  }
}

const EngineConfig& Engine::config() const { return impl_->config; }

Status Engine::add_input(const InputConfig& input) {
  const std::lock_guard lock(impl_->mutex);
  Impl& e = *impl_;
  if (input.id.empty()) return engine_error(EngineErrorCode::kInvalidConfig, "an input needs an id");
  if (e.inputs.count(input.id) != 0) return engine_error(EngineErrorCode::kAlreadyExists, "input '" + input.id + "' exists");
  if (input.merge_window_packets == 0 || input.merge_window_packets > kMaxMergeWindow) {
    return engine_error(EngineErrorCode::kInvalidConfig,
                        "input '" + input.id + "': merge window must be 1.." + std::to_string(kMaxMergeWindow));
  }
  if (auto skew = check_max_skew(input); !skew) return skew;
  InputRecord record;
  record.config = input;
  if (auto resolved = e.resolve_input(record); !resolved) return resolved;
  if (record.slot == kNoInput) {
    record.playout = make_playout_buffer(input);
    if (e.free_inputs.empty()) {
      return engine_error(EngineErrorCode::kCapacity, "input '" + input.id + "': the engine holds " +
                                                          std::to_string(kMaxInputs) + " inputs already");
    }
    record.slot = *e.free_inputs.begin();
    e.free_inputs.erase(e.free_inputs.begin());
    record.generation = e.next_generation++;
  }
  auto [it, inserted] = e.inputs.emplace(input.id, std::move(record));
  e.publish();
  e.membership.update(it->second, Membership::kJoin);
  return Done{};
}

Status Engine::remove_input(std::string_view id) {
  const std::lock_guard lock(impl_->mutex);
  Impl& e = *impl_;
  const auto it = e.inputs.find(id);
  if (it == e.inputs.end()) return engine_error(EngineErrorCode::kNotFound, "no input '" + std::string(id) + "'");
  std::vector<InputRecord> removed{it->second};
  e.inputs.erase(it);
  // Flows it was retargeted away from go with it.
  for (auto r = e.retiring.begin(); r != e.retiring.end();) {
    if (r->config.id == id) {
      removed.push_back(std::move(*r));
      r = e.retiring.erase(r);
    } else {
      ++r;
    }
  }
  // Its slot vanishes, and the outputs on it are disconnected by their workers at once, unless another input
  // shares the flow: then those whose route names it are disconnected at the next frame boundary.
  const bool shared = e.slot_held(removed.front().handle());
  e.prune_all();
  const Nanoseconds now = monotonic_raw_now();
  for (auto& [output_id, output] : e.outputs) {
    const bool follows = output.follows_at(now) == id;
    // Switches armed onto it become disconnects at their time; a route settled on it is gone.
    for (ArmedSwitch& armed : output.armed) {
      if (armed.route.input != id) continue;
      armed.route.input.reset();
      armed.request.target = InputHandle{};
    }
    if (output.settled_input == id) {
      output.settled_input.reset();
      output.settled.target = InputHandle{};
    }
    if (shared && follows) (void)e.arm(output, InputHandle{}, std::nullopt, std::nullopt);
  }
  e.retire(std::move(removed));
  return Done{};
}

Status Engine::add_output(const OutputConfig& output) {
  const std::lock_guard lock(impl_->mutex);
  Impl& e = *impl_;
  if (output.id.empty()) return engine_error(EngineErrorCode::kInvalidConfig, "an output needs an id");
  if (e.outputs.count(output.id) != 0) return engine_error(EngineErrorCode::kAlreadyExists, "output '" + output.id + "' exists");
  auto leg_ports = e.resolve_output_legs(output);
  if (!leg_ports) return Unexpected{leg_ports.error()};
  if (e.free_outputs.empty()) {
    return engine_error(EngineErrorCode::kCapacity, "output '" + output.id + "': the engine holds " +
                                                        std::to_string(kMaxOutputs) + " outputs already");
  }
  OutputRecord record;
  record.config = output;
  record.leg_ports = std::move(*leg_ports);
  record.slot = *e.free_outputs.begin();
  e.free_outputs.erase(e.free_outputs.begin());
  record.generation = e.next_generation++;
  e.size_pace_queue(record);
  e.outputs.emplace(output.id, std::move(record));
  e.publish();
  return Done{};
}

Status Engine::remove_output(std::string_view id) {
  const std::lock_guard lock(impl_->mutex);
  Impl& e = *impl_;
  const auto it = e.outputs.find(id);
  if (it == e.outputs.end()) return engine_error(EngineErrorCode::kNotFound, "no output '" + std::string(id) + "'");
  const std::uint16_t slot = it->second.slot;
  if (it->second.pace_slots != nullptr) e.retired_slots.push_back(std::move(it->second.pace_slots));
  e.outputs.erase(it);
  e.publish();
  e.free_outputs.insert(slot);
  return Done{};
}

Expected<std::vector<RetargetedOutput>, EngineError> Engine::retarget_input(std::string_view id, std::vector<InputLeg> legs,
                                                                            std::optional<PtpTime> at) {
  const std::lock_guard lock(impl_->mutex);
  Impl& e = *impl_;
  const auto it = e.inputs.find(id);
  if (it == e.inputs.end()) return engine_error(EngineErrorCode::kNotFound, "no input '" + std::string(id) + "'");
  std::vector<RetargetedOutput> followers;
  if (same_legs(it->second.config.legs, legs)) return followers;
  InputRecord fresh;
  fresh.config = it->second.config;
  fresh.config.legs = std::move(legs);
  if (fresh.config.legs.empty()) {
    fresh.worker = it->second.worker;  // disabled: receives nothing, its followers are disconnected
  } else if (auto resolved = e.resolve_input(fresh); !resolved) {
    return Unexpected{resolved.error()};
  }
  if (auto skew = check_max_skew(fresh.config); !skew) return Unexpected{skew.error()};
  if (fresh.worker != it->second.worker) {
    return engine_error(EngineErrorCode::kInvalidConfig,
                        "input '" + std::string(id) + "': the new legs' ports belong to another worker than its outputs");
  }
  if (fresh.slot == kNoInput && e.free_inputs.empty()) {
    return engine_error(EngineErrorCode::kCapacity, "input '" + std::string(id) + "': no slot free for the new flow (" +
                                                        std::to_string(kMaxInputs) + " inputs held)");
  }
  // Every output whose route names the input when the activation lands follows it onto the new flow.
  e.prune_all();
  const Nanoseconds when = at ? e.clock.to_local(*at) : monotonic_raw_now();
  for (const auto& [output_id, output] : e.outputs) {
    if (output.follows_at(when) == id && output.armed.size() >= kMaxArmedSwitches) {
      return engine_error(EngineErrorCode::kCapacity, "input '" + std::string(id) + "': output '" + output_id + "' has " +
                                                          std::to_string(kMaxArmedSwitches) + " switches armed already");
    }
  }
  if (fresh.slot == kNoInput) {
    fresh.playout = make_playout_buffer(fresh.config);
    fresh.slot = *e.free_inputs.begin();
    e.free_inputs.erase(e.free_inputs.begin());
    fresh.generation = e.next_generation++;
  }
  const InputRecord old = std::exchange(it->second, fresh);
  const InputHandle fresh_target = fresh.config.legs.empty() ? InputHandle{} : fresh.handle();
  for (auto& [output_id, output] : e.outputs) {
    // Switches onto the input that land after the activation land on the new flow.
    for (ArmedSwitch& armed : output.armed) {
      if (armed.request.target == old.handle() && armed.request.deadline_local_ns > when) armed.request.target = fresh_target;
    }
    if (output.follows_at(when) != id) continue;
    auto request = e.arm(output, fresh_target, std::string(id), at);
    if (request) followers.push_back(RetargetedOutput{output_id, *request});
  }
  // Joined before the old flow is left, so shared groups are never left in between.
  e.membership.update(fresh, Membership::kJoin);
  e.retiring.push_back(old);
  e.publish();
  if (followers.empty() || !e.running) e.retire_unneeded();
  return followers;
}

Status Engine::update_output(const OutputConfig& output) {
  const std::lock_guard lock(impl_->mutex);
  Impl& e = *impl_;
  const auto it = e.outputs.find(output.id);
  if (it == e.outputs.end()) return engine_error(EngineErrorCode::kNotFound, "no output '" + output.id + "'");
  if (output.media != it->second.config.media) {
    return engine_error(EngineErrorCode::kInvalidConfig, "output '" + output.id + "': its media cannot change");
  }
  if (output.worker != it->second.config.worker) {
    return engine_error(EngineErrorCode::kInvalidConfig, "output '" + output.id + "': its worker cannot change");
  }
  auto leg_ports = e.resolve_output_legs(output);
  if (!leg_ports) return Unexpected{leg_ports.error()};
  // Same slot and generation: the worker keeps the output's route and sequence.
  it->second.config = output;
  it->second.leg_ports = std::move(*leg_ports);
  ++it->second.transport_version;
  e.size_pace_queue(it->second);
  e.publish();
  return Done{};
}

Expected<std::optional<PtpTime>, EngineError> Engine::moved_at(std::string_view output) const {
  const std::lock_guard lock(impl_->mutex);
  const Impl& e = *impl_;
  const auto it = e.outputs.find(output);
  if (it == e.outputs.end()) return engine_error(EngineErrorCode::kNotFound, "no output '" + std::string(output) + "'");
  const OutputRuntime* runtime = e.runtime_of(it->second);
  if (runtime == nullptr) return std::optional<PtpTime>{};
  const TransportMove move = runtime->moved.load();
  if (move.version != it->second.transport_version) return std::optional<PtpTime>{};
  return std::optional(e.clock.to_ptp(move.local_ns));
}

Expected<bool, EngineError> Engine::cancel_route(std::string_view output, std::uint64_t request) {
  const std::lock_guard lock(impl_->mutex);
  Impl& e = *impl_;
  const auto out = e.outputs.find(output);
  if (out == e.outputs.end()) return engine_error(EngineErrorCode::kNotFound, "no output '" + std::string(output) + "'");
  OutputRecord& record = out->second;
  e.prune(record);
  const auto armed = std::find_if(record.armed.begin(), record.armed.end(),
                                  [&](const ArmedSwitch& a) { return a.request.id == request; });
  const OutputRuntime* runtime = e.runtime_of(record);
  if (armed == record.armed.end()) {
    if (runtime != nullptr && runtime->landings.settling(request)) return false;
    return engine_error(EngineErrorCode::kNotFound,
                        "output '" + std::string(output) + "' has no request " + std::to_string(request) + " armed");
  }
  const ArmedSwitch withdrawn = *armed;
  record.armed.erase(armed);
  e.publish();
  if (!e.running) return true;
  e.await_reconciled();
  runtime = e.runtime_of(record);
  const bool reconciled = runtime != nullptr && e.worker_states[record.config.worker]->reconciled_version.load() >= e.version;
  if (reconciled && runtime->kept.load(std::memory_order_relaxed) != request && !runtime->landings.settling(request)) {
    return true;
  }
  // It landed meanwhile or its cut had begun: it lands as armed, and stays listed until it has.
  Impl::insert_in_landing_order(record, withdrawn);
  e.publish();
  return false;
}

Expected<std::uint64_t, EngineError> Engine::arm_route(std::string_view output, std::optional<std::string> input,
                                                      std::optional<PtpTime> at) {
  const std::lock_guard lock(impl_->mutex);
  Impl& e = *impl_;
  const auto out = e.outputs.find(output);
  if (out == e.outputs.end()) return engine_error(EngineErrorCode::kNotFound, "no output '" + std::string(output) + "'");
  InputHandle target;
  if (input) {
    const auto in = e.inputs.find(*input);
    if (in == e.inputs.end()) return engine_error(EngineErrorCode::kNotFound, "no input '" + *input + "'");
    if (in->second.config.media != out->second.config.media) {
      return engine_error(EngineErrorCode::kMediaMismatch, "input '" + *input + "' and output '" + std::string(output) +
                                                               "' carry different media");
    }
    if (in->second.worker != out->second.config.worker) {
      return engine_error(EngineErrorCode::kInvalidConfig, "input '" + *input + "' and output '" + std::string(output) +
                                                               "' run on different workers");
    }
    // A disabled input (no legs) disconnects the output, which keeps following it.
    if (!in->second.config.legs.empty()) target = in->second.handle();
  }
  auto request = e.arm(out->second, target, std::move(input), at);
  if (request) e.publish();
  return request;
}

Expected<RouteState, EngineError> Engine::route_state(std::string_view output) const {
  const std::lock_guard lock(impl_->mutex);
  const Impl& e = *impl_;
  const auto it = e.outputs.find(output);
  if (it == e.outputs.end()) return engine_error(EngineErrorCode::kNotFound, "no output '" + std::string(output) + "'");
  const OutputRecord& record = it->second;
  RouteState state;
  state.output = std::string(output);
  std::optional<Landing> landing;
  const OutputRuntime* runtime = nullptr;
  if (record.config.worker < e.worker_states.size()) {
    const OutputRuntime& candidate = e.worker_states[record.config.worker]->outputs[record.slot];
    if (candidate.in_use && candidate.generation == record.generation) runtime = &candidate;
  }
  if (runtime != nullptr) {
    landing = runtime->landings.latest();
    const InputHandle current = runtime->current_input.load(std::memory_order_relaxed);
    if (current.connected()) state.current_input = e.input_id(current, record);
  }
  for (const ArmedSwitch& armed : record.armed) {
    if (runtime == nullptr || !runtime->landings.settling(armed.request.id)) state.queued.push_back(armed.route);
  }
  if (!state.queued.empty()) state.armed = state.queued.front();
  if (landing) state.last_landed = e.landed_route(*landing, record);
  return state;
}

Expected<std::optional<LandedRoute>, EngineError> Engine::landing_of(std::string_view output, std::uint64_t request) const {
  const std::lock_guard lock(impl_->mutex);
  const Impl& e = *impl_;
  const auto it = e.outputs.find(output);
  if (it == e.outputs.end()) return engine_error(EngineErrorCode::kNotFound, "no output '" + std::string(output) + "'");
  const OutputRuntime* runtime = e.runtime_of(it->second);
  if (runtime == nullptr) return std::optional<LandedRoute>{};
  const auto landing = runtime->landings.settling(request);
  if (!landing) return std::optional<LandedRoute>{};
  return std::optional(e.landed_route(*landing, it->second));
}

EngineStats Engine::stats() const {
  const std::lock_guard lock(impl_->mutex);
  const Impl& e = *impl_;
  EngineStats stats = aggregate_stats(e.config.ports, e.ports, e.worker_states, e.inputs, e.outputs, e.membership);
  add_tap_stats(stats, e.tap_channels, e.inputs, e.outputs);
  for (std::size_t p = 0; p < stats.ports.size() && e.running; ++p) {
    stats.ports[p].link_up = e.links.up(p);
    stats.ports[p].link_downs = e.links.downs(p);
  }
  return stats;
}

Expected<TapKey, EngineError> Engine::tap(TapPoint point, std::string_view id, TapOptions options) {
  const std::lock_guard lock(impl_->mutex);
  Impl& e = *impl_;
  if (!e.running) return engine_error(EngineErrorCode::kNotRunning, "tap: the engine is not running");
  if (options.one_in == 0) return engine_error(EngineErrorCode::kInvalidConfig, "tap: one_in must be at least 1");
  TapKey key{point};
  unsigned worker = 0;
  if (point == TapPoint::kInput) {
    const auto it = e.inputs.find(id);
    if (it == e.inputs.end()) return engine_error(EngineErrorCode::kNotFound, "no input '" + std::string(id) + "'");
    key.slot = it->second.slot;
    key.generation = it->second.generation;
    worker = it->second.worker;
  } else {
    const auto it = e.outputs.find(id);
    if (it == e.outputs.end()) return engine_error(EngineErrorCode::kNotFound, "no output '" + std::string(id) + "'");
    key.slot = it->second.slot;
    key.generation = it->second.generation;
    worker = it->second.config.worker;
  }
  const auto lease_cycles = static_cast<std::uint64_t>(options.lease.count()) * (rte_get_tsc_hz() / 1000);
  grant_tap_lease(*e.tap_channels[worker], key, options.lease.count() == 0 ? 0 : options.one_in, rte_rdtsc() + lease_cycles);
  return key;
}

std::size_t Engine::read_tap(const TapConsumer& consume) {
  const std::lock_guard lock(impl_->tap_mutex);
  std::size_t total = 0;
  for (const auto& channel : impl_->tap_channels) total += drain_tap(*channel, consume);
  return total;
}

Expected<PortStatus, EngineError> Engine::port_status(std::string_view port) const {
  const std::lock_guard lock(impl_->mutex);
  const Impl& e = *impl_;
  const auto it = e.port_index.find(port);
  if (it == e.port_index.end()) return engine_error(EngineErrorCode::kNotFound, "no port '" + std::string(port) + "'");
  if (!e.running || it->second >= e.ports.size()) {
    return engine_error(EngineErrorCode::kNotRunning, "port '" + std::string(port) + "': the engine is not running");
  }
  const OpenPort& open = e.ports[it->second];
  PortStatus status;
  status.name = open.name;
  status.mac = open.mac;
  const PortLink link = read_port_link(open.port_id);
  status.link_up = link.up;
  status.speed_mbps = link.speed_mbps;
  status.full_duplex = link.full_duplex;
  return status;
}

std::uint64_t Engine::mbufs_in_use() const {
  const std::lock_guard lock(impl_->mutex);
  std::uint64_t total = 0;
  if (impl_->packet_pool != nullptr) total += rte_mempool_in_use_count(impl_->packet_pool);
  if (impl_->header_pool != nullptr) total += rte_mempool_in_use_count(impl_->header_pool);
  for (const OpenPort& port : impl_->ports) {
    if (port.replay) total += port.replay->mbufs_in_use();
  }
  return total;
}

}  // namespace crosspoint::engine
