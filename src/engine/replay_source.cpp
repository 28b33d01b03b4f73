#include "replay_source.hpp"

#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <vector>
#include <sstream>

#include <rte_errno.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::engine {

namespace {
constexpr unsigned kRingSize = 4096;
constexpr unsigned kBurst = 32;
// A full ring plus what the engine holds at once (bursts, tx buffers, per-lcore pool caches, and the pace
// queues: a paced output fed a frame in one burst holds up to that frame, 4320 packets at 1080p).
constexpr unsigned kPoolMbufs = 4 * kRingSize - 1;
constexpr unsigned kPoolCache = 256;
}  // namespace

Expected<ReplayOptions, EngineError> parse_replay_device(const std::string& device) {
  if (!is_replay_device(device)) return engine_error(EngineErrorCode::kInvalidConfig, "not a replay device: " + device);
  ReplayOptions options;
  std::istringstream fields(device.substr(7));
  std::string field;
  bool first = true;
  while (std::getline(fields, field, ',')) {
    if (first) {
      options.name = field;
      first = false;
    } else if (field.rfind("file=", 0) == 0) {
      options.file = field.substr(5);
    } else if (field == "paced") {
      options.paced = true;
    } else if (field == "loop") {
      options.loop = true;
    } else if (field == "restamp") {
      options.restamp = true;
    } else if (field == "rt") {
      options.realtime = true;
    } else {
      return engine_error(EngineErrorCode::kInvalidConfig, "replay device '" + device + "': unknown option '" + field + "'");
    }
  }
  if (options.name.empty() || options.file.empty()) {
    return engine_error(EngineErrorCode::kInvalidConfig, "replay device '" + device + "' needs a name and file=");
  }
  return options;
}

