#include "crosspoint/engine/engine.hpp"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include "crosspoint/engine/eal.hpp"
#include "forwarding_table.hpp"
#include "crosspoint/time/clock_model.hpp"
#include "igmp_query.hpp"
#include "igmp_report.hpp"
#include "port.hpp"
#include "worker.hpp"
#include "worker_state.hpp"

namespace crosspoint::engine {

namespace {

std::atomic<unsigned> engine_instances{0};

constexpr unsigned kControlRingSize = 1024;
constexpr unsigned kQueryRingSize = 64;  // queries come seconds apart; a flood beyond this is dropped
constexpr unsigned kHeaderDataRoom = RTE_PKTMBUF_HEADROOM + 256;
// Answers to IGMP queries are split into frames no longer than a standard Ethernet frame.
constexpr std::size_t kMaxControlFrame = 1514;
constexpr auto kQueryPollInterval = std::chrono::milliseconds(10);

}  // namespace

struct Engine::Impl {
  struct InputRecord {
    InputConfig config;
    InputSlot slot = kNoInput;
    std::uint32_t generation = 0;
    unsigned worker = 0;
    std::vector<std::uint16_t> leg_ports;
  };
  struct OutputRecord {
    OutputConfig config;
    std::uint16_t slot = 0;
    std::uint32_t generation = 0;
    std::vector<std::uint16_t> leg_ports;
    RouteRequest request;
    std::optional<ArmedRoute> armed;
  };
  // (port index, group, source) -> how many input legs want it.
  using MembershipKey = std::tuple<std::uint16_t, std::uint32_t, std::uint32_t>;

  Impl(EngineConfig c, const ClockModel& clk) : config(std::move(c)), clock(clk), instance(engine_instances++) {
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
  std::vector<std::unique_ptr<Worker>> workers;
  std::atomic<bool> stop_flag{false};

  std::atomic<const ForwardingTable*> published;
  std::unique_ptr<ForwardingTable> current_table;
  std::uint64_t version = 0;
  std::uint32_t next_generation = 1;
  std::uint64_t next_request = 1;

  std::map<std::string, InputRecord, std::less<>> inputs;
  std::map<std::string, OutputRecord, std::less<>> outputs;
  std::set<InputSlot> free_inputs;
  std::set<std::uint16_t> free_outputs;
  std::map<MembershipKey, unsigned> memberships;
  // IGMP queries the workers heard, answered by a control-plane thread (it only try-locks `mutex`, so
  // stop() may join it while holding the lock).
  std::vector<rte_ring*> query_rings;
  IgmpResponder igmp_responder{std::random_device{}()};  // unlike seeds: boxes on one LAN answer at unlike times
  std::thread query_thread;
  std::atomic<bool> query_stop{false};

  [[nodiscard]] st2110::MacAddress port_mac(std::uint16_t index) const {
    if (index < ports.size()) return ports[index].mac;
    return config.ports[index].mac.value_or(st2110::MacAddress{});
  }

  std::unique_ptr<ForwardingTable> build_table() {
    auto table = std::make_unique<ForwardingTable>();
    table->version = ++version;
    for (const auto& [id, record] : inputs) {
      InputEntry& entry = table->inputs[record.slot];
      entry.active = true;
      entry.generation = record.generation;
      entry.worker = static_cast<std::uint16_t>(record.worker);
      entry.media = record.config.media;
      entry.leg_count = static_cast<std::uint8_t>(record.config.legs.size());
      entry.merge_window = record.config.merge_window_packets;
      for (std::size_t leg = 0; leg < record.config.legs.size(); ++leg) {
        const InputLeg& l = record.config.legs[leg];
        table->flows.insert(FlowKey{record.leg_ports[leg], l.udp_port, l.destination.value, l.source ? l.source->value : 0},
                            FlowTarget{record.slot, static_cast<std::uint8_t>(leg), record.config.media});
      }
    }
    for (const auto& [id, record] : outputs) {
      OutputEntry& entry = table->outputs[record.slot];
      entry.active = true;
      entry.generation = record.generation;
      entry.worker = static_cast<std::uint16_t>(record.config.worker);
      entry.media = record.config.media;
      entry.payload_type = record.config.payload_type;
      entry.ssrc = record.config.ssrc;
      entry.leg_count = static_cast<std::uint8_t>(record.config.legs.size());
      for (std::size_t leg = 0; leg < record.config.legs.size(); ++leg) {
        const OutputLeg& l = record.config.legs[leg];
        const std::uint16_t port = record.leg_ports[leg];
        OutputHeaderFields fields;
        fields.source_mac = port_mac(port);
        fields.destination_mac = l.destination.is_multicast() ? st2110::MacAddress::for_ipv4_multicast(l.destination.value)
                                                              : l.destination_mac.value_or(st2110::MacAddress{});
        fields.source = l.source.value_or(config.ports[port].ipv4);
        fields.destination = l.destination;
        fields.source_port = l.source_port;
        fields.destination_port = l.destination_port;
        fields.dscp = record.config.dscp;
        fields.ttl = record.config.ttl;
        entry.legs[leg] = OutputLegEntry{port, OutputHeader(fields)};
      }
      entry.request = record.request;
    }
    return table;
  }

  // Publishes a new table; the old one is freed once every worker has passed a quiescent state.
  void publish() {
    std::unique_ptr<ForwardingTable> fresh = build_table();
    published.store(fresh.get(), std::memory_order_release);
    if (running) rte_rcu_qsbr_synchronize(qsbr, RTE_QSBR_THRID_INVALID);
    current_table = std::move(fresh);
  }

  // Hands a frame written by `write` (returning its length, 0 on failure) to the port's worker to send.
  template <typename Write>
  void send_control_frame(std::uint16_t port, std::size_t capacity, Write&& write) {
    if (!running || port >= ports.size()) return;
    rte_mbuf* m = rte_pktmbuf_alloc(packet_pool);
    if (m == nullptr) return;
    auto* data = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_append(m, static_cast<std::uint16_t>(capacity)));
    const std::size_t length = data == nullptr ? 0 : write(st2110::MutableBytes{data, capacity});
    if (length == 0) {
      rte_pktmbuf_free(m);
      return;
    }
    rte_pktmbuf_trim(m, static_cast<std::uint16_t>(capacity - length));
    m->port = port;
    if (rte_ring_sp_enqueue(control_rings[ports[port].worker], m) != 0) rte_pktmbuf_free(m);
  }

