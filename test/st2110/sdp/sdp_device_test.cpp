// SDPs in the shapes broadcast devices publish (written here from the ST 2110-20/30/40 conventions they
// follow): each must parse to what the device meant.
#include <catch2/catch.hpp>

#include "crosspoint/st2110/sdp.hpp"
#include "sdp_test_support.hpp"

using namespace crosspoint;
using namespace crosspoint::st2110;
using sdp_test::ip;
using sdp_test::round_trip;
using sdp_test::with_crlf;

namespace {

// Gateway card style: 1080i, interlace flag last with a trailing "; ", PTP grandmaster with domain 0.
constexpr std::string_view kGatewayCardVideo =
    "v=0\n"
    "o=- 1443716955 1443716955 IN IP4 192.168.1.194\n"
    "s=st2110 stream\n"
    "t=0 0\n"
    "m=video 20000 RTP/AVP 96\n"
    "c=IN IP4 239.0.1.2/64\n"
    "a=source-filter: incl IN IP4 239.0.1.2 192.168.1.194\n"
    "a=rtpmap:96 raw/90000\n"
    "a=fmtp:96 sampling=YCbCr-4:2:2; width=1920; height=1080; exactframerate=30000/1001; depth=10; TCS=SDR; "
    "colorimetry=BT709; PM=2110GPM; SSN=ST2110-20:2017; TP=2110TPN; interlace; \n"
    "a=mediaclk:direct=0\n"
    "a=ts-refclk:ptp=IEEE1588-2008:08-00-11-FF-FE-21-E4-30:0\n";

// Intercom/router style: ST 2022-7 pair declared at session level, TTL 32, PTP domain 127, fmtp order of its own.
constexpr std::string_view kRouterDupVideo =
    "v=0\n"
    "o=- 1234567890 1 IN IP4 10.10.1.20\n"
    "s=Video Out 1\n"
    "t=0 0\n"
    "a=group:DUP primary secondary\n"
    "m=video 5004 RTP/AVP 96\n"
    "c=IN IP4 239.10.1.1/32\n"
    "a=source-filter: incl IN IP4 239.10.1.1 10.10.1.20\n"
    "a=rtpmap:96 raw/90000\n"
    "a=fmtp:96 sampling=YCbCr-4:2:2; width=1920; height=1080; exactframerate=50; depth=10; TCS=SDR; "
    "colorimetry=BT709; PM=2110GPM; TP=2110TPN; SSN=ST2110-20:2017;\n"
    "a=ts-refclk:ptp=IEEE1588-2008:EC-46-70-FF-FE-00-42-C4:127\n"
    "a=mediaclk:direct=0\n"
    "a=mid:primary\n"
    "m=video 5004 RTP/AVP 96\n"
    "c=IN IP4 239.20.1.1/32\n"
    "a=source-filter: incl IN IP4 239.20.1.1 10.20.1.20\n"
    "a=rtpmap:96 raw/90000\n"
    "a=fmtp:96 sampling=YCbCr-4:2:2; width=1920; height=1080; exactframerate=50; depth=10; TCS=SDR; "
    "colorimetry=BT709; PM=2110GPM; TP=2110TPN; SSN=ST2110-20:2017;\n"
    "a=ts-refclk:ptp=IEEE1588-2008:EC-46-70-FF-FE-00-42-C4:127\n"
    "a=mediaclk:direct=0\n"
    "a=mid:secondary\n";

// Modular gateway style audio: session-level c=, i= per media, 8 channels at 125 us as two SDI groups.
constexpr std::string_view kModularGatewayAudio =
    "v=0\n"
    "o=- 1 0 IN IP4 172.16.1.10\n"
    "s=IPG Audio 1\n"
    "c=IN IP4 239.1.1.10/32\n"
    "t=0 0\n"
    "m=audio 5000 RTP/AVP 97\n"
    "i=Channels 1-8\n"
    "a=rtpmap:97 L24/48000/8\n"
    "a=fmtp:97 channel-order=SMPTE2110.(SGRP,SGRP)\n"
    "a=ptime:0.125\n"
    "a=maxptime:0.125\n"
    "a=ts-refclk:ptp=IEEE1588-2008:00-02-C5-FF-FE-21-60-5C:127\n"
    "a=mediaclk:direct=0\n";

// Camera system style ANC: captions and timecode, VPID code, a framerate attribute, a recvonly flag.
constexpr std::string_view kCameraAnc =
    "v=0\n"
    "o=- 2001 3 IN IP4 10.0.50.3\n"
    "s=CCU ANC 1\n"
    "t=0 0\n"
    "m=video 50020 RTP/AVP 100\n"
    "c=IN IP4 239.50.0.3/64\n"
    "a=source-filter: incl IN IP4 239.50.0.3 10.0.50.3\n"
    "a=rtpmap:100 smpte291/90000\n"
    "a=fmtp:100 DID_SDID={0x61,0x01};DID_SDID={0x60,0x60};VPID_Code=133\n"
    "a=framerate:59.94\n"
    "a=recvonly\n"
    "a=ts-refclk:ptp=IEEE1588-2008:traceable\n"
    "a=mediaclk:direct=0\n";

// A 2160p59.94 camera feed, BPM, wide sender, 12-bit HLG BT.2100, with explicit RANGE, MAXUDP and TROFF.
constexpr std::string_view kUhdCameraVideo =
    "v=0\n"
    "o=- 3000 1 IN IP4 10.0.60.4\n"
    "s=CAM4 UHD\n"
    "t=0 0\n"
    "m=video 50000 RTP/AVP 112\n"
    "c=IN IP4 239.60.0.4/64\n"
    "a=source-filter: incl IN IP4 239.60.0.4 10.0.60.4\n"
    "a=rtpmap:112 raw/90000\n"
    "a=fmtp:112 sampling=YCbCr-4:2:2; width=3840; height=2160; exactframerate=60000/1001; depth=12; TCS=HLG; "
    "colorimetry=BT2100; RANGE=NARROW; PM=2110BPM; SSN=ST2110-20:2017; TP=2110TPW; MAXUDP=1460; TROFF=37; "
    "PAR=1:1\n"
    "a=ts-refclk:ptp=IEEE1588-2008:00-0B-72-FF-FE-07-8A-1C:127\n"
    "a=mediaclk:direct=0\n";

}  // namespace