Expected<std::unique_ptr<ReplaySource>, EngineError> ReplaySource::start(const ReplayOptions& options, const ClockModel& clock) {
  auto plan = ReplayPlan::load(options.file);
  if (!plan) return engine_error(EngineErrorCode::kInvalidConfig, "replay '" + options.name + "': " + plan.error());
  std::unique_ptr<ReplaySource> source(new ReplaySource(std::move(*plan), clock));
  source->options_ = options;
  source->playing_.store(!options.held);
  // The thread is no EAL lcore (no pool cache) and inherits the main lcore's CPU pinning, so every alloc
  // is a dequeue from the pool's ring. Were that ring multi-consumer, shared with other replay threads or
  // the main lcore on the same CPU, one preempted between moving the consumer head and the tail leaves the
  // others spinning out their time slices: the replay crawls at a few packets a second. Its own pool with
  // a single consumer has no such wait; the workers free into it as producers.
  source->pool_ = rte_pktmbuf_pool_create_by_ops(("rpl_mb_" + options.name).c_str(), kPoolMbufs, kPoolCache, 0,
                                                 RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY, "ring_mp_sc");
  if (source->pool_ == nullptr) {
    return engine_error(EngineErrorCode::kDpdk, "replay '" + options.name + "': mempool: " + rte_strerror(rte_errno));
  }
  source->to_engine_ = rte_ring_create(("rpl_in_" + options.name).c_str(), kRingSize, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
  source->from_engine_ = rte_ring_create(("rpl_out_" + options.name).c_str(), kRingSize, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
  if (source->to_engine_ == nullptr || source->from_engine_ == nullptr) {
    return engine_error(EngineErrorCode::kDpdk, "replay '" + options.name + "': rings");
  }
  const int port = rte_eth_from_rings(options.name.c_str(), &source->to_engine_, 1, &source->from_engine_, 1, SOCKET_ID_ANY);
  if (port < 0) return engine_error(EngineErrorCode::kDpdk, "replay '" + options.name + "': rte_eth_from_rings");
  source->port_id_ = static_cast<std::uint16_t>(port);
  source->thread_ = std::thread([s = source.get()] { s->run(); });
  return source;
}

ReplaySource::~ReplaySource() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  for (rte_ring* ring : {to_engine_, from_engine_}) {
    if (ring == nullptr) continue;
    void* m = nullptr;
    while (rte_ring_dequeue(ring, &m) == 0) rte_pktmbuf_free(static_cast<rte_mbuf*>(m));
    rte_ring_free(ring);
  }
  rte_mempool_free(pool_);
}

void ReplaySource::sleep_for(Nanoseconds span) {
  const Nanoseconds before = monotonic_raw_now();
  std::this_thread::sleep_for(std::chrono::nanoseconds(span));
  off_core_.slept(span, monotonic_raw_now() - before);
}

bool ReplaySource::wait_until(Nanoseconds due) {
  for (Nanoseconds now = monotonic_raw_now(); now < due; now = monotonic_raw_now()) {
    if (stop_.load(std::memory_order_relaxed)) return false;
    const Nanoseconds wait = due - now;
    if (wait > 20'000) {
      sleep_for(wait - 10'000);
    } else {
      // The last microseconds are spun. Replay threads share the main lcore's CPU, and a SCHED_FIFO thread
      // spinning there keeps another of the same priority from running until it sleeps: in 10 s of the
      // embedded default the proxy's replay, beside the five flows of the other, lost its core for over a
      // millisecond 500 times without the yield and 260 with it (README "Real-time threads").
      if (options_.realtime) sched_yield();
    }
  }
  return true;
}

void ReplaySource::drop_returned() {
  // What the engine sends to this port goes nowhere.
  void* sent[kBurst];
  const unsigned n = rte_ring_sc_dequeue_burst(from_engine_, sent, kBurst, nullptr);
  for (unsigned i = 0; i < n; ++i) rte_pktmbuf_free(static_cast<rte_mbuf*>(sent[i]));
}

void ReplaySource::run() {
  prctl(PR_SET_TIMERSLACK, 1000UL, 0UL, 0UL, 0UL);
  if (options_.realtime) {
    const sched_param param{1};
    pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);  // without the privilege: as before
  }
  while (!playing_.load()) {
    if (stop_.load()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  // Restamped flows start on the first frame epochs after a short lead, so the first frames are not late.
  constexpr Nanoseconds kLead = 20'000'000;
  const Nanoseconds start_local = monotonic_raw_now() + kLead;
  off_core_.start();
  if (options_.restamp) plan_.rebase(clock_.to_ptp(start_local).to_nanos());
  // Each flow's next packet: its place in the flow and the pass; the earliest of them goes next.
  struct Cursor {
    std::size_t next = 0;
    std::uint64_t pass = 0;
    ReplayEmission emission;
    bool done = false;
  };
  const auto flows = plan_.flows();
  std::vector<Cursor> cursors(flows.size());
  const auto place = [&](std::size_t f) {
    Cursor& c = cursors[f];
    if (c.next == flows[f].records.size()) {
      if (!options_.loop) {
        c.done = true;
        return;
      }
      c.next = 0;
      ++c.pass;
    }
    c.emission = plan_.emission(plan_.record(flows[f].records[c.next]), c.pass, options_.restamp);
  };
  std::int64_t timeline_start = std::numeric_limits<std::int64_t>::max();
  for (std::size_t f = 0; f < flows.size(); ++f) {
    place(f);
    timeline_start = std::min(timeline_start, cursors[f].emission.time_ns);
  }
  const auto local_time = [&](std::int64_t time_ns) {
    if (options_.restamp) return clock_.to_local(PtpTime::from_nanos(static_cast<std::uint64_t>(time_ns)));
    return start_local + (time_ns - timeline_start);
  };
  while (!stop_.load(std::memory_order_relaxed)) {
    std::size_t f = flows.size();
    for (std::size_t i = 0; i < flows.size(); ++i) {
      if (!cursors[i].done && (f == flows.size() || cursors[i].emission.time_ns < cursors[f].emission.time_ns)) f = i;
    }
    if (f == flows.size()) return;
    Cursor& cursor = cursors[f];
    if (options_.paced && !wait_until(local_time(cursor.emission.time_ns))) return;
    const ReplayRecord& record = plan_.record(flows[f].records[cursor.next]);
    rte_mbuf* m = rte_pktmbuf_alloc(pool_);
    while (m == nullptr && !stop_) {
      sleep_for(50'000);
      m = rte_pktmbuf_alloc(pool_);
    }
    if (m == nullptr) return;
    const auto frame = plan_.bytes(record);
    const auto length = static_cast<std::uint16_t>(std::min<std::size_t>(frame.size(), rte_pktmbuf_tailroom(m)));
    auto* data = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_append(m, length));
    std::copy_n(frame.data(), length, data);
    if (flows[f].rtp && record.rtp_offset + 8U <= length) {
      st2110::store_be16(data + record.rtp_offset + 2, static_cast<std::uint16_t>(cursor.emission.sequence));
      st2110::store_be32(data + record.rtp_offset + 4, cursor.emission.timestamp);
      if (flows[f].extended_sequence) {
        st2110::store_be16(data + record.rtp_offset + record.rtp_header_length, static_cast<std::uint16_t>(cursor.emission.sequence >> 16));
      }
    }
    while (rte_ring_sp_enqueue(to_engine_, m) != 0) {
      if (stop_) {
        rte_pktmbuf_free(m);
        return;
      }
      sleep_for(20'000);
    }
    replayed_.fetch_add(1, std::memory_order_relaxed);
    off_core_.sample();  // a clock read; the thread's CPU time too once a millisecond
    drop_returned();
    ++cursor.next;
    place(f);
  }
}

}  // namespace crosspoint::engine
