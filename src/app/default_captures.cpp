#include "default_captures.hpp"

#include <chrono>
#include <fstream>
#include <utility>
#include <vector>

#include "crosspoint/signal/anc_generator.hpp"
#include "crosspoint/signal/audio_generator.hpp"
#include "crosspoint/signal/capture_generator.hpp"
#include "crosspoint/signal/video_generator.hpp"
#include "crosspoint/st2110/sdp.hpp"

namespace crosspoint::app {
namespace {

using cap::GeneratedFlow;

// 2026-01-01 TAI, as crosspoint-cap's default: the replay paces by offsets, so only reproducibility matters.
constexpr PtpTime kStart{1'767'225'637, 0};

cap::FlowAddress address_of(std::uint32_t group, std::uint8_t payload_type) {
  cap::FlowAddress address;
  address.destination = st2110::Ipv4Address{0xEF640001U + (group << 8)};  // 239.100.<group>.1
  address.ssrc = 0x43500001U + group;
  address.payload_type = payload_type;
  return address;
}

struct VideoCapture {
  const char* name;
  std::uint32_t width, height;
  Rational rate;
  cap::PatternKind pattern;
  std::uint32_t frames;
  cap::VideoPacing pacing;
  std::uint32_t group;
  bool dup;
};

Expected<GeneratedFlow, std::string> video_flow(const VideoCapture& capture) {
  cap::VideoFlowSpec spec;
  spec.format.width = capture.width;
  spec.format.height = capture.height;
  spec.format.exact_frame_rate = capture.rate;
  if (capture.pacing == cap::VideoPacing::kBurst) spec.format.sender_type = st2110::SenderType::kWide;
  spec.pacing = capture.pacing;
  spec.pattern = cap::PatternChoice{capture.pattern};
  spec.frames = capture.frames;
  spec.start = kStart;
  spec.address = address_of(capture.group, 96);
  auto generator = cap::VideoGenerator::create(spec);
  if (!generator) return Unexpected{std::string(capture.name) + ": " + generator.error()};
  GeneratedFlow flow{"video", spec.format, spec.address, std::move(generator.value()), std::nullopt, {}, {}};
  if (capture.dup) {
    // Each leg loses packets the other carries: the input's merge recovers every one.
    flow.second_leg = st2110::Ipv4Address{(spec.address.destination.value & 0xFF00FFFFU) | (101U << 16)};
    flow.leg_a_loss.indices = {5, 6, 400};
    flow.leg_b_loss.indices = {100, 600};
  }
  return flow;
}

}  // namespace

Expected<DefaultCapturesWritten, std::string> write_default_captures(const std::filesystem::path& run_dir) {
  const auto began = std::chrono::steady_clock::now();
  // Every flow lasts 160 ms and all go into one capture, interleaved by send time: one replay thread loops
  // them together. Full-size cameras go as one burst a frame: a replay thread paces by sleeping, and gapped
  // packets a few microseconds apart would keep it spinning; the small ST 2022-7 pair stays narrow gapped.
  const std::vector<VideoCapture> videos{
      {"camera-1", 1920, 1080, {25, 1}, cap::PatternKind::kBars, 4, cap::VideoPacing::kBurst, 1, false},
      {"camera-2", 1920, 1080, {25, 1}, cap::PatternKind::kChecker, 4, cap::VideoPacing::kBurst, 2, false},
      {"camera-3", 1280, 720, {50, 1}, cap::PatternKind::kZonePlate, 8, cap::VideoPacing::kBurst, 3, false},
      {"remote-1", 320, 180, {50, 1}, cap::PatternKind::kRamp, 8, cap::VideoPacing::kGapped, 4, true},
      // On the wire but taken by no input at start: a flow a controller can route a receiver to (remote-2.sdp).
      {"remote-2", 320, 180, {50, 1}, cap::PatternKind::kChecker, 8, cap::VideoPacing::kGapped, 7, true},
  };
  std::vector<GeneratedFlow> flows;
  std::vector<std::string> names;
  for (const auto& video : videos) {
    auto flow = video_flow(video);
    if (!flow) return Unexpected{flow.error()};
    flows.push_back(std::move(flow.value()));
    names.emplace_back(video.name);
  }

  cap::AudioFlowSpec audio;
  audio.start = kStart;
  audio.duration_ns = 160'000'000;
  audio.address = address_of(5, 97);
  auto audio_generator = cap::AudioGenerator::create(audio);
  if (!audio_generator) return Unexpected{"audio-1: " + audio_generator.error()};
  flows.push_back({"audio", audio.format, audio.address, std::move(audio_generator.value()), std::nullopt, {}, {}});
  names.emplace_back("audio-1");

  cap::AncFlowSpec anc;
  anc.format.exact_frame_rate = {50, 1};
  anc.format.data_ids = {st2110::AncDataId{0x60, 0x60}, st2110::AncDataId{0x61, 0x01}};
  anc.frames = 8;
  anc.start = kStart;
  anc.address = address_of(6, 100);
  auto anc_generator = cap::AncGenerator::create(anc);
  if (!anc_generator) return Unexpected{"anc-1: " + anc_generator.error()};
  flows.push_back({"anc", anc.format, anc.address, std::move(anc_generator.value()), std::nullopt, {}, {}});
  names.emplace_back("anc-1");

  // Each input's SDP describes its own flow alone.
  for (std::size_t i = 0; i < flows.size(); ++i) {
    std::vector<GeneratedFlow> one;
    one.push_back(std::move(flows[i]));
    const auto sdp_path = run_dir / (names[i] + ".sdp");
    std::ofstream sdp(sdp_path, std::ios::binary | std::ios::trunc);
    sdp << st2110::generate_sdp(cap::session_for(one));
    if (!sdp) return Unexpected{"cannot write " + sdp_path.string()};
    flows[i] = std::move(one.front());
  }
  const auto pcap = default_sources_capture(run_dir);
  auto result = cap::write_capture(flows, pcap.string(), "");
  if (!result) return Unexpected{result.error()};
  DefaultCapturesWritten written;
  written.flows = static_cast<unsigned>(flows.size());
  written.packets = result->records_written;
  written.bytes = std::filesystem::file_size(pcap);
  written.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  return written;
}

std::filesystem::path default_sources_capture(const std::filesystem::path& run_dir) { return run_dir / "sources.pcap"; }

}  // namespace crosspoint::app
