// The data path's stages one at a time, on frames built by st2110 and state made by hand: classify, merge,
// route and the header rewrite need no EAL.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "classify_stage.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "merge_stage.hpp"
#include "rewrite_stage.hpp"
#include "route_stage.hpp"
#include "test_streams.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;
using namespace crosspoint::engine::test;
using st2110::Ipv4Address;
using st2110::MediaType;

namespace {

constexpr std::uint16_t kPort = 3;
constexpr InputSlot kInput = 7;
constexpr std::uint32_t kFrameBytes = 1262;  // what the worker passes: the received mbuf's length

StreamSpec video_stream() {
  StreamSpec spec;
  spec.packets_per_frame = 4;
  return spec;
}

// One input of `media` on port kPort, slot kInput: leg 0 receives `spec`'s flow, leg 1 the same flow on 239.1.1.2.
FlowTable flows_for(const StreamSpec& spec) {
  FlowTable flows;
  flows.insert(FlowKey{kPort, spec.udp_port, spec.destination.value, 0}, FlowTarget{kInput, 0, spec.media});
  flows.insert(FlowKey{kPort, spec.udp_port, 0xEF010102, 0}, FlowTarget{kInput, 1, spec.media});
  return flows;
}

struct ClassifyRig {
  explicit ClassifyRig(const StreamSpec& spec) : flows(flows_for(spec)) {}
  FlowTable flows;
  FlowCache cache;
  bool run(const Frame& frame, Classified& out, DropReason& refused) {
    return classify(frame.data(), static_cast<std::uint16_t>(frame.size()), kPort, flows, cache, out, refused);
  }
};

// Classifies packet `index` of `stream` (which must belong to the rig's input) into `out`.
Classified classified(ClassifyRig& rig, const StreamBuilder& stream, std::uint64_t index, Frame& keep) {
  keep = stream.packet(index);
  Classified out{};
  DropReason refused{};
  REQUIRE(rig.run(keep, out, refused));
  return out;
}

std::unique_ptr<WorkerState> state_with_input(MediaType media, std::uint8_t legs, std::uint32_t generation = 5) {
  auto state = std::make_unique<WorkerState>();
  InputEntry entry;
  entry.active = true;
  entry.generation = generation;
  entry.media = media;
  entry.leg_count = legs;
  entry.merge_window = 64;
  state->inputs[kInput].reset(entry);
  return state;
}

OutputEntry output_entry(MediaType media) {
  OutputEntry entry;
  entry.active = true;
  entry.generation = 9;
  entry.media = media;
  entry.payload_type = 112;
  entry.ssrc = 0xabcdef01;
  entry.leg_count = 1;
  OutputHeaderFields fields;
  fields.source_mac = st2110::MacAddress{{2, 0, 0, 0, 0, 9}};
  fields.destination_mac = st2110::MacAddress::for_ipv4_multicast(0xEF020202);
  fields.source = Ipv4Address{0xC0000263};
  fields.destination = Ipv4Address{0xEF020202};
  fields.source_port = 6000;
  fields.destination_port = 6004;
  entry.legs[0] = OutputLegEntry{1, OutputHeader(fields)};
  return entry;
}

// Output `slot` listens to kInput and forwards it (or waits for a switch to it).
void connect(WorkerState& state, std::uint16_t slot, MediaType media, bool landed) {
  OutputRuntime& out = state.outputs[slot];
  out.reset(output_entry(media), 0);
  out.route.arm(PendingSwitch{InputHandle{kInput, state.inputs[kInput].generation}, 0, std::uint64_t{40} + slot});
  if (landed) {
    const PacketMarks frame_start{false, true};
    out.route.decide(kInput, frame_start, 0);
  }
  InputRuntime& in = state.inputs[kInput];
  in.subscribers[in.subscriber_count++] = slot;
}

}  // namespace

