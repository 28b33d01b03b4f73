// FFmpeg (the receiver INTEROP.md measures) must read the SDPs we generate. It parses the SDP, prints
// the stream, then waits for packets that never come: SIGINT after 2 s ends it cleanly.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "crosspoint/st2110/sdp.hpp"
#include "sdp_test_support.hpp"
#include "skip.hpp"

using namespace crosspoint;
using namespace crosspoint::st2110;
using sdp_test::ip;

namespace {

bool ffmpeg_available() { return std::system("command -v ffmpeg >/dev/null 2>&1") == 0; }

// Runs FFmpeg on the SDP and returns what it printed (stderr). A loaded machine may not have FFmpeg reach
// the stream's description within 2 s (it printed nothing): then once more with 10 s.
std::string ffmpeg_reading(const std::string& sdp) {
  const std::string path = "/tmp/crosspoint-sdp-test-" + std::to_string(::getpid()) + ".sdp";
  std::ofstream(path, std::ios::binary) << sdp;
  std::string output;
  for (const char* seconds : {"2", "10"}) {
    const std::string command = std::string("timeout -s INT ") + seconds +
                                " ffmpeg -hide_banner -nostdin -protocol_whitelist file,udp,rtp -i " + path +
                                " -t 0.1 -f null - 2>&1";
    output.clear();
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
      std::array<char, 4096> buffer{};
      while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) output += buffer.data();
      ::pclose(pipe);
    }
    if (output.find("Input #0") != std::string::npos) break;
  }
  std::remove(path.c_str());
  return output;
}

// A loopback unicast leg on a port unlikely to be bound by another test running beside us.
SdpLegAddress loopback_leg() {
  return SdpLegAddress{ip("127.0.0.1"), static_cast<std::uint16_t>(40000 + ::getpid() % 20000), ip("127.0.0.1")};
}

}  // namespace

TEST_CASE("FFmpeg reads a generated 1080p59.94 10-bit 4:2:2 SDP as yuv422p10le", "[needs-ffmpeg]") {
  if (!ffmpeg_available()) CROSSPOINT_SKIP("ffmpeg is not installed");
  const std::string output = ffmpeg_reading(generate_sdp(make_single_leg_session(VideoFormat{}, loopback_leg())));
  INFO(output);
  CHECK_THAT(output, Catch::Contains("Input #0, sdp"));
  CHECK_THAT(output, Catch::Contains("yuv422p10le"));
  CHECK_THAT(output, Catch::Contains("1920x1080"));
  CHECK_THAT(output, Catch::Contains("59.94 fps"));
  CHECK_THAT(output, !Catch::Contains("Invalid data") && !Catch::Contains("could not find codec"));
}

TEST_CASE("FFmpeg reads a generated 1080i25 8-bit 4:2:2 multicast SDP with its source filter", "[needs-ffmpeg]") {
  if (!ffmpeg_available()) CROSSPOINT_SKIP("ffmpeg is not installed");
  VideoFormat format;
  format.depth = Depth::k8;
  format.exact_frame_rate = Rational{25, 1};
  format.interlaced = true;
  SdpLegAddress leg = loopback_leg();
  leg.destination = ip("239.255.77.1");
  const std::string output = ffmpeg_reading(generate_sdp(make_single_leg_session(format, leg)));
  INFO(output);
  CHECK_THAT(output, Catch::Contains("uyvy422"));
  CHECK_THAT(output, Catch::Contains("top first"));
  CHECK_THAT(output, Catch::Contains("1920x1080"));
  CHECK_THAT(output, !Catch::Contains("Invalid data"));
}

TEST_CASE("FFmpeg reads a generated 8-channel L24 level C audio SDP", "[needs-ffmpeg]") {
  if (!ffmpeg_available()) CROSSPOINT_SKIP("ffmpeg is not installed");
  AudioFormat format;
  format.channels = 8;
  format.packet_time_us = 125;
  format.channel_order = "SMPTE2110.(ST,ST,ST,ST)";
  const std::string output = ffmpeg_reading(generate_sdp(make_single_leg_session(format, loopback_leg())));
  INFO(output);
  CHECK_THAT(output, Catch::Contains("Audio: pcm_s24be, 48000 Hz, 7.1"));
  CHECK_THAT(output, !Catch::Contains("Invalid data"));
}