TEST_CASE("a gateway card's 1080i29.97 SDP") {
  for (const std::string& text : {std::string{kGatewayCardVideo}, with_crlf(kGatewayCardVideo)}) {
    const auto parsed = parse_sdp(text);
    REQUIRE(parsed.has_value());
    const SdpMediaLeg& leg = parsed->legs.at(0);
    const auto& video = std::get<VideoFormat>(leg.format);
    CHECK(video.interlaced);
    CHECK(video.exact_frame_rate == Rational{30000, 1001});
    CHECK(leg.port == 20000);
    CHECK(leg.connection == SdpConnection{ip("239.0.1.2"), 64});
    CHECK(leg.source_filter == SourceFilter{ip("239.0.1.2"), ip("192.168.1.194")});
    REQUIRE(leg.reference_clocks.size() == 1);
    const auto& ptp = std::get<PtpReferenceClock>(leg.reference_clocks[0]);
    CHECK(ptp.grandmaster->to_string() == "08-00-11-FF-FE-21-E4-30");
    CHECK(ptp.domain == std::optional<std::uint8_t>{0});
    CHECK(round_trip(*parsed) == *parsed);
  }
}

TEST_CASE("a router's ST 2022-7 video pair") {
  const auto parsed = parse_sdp(with_crlf(kRouterDupVideo));
  REQUIRE(parsed.has_value());
  REQUIRE(parsed->legs.size() == 2);
  REQUIRE(parsed->dup_groups.size() == 1);
  CHECK(parsed->dup_groups[0].mids == std::vector<std::string>{"primary", "secondary"});
  CHECK(parsed->legs[0].connection.address == ip("239.10.1.1"));
  CHECK(parsed->legs[1].connection.address == ip("239.20.1.1"));
  CHECK(parsed->legs[1].source_filter->source == ip("10.20.1.20"));
  CHECK(std::get<VideoFormat>(parsed->legs[1].format).exact_frame_rate == Rational{50, 1});
  CHECK(round_trip(*parsed) == *parsed);
}

TEST_CASE("a modular gateway's 8-channel level C audio with a session-level connection") {
  const auto parsed = parse_sdp(with_crlf(kModularGatewayAudio));
  REQUIRE(parsed.has_value());
  const SdpMediaLeg& leg = parsed->legs.at(0);
  const auto& audio = std::get<AudioFormat>(leg.format);
  CHECK(audio.channels == 8);
  CHECK(audio.packet_time_us == 125);
  CHECK(audio.channel_order == "SMPTE2110.(SGRP,SGRP)");
  CHECK(leg.payload_type == 97);
  CHECK(leg.info == "Channels 1-8");
  CHECK(leg.connection == SdpConnection{ip("239.1.1.10"), 32});
  CHECK(round_trip(*parsed) == *parsed);
}

TEST_CASE("a camera system's ANC flow with captions and timecode") {
  const auto parsed = parse_sdp(kCameraAnc);
  REQUIRE(parsed.has_value());
  const auto& anc = std::get<AncFormat>(parsed->legs.at(0).format);
  CHECK(anc.data_ids == std::vector<AncDataId>{{0x61, 0x01}, {0x60, 0x60}});
  CHECK(anc.vpid_code == std::optional<std::uint8_t>{133});
  CHECK(std::get<PtpReferenceClock>(parsed->legs[0].reference_clocks.at(0)).traceable());
  CHECK(round_trip(*parsed) == *parsed);
}

TEST_CASE("a UHD camera's 12-bit HLG block-packed wide-sender video") {
  const auto parsed = parse_sdp(kUhdCameraVideo);
  REQUIRE(parsed.has_value());
  const auto& video = std::get<VideoFormat>(parsed->legs.at(0).format);
  CHECK(video.width == 3840);
  CHECK(video.height == 2160);
  CHECK(video.depth == Depth::k12);
  CHECK(video.tcs == "HLG");
  CHECK(video.colorimetry == "BT2100");
  CHECK(video.packing == PackingMode::kBlock);
  CHECK(video.sender_type == SenderType::kWide);
  CHECK(video.max_udp == std::optional<std::uint32_t>{1460});
  CHECK(video.troff_us == std::optional<std::uint32_t>{37});
  CHECK(video.pixel_aspect_ratio == std::optional<Rational>{Rational{1, 1}});
  CHECK(parsed->legs[0].payload_type == 112);
  CHECK(round_trip(*parsed) == *parsed);
}