TEST_CASE("classify: a video frame is matched to its input and leg, with its RTP fields and extended sequence") {
  StreamSpec spec = video_stream();
  spec.first_sequence = 0x0001fffe;  // RFC 4175 extended sequence 1 above RTP's 0xfffe
  ClassifyRig rig(spec);
  const StreamBuilder stream(spec);
  Frame frame;
  const Classified p = classified(rig, stream, 3, frame);  // the last packet of the first frame
  CHECK(p.input == kInput);
  CHECK(p.leg == 0);
  CHECK(p.media == MediaType::kVideo);
  CHECK(p.marker);
  CHECK(p.frame == frame.data());
  CHECK(p.rtp_offset == 14 + 20 + 8);
  CHECK(p.rtp_header_length == 12);
  CHECK(p.sequence == 0x00020001U);  // 0x0001fffe + 3 crosses RTP's wrap into the extended part
  CHECK(p.timestamp == 1000);
  const auto view = st2110::parse_rtp_packet(st2110::Bytes{frame});
  REQUIRE(view);
  CHECK(p.udp_payload_length == view->udp.length - 8);
  CHECK(p.payload_length == view->payload.size());
  CHECK(p.payload() == view->payload.data());

  StreamSpec other_leg = spec;
  other_leg.destination = Ipv4Address{0xEF010102};
  Frame second;
  CHECK(classified(rig, StreamBuilder(other_leg), 0, second).leg == 1);
}

TEST_CASE("classify: RTP no input listens to is unmatched, and what is not RTP carries the parser's reason") {
  const StreamSpec spec = video_stream();
  ClassifyRig rig(spec);
  Classified out{};
  DropReason refused{};
  StreamSpec stranger = spec;
  stranger.udp_port = 5006;
  CHECK_FALSE(rig.run(StreamBuilder(stranger).packet(0), out, refused));
  CHECK(refused == DropReason::kUnmatchedFlow);

  Frame arp = StreamBuilder(spec).packet(0);
  st2110::store_be16(arp.data() + 12, st2110::kEtherTypeArp);
  CHECK_FALSE(rig.run(arp, out, refused));
  CHECK(refused == drop_reason_of(st2110::ParseError::kNotIpv4));

  Frame truncated = StreamBuilder(spec).packet(0);
  truncated.resize(30);
  CHECK_FALSE(rig.run(truncated, out, refused));
  CHECK(refused < DropReason::kFirstEngineReason);
}

TEST_CASE("classify: a video packet without room for the extended sequence number is refused by name") {
  const StreamSpec spec = video_stream();
  ClassifyRig rig(spec);
  Frame frame = StreamBuilder(spec).packet(0);
  // Cut the payload down to one octet, lengths included.
  const std::size_t keep = 14 + 20 + 8 + 12 + 1;
  frame.resize(keep);
  st2110::store_be16(frame.data() + 14 + 2, static_cast<std::uint16_t>(keep - 14));
  st2110::store_be16(frame.data() + 14 + 10, 0);  // no checksum: the parser accepts a zero
  st2110::store_be16(frame.data() + 14 + 20 + 4, static_cast<std::uint16_t>(keep - 14 - 20));
  Classified out{};
  DropReason refused{};
  CHECK_FALSE(rig.run(frame, out, refused));
  CHECK(refused == drop_reason_of(st2110::ParseError::kTruncatedPayloadHeader));
}

TEST_CASE("classify: the flow cache answers from the table it was filled from until it is told to forget") {
  const StreamSpec spec = video_stream();
  ClassifyRig rig(spec);
  Frame frame;
  CHECK(classified(rig, StreamBuilder(spec), 0, frame).input == kInput);
  // A new table sends the flow elsewhere; the worker makes the cache forget whenever it takes a new table.
  rig.flows = FlowTable{};
  rig.flows.insert(FlowKey{kPort, spec.udp_port, spec.destination.value, 0}, FlowTarget{kInput + 1, 0, spec.media});
  rig.cache.forget();
  CHECK(classified(rig, StreamBuilder(spec), 1, frame).input == kInput + 1);
}

TEST_CASE("merge: one leg counts gaps as lost and a step back resynchronises") {
  const StreamSpec spec = video_stream();
  ClassifyRig rig(spec);
  const StreamBuilder stream(spec);
  auto state = state_with_input(MediaType::kVideo, 1);
  InputRuntime& in = state->inputs[kInput];
  Frame frame;
  for (const std::uint64_t index : {0, 1, 2, 5, 6, 3, 4}) CHECK(merge(in, classified(rig, stream, index, frame), kFrameBytes));
  CHECK(in.packets.read() == 7);
  CHECK(in.frames.read() == 1);  // packet 3 carries the first frame's marker
  CHECK(in.lost.read() == 2);    // 3 and 4, skipped between 2 and 5
  CHECK(in.sequence_errors.read() == 2);  // the jump to 5 and the step back to 3; 4 follows 3 in order
  CHECK(in.bytes.read() == 7 * kFrameBytes);
}

