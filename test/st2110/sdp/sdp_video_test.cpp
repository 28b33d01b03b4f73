// ST 2110-20 video in SDP: every fmtp parameter read and written.
#include <catch2/catch.hpp>

#include "crosspoint/st2110/sdp.hpp"
#include "crosspoint/st2110/sdp_media_format.hpp"
#include "sdp_test_support.hpp"

using namespace crosspoint;
using namespace crosspoint::st2110;
using sdp_test::ip;
using sdp_test::round_trip;

namespace {

const VideoFormat& video_of(const SessionDescription& session, std::size_t leg = 0) {
  return std::get<VideoFormat>(session.legs.at(leg).format);
}

SdpLegAddress multicast_leg() { return SdpLegAddress{ip("239.100.1.1"), 5004, ip("192.168.10.20")}; }

SessionDescription video_session(const VideoFormat& format) {
  return make_single_leg_session(format, multicast_leg());
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
  CHECK(parsed->origin.session_version == 1);
  CHECK(parsed->origin.address.to_string() == "127.0.0.1");
  CHECK(parsed->session_name == "720p 10-bit 4:2:2");
  REQUIRE(parsed->legs.size() == 1);
  const SdpMediaLeg& leg = parsed->legs[0];
  CHECK(leg.port == 5004);
  CHECK(leg.payload_type == 96);
  CHECK(leg.connection.address.to_string() == "127.0.0.1");
  CHECK_FALSE(leg.connection.ttl.has_value());
  CHECK_FALSE(leg.source_filter.has_value());
  CHECK(leg.reference_clocks.empty());
  REQUIRE(leg.media_clock.has_value());
  CHECK(leg.media_clock->mode == MediaClock::Mode::kDirect);
  CHECK(leg.media_clock->offset == 0);
  const VideoFormat& video = video_of(*parsed);
  CHECK(video.width == 1280);
  CHECK(video.height == 720);
  CHECK(video.exact_frame_rate == Rational{25, 1});
  CHECK(video.sampling == Sampling::kYCbCr422);
  CHECK(video.depth == Depth::k10);
  CHECK(video.colorimetry == "BT709");
  CHECK(video.packing == PackingMode::kGeneral);
  CHECK(video.sender_type == SenderType::kNarrow);
  CHECK(video.ssn == "ST2110-20:2017");
  CHECK(video.tcs == "SDR");        // absent: ST 2110-20's default
  CHECK(video.range == "NARROW");   // absent: ST 2110-20's default
  CHECK_FALSE(video.interlaced);
  CHECK_FALSE(video.segmented);
}

TEST_CASE("generated 1080p59.94 video SDP spells fmtp the way ST 2110-20 does") {
  const SessionDescription session = video_session(VideoFormat{});
  const std::string text = generate_sdp(session);
  CHECK_THAT(text, Catch::Contains(
                       "a=fmtp:96 sampling=YCbCr-4:2:2; width=1920; height=1080; exactframerate=60000/1001; "
                       "depth=10; TCS=SDR; colorimetry=BT709; PM=2110GPM; SSN=ST2110-20:2017; TP=2110TPN; \r\n"));
  CHECK_THAT(text, Catch::StartsWith("v=0\r\no=- 0 0 IN IP4 192.168.10.20\r\ns=crosspoint\r\nt=0 0\r\n"));
  CHECK_THAT(text, Catch::Contains("m=video 5004 RTP/AVP 96\r\nc=IN IP4 239.100.1.1/64\r\n"));
  CHECK_THAT(text, Catch::Contains("a=source-filter: incl IN IP4 239.100.1.1 192.168.10.20\r\n"));
  CHECK_THAT(text, Catch::Contains("a=rtpmap:96 raw/90000\r\n"));
  CHECK_THAT(text, Catch::Contains("a=ts-refclk:ptp=IEEE1588-2008:traceable\r\n"));
  CHECK_THAT(text, Catch::Contains("a=mediaclk:direct=0\r\n"));
  CHECK(text.find("\n\n") == std::string::npos);
  CHECK(round_trip(session) == session);
}

TEST_CASE("a unicast destination gets neither a TTL nor a source filter") {
  const SessionDescription session =
      make_single_leg_session(VideoFormat{}, SdpLegAddress{ip("10.1.2.3"), 6000, ip("10.1.2.4")});
  const std::string text = generate_sdp(session);
  CHECK_THAT(text, Catch::Contains("c=IN IP4 10.1.2.3\r\n"));
  CHECK(text.find("source-filter") == std::string::npos);
  CHECK(round_trip(session) == session);
}

TEST_CASE("every ST 2110-20 sampling and depth survives a round trip") {
  const auto sampling = GENERATE(Sampling::kYCbCr444, Sampling::kYCbCr422, Sampling::kYCbCr420,
                                 Sampling::kCLYCbCr444, Sampling::kCLYCbCr422, Sampling::kCLYCbCr420,
                                 Sampling::kICtCp444, Sampling::kICtCp422, Sampling::kICtCp420, Sampling::kRgb,
                                 Sampling::kXyz, Sampling::kKey);
  const auto depth = GENERATE(Depth::k8, Depth::k10, Depth::k12, Depth::k16, Depth::k16f);
  VideoFormat format;
  format.sampling = sampling;
  format.depth = depth;
  const SessionDescription session = video_session(format);
  CHECK(video_of(round_trip(session)) == format);
}

TEST_CASE("interlaced 1080i29.97 is signalled with a bare interlace parameter") {
  VideoFormat format;
  format.exact_frame_rate = Rational{30000, 1001};
  format.interlaced = true;
  const std::string fmtp = format_video_fmtp(format);
  CHECK_THAT(fmtp, Catch::Contains("exactframerate=30000/1001; "));
  CHECK_THAT(fmtp, Catch::Contains("interlace; "));
  CHECK(fmtp.find("segmented") == std::string::npos);
  const VideoFormat back = video_of(round_trip(video_session(format)));
  CHECK(back.interlaced);
  CHECK_FALSE(back.segmented);
  CHECK(back == format);
}

TEST_CASE("PsF is signalled as interlace plus segmented and read back as segmented, not interlaced") {
  VideoFormat format;
  format.exact_frame_rate = Rational{25, 1};
  format.segmented = true;
  CHECK_THAT(format_video_fmtp(format), Catch::Contains("interlace; segmented; "));
  const VideoFormat back = video_of(round_trip(video_session(format)));
  CHECK(back.segmented);
  CHECK_FALSE(back.interlaced);
  CHECK(back == format);
}

TEST_CASE("interlace=1 and interlace=0 from careless senders mean present and absent") {
  const std::string required =
      "sampling=YCbCr-4:2:2; width=1920; height=1080; exactframerate=25; depth=10; colorimetry=BT709; "
      "PM=2110GPM; SSN=ST2110-20:2017; TP=2110TPN; ";
  const auto on = parse_video_fmtp(required + "interlace=1");
  REQUIRE(on.has_value());
  CHECK(on->interlaced);
  const auto off = parse_video_fmtp(required + "interlace=0");
  REQUIRE(off.has_value());
  CHECK_FALSE(off->interlaced);
}

TEST_CASE("block packing mode and every sender type round trip") {
  VideoFormat format;
  format.packing = PackingMode::kBlock;
  format.sender_type = GENERATE(SenderType::kNarrow, SenderType::kNarrowLinear, SenderType::kWide);
  const std::string fmtp = format_video_fmtp(format);
  CHECK_THAT(fmtp, Catch::Contains("PM=2110BPM; "));
  CHECK(video_of(round_trip(video_session(format))) == format);
}

TEST_CASE("every optional ST 2110-20/-21 parameter is written and read back") {
  VideoFormat format;
  format.width = 3840;
  format.height = 2160;
  format.exact_frame_rate = Rational{50, 1};
  format.sampling = Sampling::kYCbCr444;
  format.depth = Depth::k12;
  format.colorimetry = "BT2100";
  format.tcs = "HLG";
  format.range = "FULL";
  format.pixel_aspect_ratio = Rational{12, 11};
  format.max_udp = 8960;
  format.troff_us = 0;
  format.cmax = 16;
  format.sender_type = SenderType::kWide;
  format.ssn = "ST2110-20:2022";
  const std::string fmtp = format_video_fmtp(format);
  CHECK_THAT(fmtp, Catch::Contains("TCS=HLG; "));
  CHECK_THAT(fmtp, Catch::Contains("colorimetry=BT2100; "));
  CHECK_THAT(fmtp, Catch::Contains("RANGE=FULL; "));
  CHECK_THAT(fmtp, Catch::Contains("PAR=12:11; "));
  CHECK_THAT(fmtp, Catch::Contains("MAXUDP=8960; "));
  CHECK_THAT(fmtp, Catch::Contains("TROFF=0; "));
  CHECK_THAT(fmtp, Catch::Contains("CMAX=16; "));
  CHECK_THAT(fmtp, Catch::Contains("SSN=ST2110-20:2022; "));
  CHECK(video_of(round_trip(video_session(format))) == format);
}

TEST_CASE("fmtp parameters are read in any order, with or without spaces and a trailing semicolon") {
  const auto format = parse_video_fmtp(
      "TP=2110TPNL;SSN=ST2110-20:2017;PM=2110GPM;colorimetry=BT601;depth=8;exactframerate=30000/1001;"
      "height=486;width=720;sampling=YCbCr-4:2:2;interlace;x-vendor-thing=7");
  REQUIRE(format.has_value());
  CHECK(format->width == 720);
  CHECK(format->height == 486);
  CHECK(format->depth == Depth::k8);
  CHECK(format->colorimetry == "BT601");
  CHECK(format->sender_type == SenderType::kNarrowLinear);
  CHECK(format->interlaced);
}

TEST_CASE("an exact frame rate given as a non-reduced ratio is written reduced") {
  VideoFormat format;
  format.exact_frame_rate = Rational{50, 2};
  CHECK_THAT(format_video_fmtp(format), Catch::Contains("exactframerate=25; "));
}

TEST_CASE("a=framerate, recvonly and unknown attributes are tolerated and ignored") {
  const std::string text = sdp_test::with_crlf(
      "v=0\n"
      "o=- 1 1 IN IP4 10.0.0.1\n"
      "s=tolerant\n"
      "t=0 0\n"
      "a=recvonly\n"
      "m=video 5004 RTP/AVP 96\n"
      "c=IN IP4 239.0.0.1/32\n"
      "b=AS:2700000\n"
      "a=rtpmap:96 raw/90000\n"
      "a=fmtp:96 sampling=YCbCr-4:2:2; width=1920; height=1080; exactframerate=50; depth=10; TCS=SDR; "
      "colorimetry=BT709; PM=2110GPM; SSN=ST2110-20:2017; TP=2110TPN; \n"
      "a=framerate:50\n"
      "a=x-vendor-private:whatever\n"
      "a=rtpmap:97 raw/90000\n");
  const auto parsed = parse_sdp(text);
  REQUIRE(parsed.has_value());
  CHECK(video_of(*parsed).exact_frame_rate == Rational{50, 1});
  CHECK(parsed->legs[0].connection.ttl == std::optional<std::uint8_t>{32});
  CHECK(parsed->legs[0].extensions.empty());
}

TEST_CASE("every generated line ends in CRLF, for every family") {
  const MediaFormat format = GENERATE(MediaFormat{VideoFormat{}}, MediaFormat{AudioFormat{}}, MediaFormat{AncFormat{}});
  const std::string text = generate_sdp(make_single_leg_session(format, multicast_leg()));
  std::size_t line_feeds = 0;
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (text[at] != '\n') continue;
    ++line_feeds;
    CHECK((at > 0 && text[at - 1] == '\r'));
  }
  CHECK(line_feeds >= 9);
  CHECK(text.back() == '\n');
}

TEST_CASE("LF and CRLF texts report the same line for the same fault, blank lines counted") {
  const std::string faulty =
      "v=0\n"
      "o=- 1 1 IN IP4 10.0.0.1\n"
      "s=blank line follows\n"
      "\n"
      "t=0 0\n"
      "m=video 5004 RTP/AVP 96\n"
      "c=IN IP4 239.0.0.1/64\n"
      "a=rtpmap:96 raw/90000\n"
      "a=fmtp:96 sampling=YCbCr-4:2:2; width=1920; height=1080; exactframerate=50; depth=10; "
      "colorimetry=BT709; PM=2110GPM; SSN=ST2110-20:2017\n";
  const auto lf = parse_sdp(faulty);
  const auto crlf = parse_sdp(sdp_test::with_crlf(faulty));
  REQUIRE_FALSE(lf.has_value());
  REQUIRE_FALSE(crlf.has_value());
  CHECK(lf.error().to_string() == "line 9: fmtp: missing required parameter TP");
  CHECK(crlf.error() == lf.error());
}
