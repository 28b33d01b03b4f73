// ST 2110-20 video in SDP: every fmtp parameter read and written, and what FFmpeg's example says.
#include <catch2/catch.hpp>

#include "crosspoint/st2110/sdp.hpp"

using namespace crosspoint;
using namespace crosspoint::st2110;

namespace {

const VideoFormat& video_of(const SessionDescription& session, std::size_t leg = 0) {
  return std::get<VideoFormat>(session.legs.at(leg).format);
}

SdpLegAddress multicast_leg() {
  return SdpLegAddress{*Ipv4Address::parse("239.100.1.1"), 5004, *Ipv4Address::parse("192.168.10.20")};
}

}  // namespace

TEST_CASE("the INTEROP example SDP for FFmpeg parses into a 720p25 10-bit 4:2:2 video leg") {
  const std::string text =
      "v=0\n"
      "o=- 123456 1 IN IP4 127.0.0.1\n"
      "s=720p 10-bit 4:2:2\n"
      "c=IN IP4 127.0.0.1\n"
      "t=0 0\n"
      "m=video 5004 RTP/AVP 96\n"
      "a=rtpmap:96 raw/90000\n"
      "a=fmtp:96 sampling=YCbCr-4:2:2; width=1280; height=720; depth=10; exactframerate=25; "
      "colorimetry=BT709; PM=2110GPM; SSN=ST2110-20:2017; TP=2110TPN\n"
      "a=mediaclk:direct=0\n";
  const auto parsed = parse_sdp(text);
  REQUIRE(parsed.has_value());
  CHECK(parsed->origin.session_id == 123456);
  CHECK(parsed->origin.address.to_string() == "127.0.0.1");
  CHECK(parsed->session_name == "720p 10-bit 4:2:2");
  REQUIRE(parsed->legs.size() == 1);
  const SdpMediaLeg& leg = parsed->legs[0];
  CHECK(leg.port == 5004);
  CHECK(leg.payload_type == 96);
  CHECK(leg.connection.address.to_string() == "127.0.0.1");
  CHECK_FALSE(leg.connection.ttl.has_value());
  REQUIRE(leg.media_clock.has_value());
  CHECK(leg.media_clock->mode == MediaClock::Mode::kDirect);
  const VideoFormat& video = video_of(*parsed);
  CHECK(video.width == 1280);
  CHECK(video.height == 720);
  CHECK(video.exact_frame_rate == Rational{25, 1});
  CHECK(video.sampling == Sampling::kYCbCr422);
  CHECK(video.depth == Depth::k10);
  CHECK(video.packing == PackingMode::kGeneral);
  CHECK(video.sender_type == SenderType::kNarrow);
  CHECK_FALSE(video.interlaced);
}

TEST_CASE("generated 1080p59.94 video SDP spells fmtp the way ST 2110-20 does") {
  const SessionDescription session = make_single_leg_session(VideoFormat{}, multicast_leg());
  const std::string text = generate_sdp(session);
  CHECK_THAT(text, Catch::Contains(
                       "a=fmtp:96 sampling=YCbCr-4:2:2; width=1920; height=1080; exactframerate=60000/1001; "
                       "depth=10; TCS=SDR; colorimetry=BT709; PM=2110GPM; SSN=ST2110-20:2017; TP=2110TPN; \r\n"));
  CHECK_THAT(text, Catch::StartsWith("v=0\r\no=- 0 0 IN IP4 192.168.10.20\r\n"));
  CHECK_THAT(text, Catch::Contains("c=IN IP4 239.100.1.1/64\r\n"));
  CHECK_THAT(text, Catch::Contains("a=source-filter: incl IN IP4 239.100.1.1 192.168.10.20\r\n"));
  CHECK_THAT(text, Catch::Contains("a=ts-refclk:ptp=IEEE1588-2008:traceable\r\n"));
  CHECK_THAT(text, Catch::Contains("a=mediaclk:direct=0\r\n"));
  const auto reparsed = parse_sdp(text);
  REQUIRE(reparsed.has_value());
  CHECK(*reparsed == session);
}
