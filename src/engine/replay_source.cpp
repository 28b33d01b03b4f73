#include "replay_source.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>

#include <rte_errno.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "crosspoint/capture/pcap_reader.hpp"
#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::engine {

namespace {
constexpr unsigned kRingSize = 4096;
constexpr unsigned kBurst = 32;
// A full ring plus what the engine holds at once (bursts, tx buffers, per-lcore pool caches).
constexpr unsigned kPoolMbufs = 2 * kRingSize - 1;
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
    } else {
      return engine_error(EngineErrorCode::kInvalidConfig, "replay device '" + device + "': unknown option '" + field + "'");
    }
  }
  if (options.name.empty() || options.file.empty()) {
    return engine_error(EngineErrorCode::kInvalidConfig, "replay device '" + device + "' needs a name and file=");
  }
  return options;
}

Expected<std::unique_ptr<ReplaySource>, EngineError> ReplaySource::start(const ReplayOptions& options) {
  auto probe = capture::PcapReader::open(options.file);
  if (!probe) return engine_error(EngineErrorCode::kInvalidConfig, "replay '" + options.name + "': " + probe.error());
  std::unique_ptr<ReplaySource> source(new ReplaySource());
  source->options_ = options;
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

void ReplaySource::run() {
  do {
    auto reader = capture::PcapReader::open(options_.file);
    if (!reader) return;
    std::uint64_t first_capture_ns = 0;
    Nanoseconds start_local = 0;
    bool first = true;
    while (!stop_.load(std::memory_order_relaxed)) {
      auto record = reader->next();
      if (!record) break;
      if (options_.paced) {
        if (first) {
          first_capture_ns = record->timestamp_ns;
          start_local = monotonic_raw_now();
        }
        const Nanoseconds due = start_local + static_cast<Nanoseconds>(record->timestamp_ns - first_capture_ns);
        for (Nanoseconds now = monotonic_raw_now(); now < due && !stop_; now = monotonic_raw_now()) {
          const Nanoseconds wait = due - now;
          if (wait > 100'000) std::this_thread::sleep_for(std::chrono::nanoseconds(wait - 50'000));
        }
      }
      first = false;
      rte_mbuf* m = rte_pktmbuf_alloc(pool_);
      while (m == nullptr && !stop_) {
        std::this_thread::sleep_for(std::chrono::microseconds(50));
        m = rte_pktmbuf_alloc(pool_);
      }
      if (m == nullptr) return;
      const auto length = static_cast<std::uint16_t>(std::min<std::size_t>(record->bytes.size(), rte_pktmbuf_tailroom(m)));
      auto* data = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_append(m, length));
      std::copy_n(record->bytes.data(), length, data);
      while (rte_ring_sp_enqueue(to_engine_, m) != 0) {
        if (stop_) {
          rte_pktmbuf_free(m);
          return;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(20));
      }
      replayed_.fetch_add(1, std::memory_order_relaxed);
      // What the engine sends to this port goes nowhere.
      void* sent[kBurst];
      const unsigned n = rte_ring_sc_dequeue_burst(from_engine_, sent, kBurst, nullptr);
      for (unsigned i = 0; i < n; ++i) rte_pktmbuf_free(static_cast<rte_mbuf*>(sent[i]));
    }
  } while (options_.loop && !stop_.load());
}

}  // namespace crosspoint::engine