  void send_membership(std::uint16_t port, st2110::Ipv4Address group, std::optional<st2110::Ipv4Address> source,
                       Membership membership) {
    send_control_frame(port, kIgmpReportFrameLength, [&](st2110::MutableBytes out) {
      return write_igmpv3_report(out, ports[port].mac, ports[port].ipv4, group, source, membership);
    });
  }

  [[nodiscard]] PortGroups groups_of_port(std::uint16_t port) const {
    PortGroups groups;
    std::set<std::uint32_t> any_source;
    for (const auto& [key, count] : memberships) {
      const auto [p, group, source] = key;
      if (p != port || count == 0) continue;
      auto& sources = groups[group];
      if (source == 0) {
        any_source.insert(group);
      } else {
        sources.push_back(st2110::Ipv4Address{source});
      }
    }
    for (const std::uint32_t group : any_source) groups[group].clear();  // any source covers every source
    return groups;
  }

  // Sends the current-state answer to a query: IGMPv3 reports of as many records as fit in a frame, or
  // one IGMPv2 report per group to an IGMPv1/v2 querier.
  void send_answer(const IgmpResponder::Response& response) {
    if (response.port >= ports.size()) return;
    const std::vector<GroupRecord> records = answer(response, groups_of_port(response.port));
    const OpenPort& port = ports[response.port];
    if (response.version < 3) {
      for (const GroupRecord& record : records) {
        send_control_frame(response.port, kIgmpv2ReportFrameLength, [&](st2110::MutableBytes out) {
          return write_igmpv2_report(out, port.mac, port.ipv4, record.group);
        });
      }
      return;
    }
    std::size_t first = 0;
    while (first < records.size()) {
      std::size_t last = first + 1;
      while (last < records.size() &&
             igmpv3_report_frame_length(std::span(records).subspan(first, last + 1 - first)) <= kMaxControlFrame) {
        ++last;
      }
      const auto chunk = std::span(records).subspan(first, last - first);
      send_control_frame(response.port, igmpv3_report_frame_length(chunk), [&](st2110::MutableBytes out) {
        return write_igmpv3_report(out, port.mac, port.ipv4, chunk);
      });
      first = last;
    }
  }