TEST_CASE("merge: of two legs the first copy passes, the later one is a counted duplicate, and each leg's gaps count") {
  StreamSpec red = video_stream();
  red.first_sequence = 65534;  // across RTP's wrap
  StreamSpec blue = red;
  blue.destination = Ipv4Address{0xEF010102};
  ClassifyRig rig(red);
  auto state = state_with_input(MediaType::kVideo, 2);
  InputRuntime& in = state->inputs[kInput];
  Frame frame;
  CHECK(merge(in, classified(rig, StreamBuilder(red), 0, frame), kFrameBytes));
  CHECK_FALSE(merge(in, classified(rig, StreamBuilder(blue), 0, frame), kFrameBytes));
  CHECK(merge(in, classified(rig, StreamBuilder(blue), 1, frame), kFrameBytes));      // red lost 1
  CHECK(merge(in, classified(rig, StreamBuilder(red), 2, frame), kFrameBytes));
  CHECK_FALSE(merge(in, classified(rig, StreamBuilder(blue), 2, frame), kFrameBytes));
  CHECK(in.packets.read() == 3);
  CHECK(in.lost.read() == 0);
  CHECK(in.legs[0].packets.read() == 2);
  CHECK(in.legs[0].lost.read() == 1);
  CHECK(in.legs[1].duplicates.read() == 2);
  CHECK(in.drops.read(DropReason::kDuplicate) == 2);
}

TEST_CASE("route: a packet goes to every output forwarding its input, in subscriber order, and to none without one") {
  const StreamSpec spec = video_stream();
  ClassifyRig rig(spec);
  const StreamBuilder stream(spec);
  auto state = state_with_input(MediaType::kVideo, 1);
  Frame frame;
  unsigned armed = 0;
  std::vector<std::pair<std::uint16_t, bool>> sent;
  const auto collect = [&](std::uint16_t o, bool owns_mbuf) { sent.emplace_back(o, owns_mbuf); };
  CHECK_FALSE(route(*state, classified(rig, stream, 0, frame), 0, armed, collect));
  CHECK(sent.empty());
  CHECK(state->inputs[kInput].drops.read(DropReason::kNoRoute) == 1);

  connect(*state, 12, MediaType::kVideo, true);
  connect(*state, 4, MediaType::kVideo, true);
  CHECK(route(*state, classified(rig, stream, 1, frame), 0, armed, collect));
  // The last output takes the received mbuf; the one before it gets a copy.
  CHECK(sent == std::vector<std::pair<std::uint16_t, bool>>{{12, false}, {4, true}});
}

TEST_CASE("route: an armed switch lands on the input's next frame start and publishes the input with its generation") {
  const StreamSpec spec = video_stream();  // four packets a frame
  ClassifyRig rig(spec);
  const StreamBuilder stream(spec);
  auto state = state_with_input(MediaType::kVideo, 1, 77);
  connect(*state, 2, MediaType::kVideo, false);
  OutputRuntime& out = state->outputs[2];
  out.next_index = 500;
  Frame frame;
  unsigned armed = 1;
  std::vector<std::uint16_t> sent;
  const auto collect = [&](std::uint16_t o, bool) { sent.push_back(o); };
  CHECK_FALSE(route(*state, classified(rig, stream, 1, frame), 1000, armed, collect));  // mid-frame: not yet
  CHECK_FALSE(route(*state, classified(rig, stream, 3, frame), 1000, armed, collect));  // the marker ends the frame
  CHECK(armed == 1);
  CHECK_FALSE(out.current_input.load().connected());
  const Classified start = classified(rig, stream, 4, frame);
  CHECK(route(*state, start, 2000, armed, collect));
  CHECK(armed == 0);
  CHECK(sent == std::vector<std::uint16_t>{2});
  CHECK(out.current_input.load() == InputHandle{kInput, 77});
  const Landing landing = *out.landings.latest();
  CHECK(landing.request == 42);
  CHECK(landing.input == InputHandle{kInput, 77});
  CHECK(landing.local_ns == 2000);
  CHECK(landing.first_rtp_timestamp == start.timestamp);
  CHECK(landing.output_packet_index == 500);
  CHECK(out.switches.read() == 1);
}

