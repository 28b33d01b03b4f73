// The mbuf stages on the real EAL: an output's packets built by rewrite and send (header copies chained to
// the payload, the received mbuf rewritten in place), and transmit refusals charged back by settle.
#include <catch2/catch.hpp>

#include <memory>
#include <utility>
#include <vector>

#include <rte_mempool.h>

#include "classify_stage.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "send_stage.hpp"
#include "test_dpdk.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;
using namespace crosspoint::engine::test;
using st2110::Ipv4Address;
using st2110::MediaType;

namespace {

constexpr std::uint16_t kSlot = 5;

OutputEntry two_leg_output() {
  OutputEntry entry;
  entry.active = true;
  entry.media = MediaType::kVideo;
  entry.payload_type = 100;
  entry.ssrc = 0x5eed;
  entry.leg_count = 2;
  for (std::uint8_t leg = 0; leg < 2; ++leg) {
    OutputHeaderFields fields;
    fields.source_mac = st2110::MacAddress{{2, 0, 0, 0, 0, static_cast<std::uint8_t>(leg + 1)}};
    fields.destination = Ipv4Address{0xEF030300U + leg};
    fields.destination_mac = st2110::MacAddress::for_ipv4_multicast(fields.destination.value);
    fields.source = Ipv4Address{0xC0000201};
    entry.legs[leg] = OutputLegEntry{leg, OutputHeader(fields)};
  }
  return entry;
}

// A received video packet in an mbuf, classified.
struct Received {
  Frame original;
  rte_mbuf* mbuf = nullptr;
  Classified packet{};
};

Received receive(std::uint64_t index) {
  StreamSpec spec;
  Received r;
  r.original = StreamBuilder(spec).packet(index);
  r.mbuf = mbuf_of(r.original);
  FlowTable flows;
  flows.insert(FlowKey{0, spec.udp_port, spec.destination.value, 0}, FlowTarget{1, 0, MediaType::kVideo});
  FlowCache cache;
  DropReason refused{};
  REQUIRE(classify(rte_pktmbuf_mtod(r.mbuf, const std::uint8_t*), r.mbuf->data_len, 0, flows, cache, r.packet,
                   refused));
  return r;
}

}  // namespace

TEST_CASE("send: an output's legs get header copies chained to the payload, or the received mbuf rewritten in place") {
  rte_mempool* pool = test_mempool();
  const unsigned in_use_before = rte_mempool_in_use_count(pool);
  auto state = std::make_unique<WorkerState>();
  const OutputEntry entry = two_leg_output();
  state->outputs[kSlot].reset(entry, 0);
  std::vector<std::pair<std::uint16_t, rte_mbuf*>> queued;
  const auto enqueue = [&](std::uint16_t port, rte_mbuf* m, std::uint16_t output) {
    CHECK(output == kSlot);
    queued.emplace_back(port, m);
  };
  Received r = receive(0);
  send(entry, kSlot, *state, r.packet, r.mbuf, false, pool, enqueue);  // another output takes the mbuf later
  send(entry, kSlot, *state, r.packet, r.mbuf, true, pool, enqueue);
  REQUIRE(queued.size() == 4);
  CHECK(queued[0].second->nb_segs == 2);
  CHECK(queued[1].second->nb_segs == 2);
  CHECK(queued[2].second->nb_segs == 2);
  CHECK(queued[3].second == r.mbuf);  // the last leg of the last output: no copy
  const auto original = st2110::parse_rtp_packet(st2110::Bytes{r.original});
  REQUIRE(original);
  for (std::size_t i = 0; i < queued.size(); ++i) {
    const auto [port, m] = queued[i];
    CHECK(port == i % 2);
    const Frame frame = frame_of(m);
    const auto view = st2110::parse_rtp_packet(st2110::Bytes{frame});
    REQUIRE(view);
    CHECK(view->ip.destination == Ipv4Address{static_cast<std::uint32_t>(0xEF030300U + i % 2)});
    CHECK(view->rtp.ssrc == 0x5eedU);
    CHECK(view->rtp.payload_type == 100);
    CHECK(sequence_of(*view, MediaType::kVideo) == i / 2);  // each send is the output's next packet, on both legs
    CHECK(std::equal(view->payload.begin() + 2, view->payload.end(), original->payload.begin() + 2,
                     original->payload.end()));
  }
  CHECK(state->outputs[kSlot].packets.read() == 4);
  for (const auto& [port, m] : queued) rte_pktmbuf_free(m);
  CHECK(rte_mempool_in_use_count(pool) == in_use_before);  // the payload references are all gone
}

TEST_CASE("send: a copy that cannot be made is counted on the output and its port by reason") {
  rte_mempool* pool = test_mempool();
  // Header mbufs with room for 40 octets: not even Ethernet, IPv4 and UDP fit.
  static rte_mempool* small = rte_pktmbuf_pool_create("test_small_headers", 63, 0, 0, RTE_PKTMBUF_HEADROOM + 40, SOCKET_ID_ANY);
  REQUIRE(small != nullptr);
  auto state = std::make_unique<WorkerState>();
  const OutputEntry entry = two_leg_output();
  state->outputs[kSlot].reset(entry, 0);
  std::vector<rte_mbuf*> queued;
  const auto enqueue = [&](std::uint16_t, rte_mbuf* m, std::uint16_t) { queued.push_back(m); };
  Received r = receive(0);
  send(entry, kSlot, *state, r.packet, r.mbuf, true, small, enqueue);
  REQUIRE(queued.size() == 1);  // leg 1: the received mbuf itself
  CHECK(queued[0] == r.mbuf);
  CHECK(state->outputs[kSlot].drops.read(DropReason::kHeaderTooLong) == 1);
  CHECK(state->ports[0].drops.read(DropReason::kHeaderTooLong) == 1);
  CHECK(state->outputs[kSlot].packets.read() == 1);
  rte_pktmbuf_free(r.mbuf);
  CHECK(rte_mempool_in_use_count(small) == 0);
  (void)pool;
}

TEST_CASE("settle: packets the transmit queue refused are freed and taken back from their output's counters") {
  rte_mempool* pool = test_mempool();
  const unsigned in_use_before = rte_mempool_in_use_count(pool);
  auto state = std::make_unique<WorkerState>();
  OutputRuntime& out = state->outputs[kSlot];
  PortRuntime& port = state->ports[0];
  TxBuffer buffer;
  std::vector<Received> packets;
  for (std::uint64_t i = 0; i < 3; ++i) packets.push_back(receive(i));
  CHECK_FALSE(buffer.add(packets[0].mbuf, kSlot, 3));
  CHECK_FALSE(buffer.add(packets[1].mbuf, kSlot, 3));
  CHECK(buffer.add(packets[2].mbuf, kNoOutput, 3));  // an ARP reply, say: full at the burst size
  const std::uint32_t length = packets[0].mbuf->pkt_len;
  out.packets.add(2);
  out.bytes.add(2 * length);
  rte_mbuf* sent = packets[0].mbuf;  // the queue takes the first only
  settle(buffer, 1, port, state->outputs);
  CHECK(buffer.count == 0);
  CHECK(buffer.bytes == 0);
  CHECK(port.tx_packets.read() == 1);
  CHECK(port.tx_bytes.read() == length);
  CHECK(port.drops.read(DropReason::kTxFull) == 2);
  CHECK(out.drops.read(DropReason::kTxFull) == 1);
  CHECK(out.packets.read() == 1);
  CHECK(out.bytes.read() == length);
  rte_pktmbuf_free(sent);  // the driver's, had there been one
  CHECK(rte_mempool_in_use_count(pool) == in_use_before);
}