  void answer_queries() {
    while (!query_stop.load()) {
      std::this_thread::sleep_for(kQueryPollInterval);
      const Nanoseconds now = monotonic_raw_now();
      for (rte_ring* ring : query_rings) {
        void* frames[32];
        unsigned n = 0;
        while ((n = rte_ring_sc_dequeue_burst(ring, frames, 32, nullptr)) != 0) {
          for (unsigned i = 0; i < n; ++i) {
            auto* m = static_cast<rte_mbuf*>(frames[i]);
            const st2110::Bytes frame{rte_pktmbuf_mtod(m, const std::uint8_t*), m->data_len};
            if (const auto query = parse_igmp_query_frame(frame)) igmp_responder.heard(m->port, *query, now);
            rte_pktmbuf_free(m);
          }
        }
      }
      if (igmp_responder.pending() == 0) continue;
      const std::unique_lock lock(mutex, std::try_to_lock);
      if (!lock.owns_lock()) continue;
      for (const IgmpResponder::Response& response : igmp_responder.take_due(now)) send_answer(response);
    }
  }

  // Joins (or leaves) the multicast groups of an input's legs; shared groups are reference counted.
  void update_memberships(const InputRecord& record, Membership membership) {
    for (std::size_t leg = 0; leg < record.config.legs.size(); ++leg) {
      const InputLeg& l = record.config.legs[leg];
      if (!l.destination.is_multicast()) continue;
      const MembershipKey key{record.leg_ports[leg], l.destination.value, l.source ? l.source->value : 0};
      unsigned& count = memberships[key];
      if (membership == Membership::kJoin) {
        if (count++ == 0) send_membership(record.leg_ports[leg], l.destination, l.source, Membership::kJoin);
      } else if (count != 0 && --count == 0) {
        send_membership(record.leg_ports[leg], l.destination, l.source, Membership::kLeave);
        memberships.erase(key);
      }
    }
  }

  void resend_all_memberships(Membership membership) {
    for (const auto& [key, count] : memberships) {
      const auto [port, group, source] = key;
      send_membership(port, st2110::Ipv4Address{group},
                      source != 0 ? std::optional<st2110::Ipv4Address>{st2110::Ipv4Address{source}} : std::nullopt,
                      membership);
    }
  }