TEST_CASE("route: a switch never lands on a video frame whose first packets were lost; it waits for a whole one") {
  const StreamSpec spec = video_stream();  // four packets a frame
  ClassifyRig rig(spec);
  const StreamBuilder stream(spec);
  auto state = state_with_input(MediaType::kVideo, 1);
  connect(*state, 2, MediaType::kVideo, false);
  Frame frame;
  unsigned armed = 1;
  std::vector<std::uint16_t> sent;
  const auto collect = [&](std::uint16_t o, bool) { sent.push_back(o); };
  CHECK_FALSE(route(*state, classified(rig, stream, 3, frame), 0, armed, collect));  // frame 0 ends
  // Frame 1 arrives without its first packet: a new timestamp, but not its first line.
  CHECK_FALSE(route(*state, classified(rig, stream, 5, frame), 0, armed, collect));
  CHECK_FALSE(route(*state, classified(rig, stream, 7, frame), 0, armed, collect));
  CHECK(armed == 1);
  CHECK(sent.empty());
  CHECK(route(*state, classified(rig, stream, 8, frame), 0, armed, collect));  // frame 2, whole
  CHECK(armed == 0);
  CHECK(sent == std::vector<std::uint16_t>{2});
}

TEST_CASE("rewrite: an output's headers replace the input's; marker, timestamp and payload pass untouched") {
  const StreamSpec spec = video_stream();
  ClassifyRig rig(spec);
  Frame frame;
  const Classified p = classified(rig, StreamBuilder(spec), 3, frame);
  const OutputEntry entry = output_entry(MediaType::kVideo);
  // The frame as the output sends it: its headers in place of the input's, then the input's RTP packet.
  Frame sent(kOutputHeaderLength + p.udp_payload_length);
  std::copy(frame.begin() + p.rtp_offset, frame.begin() + p.rtp_offset + p.udp_payload_length,
            sent.begin() + kOutputHeaderLength);
  write_output_headers(sent.data(), entry, 0, p, 0x0003'0010);
  const auto view = st2110::parse_rtp_packet(st2110::Bytes{sent});
  REQUIRE(view);
  CHECK(view->ethernet.source == st2110::MacAddress{{2, 0, 0, 0, 0, 9}});
  CHECK(view->ip.source == Ipv4Address{0xC0000263});
  CHECK(view->ip.destination == Ipv4Address{0xEF020202});
  CHECK(view->udp.source_port == 6000);
  CHECK(view->udp.destination_port == 6004);
  CHECK(view->rtp.payload_type == 112);
  CHECK(view->rtp.ssrc == 0xabcdef01U);
  CHECK(view->rtp.marker);
  CHECK(view->rtp.timestamp == p.timestamp);
  CHECK(sequence_of(*view, MediaType::kVideo) == 0x0003'0010U);
  const auto original = st2110::parse_rtp_packet(st2110::Bytes{frame});
  REQUIRE(original);
  CHECK(identify(*view, MediaType::kVideo).packet == identify(*original, MediaType::kVideo).packet);
  CHECK(std::equal(view->payload.begin() + 2, view->payload.end(), original->payload.begin() + 2));
}

TEST_CASE("a sequence follower counts steps across the wrap, 16 and 32 bits wide") {
  SequenceFollower rtp;
  CHECK(rtp.follow(65535, 16) == 1);
  CHECK(rtp.follow(0, 16) == 1);
  CHECK(rtp.follow(4, 16) == 4);
  CHECK(rtp.follow(2, 16) == -2);
  CHECK(rtp.follow(3, 16) == 1);
  SequenceFollower video;
  CHECK(video.follow(0xffffffffU, 32) == 1);
  CHECK(video.follow(1, 32) == 2);
  video.reset();
  CHECK(video.follow(77, 32) == 1);
}

TEST_CASE("an input handle names a slot in one generation, and no input at all") {
  constexpr InputHandle handle{12, 0x00abcdefU};
  static_assert(handle.slot() == 12 && handle.generation() == 0x00abcdefU && handle.connected());
  CHECK(handle != InputHandle{12, 0x00abcdeeU});
  CHECK(handle != InputHandle{13, 0x00abcdefU});
  CHECK_FALSE(InputHandle{}.connected());
  CHECK(InputHandle{kNoInput, 5} == InputHandle{});
}
