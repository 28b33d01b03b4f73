// Interop with a real decoder: Debian's FFmpeg receives a generated ST 2110-20 flow (720p50 4:2:2 10-bit)
// over loopback UDP with the SDP crosspoint-cap wrote, and every frame it decodes equals a generated frame
// of the test pattern, sample for sample.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "cap_test_support.hpp"
#include "crosspoint/st2110/video_geometry.hpp"
#include "crosspoint/signal/test_pattern.hpp"
#include "receive_buffer_limit.hpp"
#include "skip.hpp"
#include "udp_replay.hpp"
#include "video_format_name.hpp"
#include "crosspoint/signal/video_generator.hpp"

extern char** environ;

using namespace crosspoint;
using namespace crosspoint::cap;

namespace {

constexpr std::uint32_t kFrames = 8;
constexpr std::uint32_t kFramesToDecode = 4;
constexpr long kReceiveBuffer = 67108864;

bool ffmpeg_available() { return std::system("ffmpeg -version > /dev/null 2>&1") == 0; }

std::uint16_t free_udp_port() {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

// Whether something has bound UDP `port` (FFmpeg, once it has read the SDP).
bool udp_port_bound(std::uint16_t port) {
  std::ifstream in("/proc/net/udp");
  std::string line;
  char needle[16];
  std::snprintf(needle, sizeof needle, ":%04X ", port);
  while (std::getline(in, line)) {
    const auto local = line.find(':', line.find(':') + 1);
    if (local != std::string::npos && line.compare(local, 6, needle) == 0) return true;
  }
  return false;
}

}  // namespace

// The executable's only test case, so its Meson test is skipped (77) as a whole without ffmpeg.
TEST_CASE("FFmpeg decodes a generated 720p50 4:2:2 10-bit flow pixel-exact", "[ffmpeg]") {
  if (!ffmpeg_available()) CROSSPOINT_SKIP("ffmpeg is not installed (apt-get install ffmpeg)");
  const bool large_buffers = socket_limits::raise_receive_buffer_limit(kReceiveBuffer);
  if (!large_buffers) WARN("net.core.rmem_max could not be raised: replaying at a quarter speed instead");

  cap_test::ScratchDir dir("ffmpeg");
  const std::uint16_t port = free_udp_port();
  const std::string destination = "127.0.0.1:" + std::to_string(port);
  const auto generated = cap_test::generate(
      dir, "interop", {"--video", "720p50", "--frames", std::to_string(kFrames), "--destination", destination});
  const std::string decoded = dir.file("decoded.yuv");
  const std::string log = dir.file("ffmpeg.log");

  // ffmpeg reads the SDP, binds the port and writes raw planar frames.
  const std::string buffer = std::to_string(kReceiveBuffer);
  const std::string frames = std::to_string(kFramesToDecode);
  std::vector<std::string> words{"timeout", "60", "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning",
                                 "-protocol_whitelist", "file,udp,rtp", "-buffer_size", buffer, "-i", generated.sdp,
                                 "-frames:v", frames, "-f", "rawvideo", "-pix_fmt", "yuv422p10le", "-y", decoded};
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t ffmpeg = 0;
  REQUIRE(posix_spawnp(&ffmpeg, "timeout", &actions, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&actions);

  bool listening = false;
  for (int i = 0; i < 200 && !listening; ++i) {
    listening = udp_port_bound(port);
    if (!listening) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(listening);

  ReplayOptions replay;
  replay.file = generated.pcap;
  replay.port = port;
  replay.speed = large_buffers ? 1.0 : 0.25;
  const auto sent = replay_udp(replay);
  REQUIRE(sent);
  CHECK(sent->sent == std::uint64_t{kFrames} * 2160);
  CHECK(sent->send_errors == 0);

  // FFmpeg stops by itself after the frames it was asked for; give it a few seconds, then stop it.
  int status = 0;
  bool exited = false;
  for (int i = 0; i < 200 && !exited; ++i) {
    exited = ::waitpid(ffmpeg, &status, WNOHANG) == ffmpeg;
    if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!exited) {
    ::kill(ffmpeg, SIGTERM);
    ::waitpid(ffmpeg, &status, 0);
  }
  {
    std::ifstream text(log);
    std::stringstream content;
    content << text.rdbuf();
    INFO("ffmpeg log:\n" << content.str());
    CHECK(exited);
  }

  // Compare every decoded frame with the generated frames: each must equal one of them exactly, in order.
  auto format = parse_video_format_name("720p50");
  REQUIRE(format);
  auto geometry = st2110::video_geometry(*format);
  REQUIRE(geometry);
  const TestPattern pattern(*geometry, format->sampling, format->depth);
  VideoFlowSpec spec;
  spec.format = *format;
  spec.start = PtpTime{kDefaultStartSeconds, 0};
  auto generator = VideoGenerator::create(spec);
  REQUIRE(generator);
  const std::uint64_t first_frame = (*generator)->first_frame();

  constexpr std::size_t kWidth = 1280, kHeight = 720;
  constexpr std::size_t kFrameSamples = kWidth * kHeight * 2;  // Y plus two half-width chroma planes
  std::ifstream in(decoded, std::ios::binary);
  REQUIRE(in);
  std::vector<std::uint16_t> planes(kFrameSamples);
  std::uint32_t frames_read = 0;
  std::int64_t previous_match = -1;
  while (in.read(reinterpret_cast<char*>(planes.data()), static_cast<std::streamsize>(kFrameSamples * 2))) {
    ++frames_read;
    std::int64_t matched = -1;
    std::uint64_t best_mismatches = UINT64_MAX;
    for (std::uint32_t candidate = 0; candidate < kFrames && matched < 0; ++candidate) {
      std::uint64_t mismatches = 0;
      const std::uint64_t frame = first_frame + candidate;
      const std::uint16_t* y = planes.data();
      const std::uint16_t* cb = y + kWidth * kHeight;
      const std::uint16_t* cr = cb + kWidth / 2 * kHeight;
      for (std::size_t line = 0; line < kHeight; ++line) {
        for (std::size_t x = 0; x < kWidth; ++x) {
          const PixelComponents expected = pattern.pixel(frame, static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(line));
          if (y[line * kWidth + x] != expected[0]) ++mismatches;
          if (x % 2 == 0 && (cb[line * kWidth / 2 + x / 2] != expected[1] || cr[line * kWidth / 2 + x / 2] != expected[2])) {
            ++mismatches;
          }
        }
      }
      best_mismatches = std::min(best_mismatches, mismatches);
      if (mismatches == 0) matched = candidate;
    }
    INFO("decoded frame " << frames_read << ": fewest mismatching samples " << best_mismatches);
    CHECK(matched >= 0);
    CHECK(matched > previous_match);
    previous_match = matched;
  }
  CHECK(frames_read == kFramesToDecode);
}