  [[nodiscard]] std::optional<std::string> input_id(InputSlot slot, std::uint32_t generation) const {
    for (const auto& [id, record] : inputs) {
      if (record.slot == slot && record.generation == generation) return id;
    }
    return std::nullopt;
  }

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
  if (config.ports.size() > kMaxPorts) return engine_error(EngineErrorCode::kCapacity, "too many ports");
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
    auto port = open_port(p, packet_pool, static_cast<std::uint16_t>(worker_lcores.size()));
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
    rte_ring* ring = rte_ring_create(("xp_ctl_" + suffix + "_" + std::to_string(w)).c_str(), kControlRingSize,
                                     SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
    if (ring == nullptr) {
      release_resources();
      return engine_error(EngineErrorCode::kDpdk, "control ring");
    }
    control_rings.push_back(ring);
    rte_ring* queries = rte_ring_create(("xp_qry_" + suffix + "_" + std::to_string(w)).c_str(), kQueryRingSize,
                                        SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
    if (queries == nullptr) {
      release_resources();
      return engine_error(EngineErrorCode::kDpdk, "query ring");
    }
    query_rings.push_back(queries);
    worker_states.push_back(std::make_unique<WorkerState>());
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
    context.qsbr = qsbr;
    context.table = &published;
    context.stop = &stop_flag;
    context.control_tx = control_rings[w];
    context.control_rx = query_rings[w];
    context.state = worker_states[w].get();
    workers.push_back(std::make_unique<Worker>(std::move(context)));
    rte_eal_remote_launch(run_worker, workers.back().get(), worker_lcores[w]);
  }
  resend_all_memberships(Membership::kJoin);
  query_stop.store(false);
  query_thread = std::thread([this] { answer_queries(); });
  return Done{};
}

void Engine::Impl::release_resources() {
  for (OpenPort& p : ports) close_port(p);
  ports.clear();
  for (rte_ring* ring : control_rings) {
    void* m = nullptr;
    while (rte_ring_dequeue(ring, &m) == 0) rte_pktmbuf_free(static_cast<rte_mbuf*>(m));
    rte_ring_free(ring);
  }
  control_rings.clear();
  for (rte_ring* ring : query_rings) {
    void* m = nullptr;
    while (rte_ring_dequeue(ring, &m) == 0) rte_pktmbuf_free(static_cast<rte_mbuf*>(m));
    rte_ring_free(ring);
  }
  query_rings.clear();
  rte_free(qsbr);
  qsbr = nullptr;
  rte_mempool_free(packet_pool);
  rte_mempool_free(header_pool);
  packet_pool = nullptr;
  header_pool = nullptr;
}

void Engine::Impl::stop() {
  if (!running) return;
  query_stop.store(true);
  if (query_thread.joinable()) query_thread.join();
  // Leave the groups; the workers send what is in their control rings before they return.
  resend_all_memberships(Membership::kLeave);
  stop_flag.store(true);
  for (const unsigned lcore : worker_lcores) rte_eal_wait_lcore(lcore);
  workers.clear();
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

const EngineConfig& Engine::config() const { return impl_->config; }

Status Engine::add_input(const InputConfig& input) {
  const std::lock_guard lock(impl_->mutex);
  Impl& e = *impl_;
  if (input.id.empty()) return engine_error(EngineErrorCode::kInvalidConfig, "an input needs an id");
  if (e.inputs.count(input.id) != 0) return engine_error(EngineErrorCode::kAlreadyExists, "input '" + input.id + "' exists");
  if (input.legs.empty() || input.legs.size() > kMaxLegs) {
    return engine_error(EngineErrorCode::kInvalidConfig, "input '" + input.id + "' needs one or two legs");
  }
  if (input.merge_window_packets == 0 || input.merge_window_packets > SequenceMerge::kMaxWindow) {
    return engine_error(EngineErrorCode::kInvalidConfig,
                        "input '" + input.id + "': merge window must be 1.." + std::to_string(SequenceMerge::kMaxWindow));
  }
  if (e.free_inputs.empty()) return engine_error(EngineErrorCode::kCapacity, "no free input slot");
  Impl::InputRecord record;
  record.config = input;
  for (const InputLeg& leg : input.legs) {
    const auto port = e.port_index.find(leg.port);
    if (port == e.port_index.end()) return engine_error(EngineErrorCode::kNotFound, "input '" + input.id + "': no port '" + leg.port + "'");
    record.leg_ports.push_back(port->second);
  }
  record.worker = e.config.ports[record.leg_ports[0]].worker;
  for (const std::uint16_t p : record.leg_ports) {
    if (e.config.ports[p].worker != record.worker) {
      return engine_error(EngineErrorCode::kInvalidConfig, "input '" + input.id + "': both legs' ports must belong to one worker");
    }
  }
  // A flow key may belong to one input only.
  FlowTable probe = e.current_table ? e.current_table->flows : FlowTable{};
  for (std::size_t leg = 0; leg < input.legs.size(); ++leg) {
    const InputLeg& l = input.legs[leg];
    if (!probe.insert(FlowKey{record.leg_ports[leg], l.udp_port, l.destination.value, l.source ? l.source->value : 0}, FlowTarget{})) {
      return engine_error(EngineErrorCode::kAlreadyExists,
                          "input '" + input.id + "': another input already receives " + l.destination.to_string() + ":" +
                              std::to_string(l.udp_port) + " on port '" + l.port + "'");
    }
  }
  record.slot = *e.free_inputs.begin();
  e.free_inputs.erase(e.free_inputs.begin());
  record.generation = e.next_generation++;
  auto [it, inserted] = e.inputs.emplace(input.id, std::move(record));
  e.publish();
  e.update_memberships(it->second, Membership::kJoin);
  return Done{};
}

Status Engine::remove_input(std::string_view id) {
  const std::lock_guard lock(impl_->mutex);
  Impl& e = *impl_;
  const auto it = e.inputs.find(id);
  if (it == e.inputs.end()) return engine_error(EngineErrorCode::kNotFound, "no input '" + std::string(id) + "'");
  const Impl::InputRecord record = it->second;
  e.inputs.erase(it);
  e.publish();
  // The slot is reused only after the grace period publish() waited for.
  e.free_inputs.insert(record.slot);
  e.update_memberships(record, Membership::kLeave);
  for (auto& [output_id, output] : e.outputs) {
    if (output.armed && output.armed->input && *output.armed->input == id) output.armed.reset();
  }
  return Done{};
}

Status Engine::add_output(const OutputConfig& output) {
  const std::lock_guard lock(impl_->mutex);
  Impl& e = *impl_;
  if (output.id.empty()) return engine_error(EngineErrorCode::kInvalidConfig, "an output needs an id");
  if (e.outputs.count(output.id) != 0) return engine_error(EngineErrorCode::kAlreadyExists, "output '" + output.id + "' exists");
  if (output.legs.empty() || output.legs.size() > kMaxLegs) {
    return engine_error(EngineErrorCode::kInvalidConfig, "output '" + output.id + "' needs one or two legs");
  }
  if (e.running && output.worker >= e.worker_lcores.size()) {
    return engine_error(EngineErrorCode::kInvalidConfig, "output '" + output.id + "' names a worker that does not exist");
  }
  if (e.free_outputs.empty()) return engine_error(EngineErrorCode::kCapacity, "no free output slot");
  Impl::OutputRecord record;
  record.config = output;
  for (const OutputLeg& leg : output.legs) {
    const auto port = e.port_index.find(leg.port);
    if (port == e.port_index.end()) return engine_error(EngineErrorCode::kNotFound, "output '" + output.id + "': no port '" + leg.port + "'");
    if (!leg.destination.is_multicast() && !leg.destination_mac) {
      return engine_error(EngineErrorCode::kInvalidConfig,
                          "output '" + output.id + "': a unicast destination needs destination_mac (no ARP resolution)");
    }
    record.leg_ports.push_back(port->second);
  }
  record.slot = *e.free_outputs.begin();
  e.free_outputs.erase(e.free_outputs.begin());
  record.generation = e.next_generation++;
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
  e.outputs.erase(it);
  e.publish();
  e.free_outputs.insert(slot);
  return Done{};
}

Expected<std::uint64_t, EngineError> Engine::arm_route(std::string_view output, std::optional<std::string> input,
                                                      std::optional<PtpTime> at) {
  const std::lock_guard lock(impl_->mutex);
  Impl& e = *impl_;
  const auto out = e.outputs.find(output);
  if (out == e.outputs.end()) return engine_error(EngineErrorCode::kNotFound, "no output '" + std::string(output) + "'");
  RouteRequest request;
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
    request.target = in->second.slot;
    request.target_generation = in->second.generation;
  }
  request.id = e.next_request++;
  request.deadline_local_ns = at ? e.clock.to_local(*at) : 0;
  out->second.request = request;
  out->second.armed = ArmedRoute{input, at, request.id};
  e.publish();
  return request.id;
}

Expected<RouteState, EngineError> Engine::route_state(std::string_view output) const {
  const std::lock_guard lock(impl_->mutex);
  const Impl& e = *impl_;
  const auto it = e.outputs.find(output);
  if (it == e.outputs.end()) return engine_error(EngineErrorCode::kNotFound, "no output '" + std::string(output) + "'");
  const Impl::OutputRecord& record = it->second;
  RouteState state;
  state.output = std::string(output);
  Landing landing{};
  if (record.config.worker < e.worker_states.size()) {
    const OutputRuntime& runtime = e.worker_states[record.config.worker]->outputs[record.slot];
    if (runtime.in_use && runtime.generation == record.generation) {
      landing = runtime.landing.load();
      const std::uint64_t current = runtime.current_published.load(std::memory_order_relaxed);
      if ((current & 0xffff) != kNoInput) {
        state.current_input = e.input_id(static_cast<InputSlot>(current & 0xffff), static_cast<std::uint32_t>(current >> 16));
      }
    }
  }
  if (record.armed && landing.request < record.armed->request) state.armed = record.armed;
  if (landing.request != 0) {
    LandedRoute landed;
    if (landing.input != kNoInput) landed.input = e.input_id(landing.input, landing.input_generation);
    landed.request = landing.request;
    landed.landed_at = e.clock.to_ptp(landing.local_ns);
    landed.first_rtp_timestamp = landing.first_rtp_timestamp;
    landed.output_packet_index = landing.output_packet_index;
    state.last_landed = landed;
  }
  return state;
}

EngineStats Engine::stats() const {
  const std::lock_guard lock(impl_->mutex);
  const Impl& e = *impl_;
  EngineStats stats;
  for (std::size_t p = 0; p < e.config.ports.size(); ++p) {
    PortStats port;
    port.name = e.config.ports[p].name;
    for (const auto& worker : e.worker_states) {
      const PortRuntime& r = worker->ports[p];
      port.rx_packets += r.rx_packets.read();
      port.rx_bytes += r.rx_bytes.read();
      port.tx_packets += r.tx_packets.read();
      port.tx_bytes += r.tx_bytes.read();
      port.arp_replies += r.arp_replies.read();
      port.igmp_reports += r.igmp_reports.read();
      port.igmp_queries += r.igmp_queries.read();
      r.drops.accumulate(port.drops);
    }
    if (e.running && p < e.ports.size()) {
      port.port_id = e.ports[p].port_id;
      rte_eth_stats device{};
      if (rte_eth_stats_get(port.port_id, &device) == 0) {
        port.device_rx_missed = device.imissed;
        port.device_tx_errors = device.oerrors;
      }
    }
    stats.ports.push_back(std::move(port));
  }
  for (const auto& [id, record] : e.inputs) {
    InputStats input;
    input.id = id;
    for (const InputLeg& leg : record.config.legs) input.legs.push_back(LegStats{leg.port, 0, 0, 0, 0, 0});
    if (record.worker < e.worker_states.size()) {
      const InputRuntime& r = e.worker_states[record.worker]->inputs[record.slot];
      if (r.in_use && r.generation == record.generation) {
        input.packets = r.packets.read();
        input.bytes = r.bytes.read();
        input.frames = r.frames.read();
        input.sequence_errors = r.sequence_errors.read();
        input.lost = r.lost.read();
        r.drops.accumulate(input.drops);
        if (input.legs.size() == 1) {
          // The worker keeps no separate counters for a single leg: it is the input.
          input.legs[0].packets = input.packets;
          input.legs[0].bytes = input.bytes;
          input.legs[0].lost = input.lost;
        }
        for (std::size_t leg = 0; input.legs.size() > 1 && leg < input.legs.size(); ++leg) {
          input.legs[leg].packets = r.legs[leg].packets.read();
          input.legs[leg].bytes = r.legs[leg].bytes.read();
          input.legs[leg].lost = r.legs[leg].lost.read();
          input.legs[leg].duplicates = r.legs[leg].duplicates.read();
          if (input.legs.size() > 1) {
            input.legs[leg].recovered = input.legs[leg].lost > input.lost ? input.legs[leg].lost - input.lost : 0;
          }
        }
      }
    }
    stats.inputs.push_back(std::move(input));
  }
  for (const auto& [id, record] : e.outputs) {
    OutputStats output;
    output.id = id;
    if (record.config.worker < e.worker_states.size()) {
      const OutputRuntime& r = e.worker_states[record.config.worker]->outputs[record.slot];
      if (r.in_use && r.generation == record.generation) {
        output.packets = r.packets.read();
        output.bytes = r.bytes.read();
        output.frames = r.frames.read();
        output.switches = r.switches.read();
        r.drops.accumulate(output.drops);
      }
    }
    stats.outputs.push_back(std::move(output));
  }
  return stats;
}

std::optional<std::uint16_t> Engine::port_id(std::string_view port) const {
  const std::lock_guard lock(impl_->mutex);
  const auto it = impl_->port_index.find(port);
  if (it == impl_->port_index.end() || it->second >= impl_->ports.size()) return std::nullopt;
  return impl_->ports[it->second].port_id;
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
