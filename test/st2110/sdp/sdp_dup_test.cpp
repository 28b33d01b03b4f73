// ST 2022-7 two-leg descriptions, source filters, and the ST 2110-10 clock attributes.
#include <catch2/catch.hpp>

#include "crosspoint/st2110/sdp.hpp"
#include "sdp_test_support.hpp"

using namespace crosspoint;
using namespace crosspoint::st2110;
using sdp_test::ip;
using sdp_test::round_trip;

namespace {

SessionDescription dup_video() {
  return make_dup_session(VideoFormat{}, SdpLegAddress{ip("239.1.1.1"), 5004, ip("10.0.1.10")},
                          SdpLegAddress{ip("239.2.1.1"), 5004, ip("10.0.2.10")});
}

PtpGrandmasterId grandmaster(std::string_view text) { return PtpGrandmasterId::parse(text).value(); }

AncFormat captions() {
  AncFormat format;
  format.data_ids = {AncDataId{0x61, 0x01}};
  return format;
}

}  // namespace

TEST_CASE("a DUP session has two legs with their own address, source filter and mid, grouped once") {
  const SessionDescription session = dup_video();
  const std::string text = generate_sdp(session);
  CHECK_THAT(text, Catch::Contains("t=0 0\r\na=group:DUP primary secondary\r\nm=video"));
  CHECK_THAT(text, Catch::Contains("c=IN IP4 239.1.1.1/64\r\na=source-filter: incl IN IP4 239.1.1.1 10.0.1.10\r\n"));
  CHECK_THAT(text, Catch::Contains("c=IN IP4 239.2.1.1/64\r\na=source-filter: incl IN IP4 239.2.1.1 10.0.2.10\r\n"));
  CHECK_THAT(text, Catch::Contains("a=mid:primary\r\n"));
  CHECK_THAT(text, Catch::Contains("a=mid:secondary\r\n"));
  const SessionDescription back = round_trip(session);
  CHECK(back == session);
  REQUIRE(back.dup_groups.size() == 1);
  CHECK(back.dup_groups[0].mids == std::vector<std::string>{"primary", "secondary"});
  CHECK(back.legs[0].format == back.legs[1].format);
}

TEST_CASE("DUP sessions of every family round trip") {
  const MediaFormat format = GENERATE(MediaFormat{VideoFormat{}}, MediaFormat{AudioFormat{}},
                                      MediaFormat{captions()});
  const SessionDescription session = make_dup_session(
      format, SdpLegAddress{ip("239.1.1.2"), 5010, ip("10.0.1.10")},
      SdpLegAddress{ip("239.2.1.2"), 5010, ip("10.0.2.10")});
  CHECK(round_trip(session) == session);
}

TEST_CASE("ts-refclk variants: named grandmaster with and without domain, traceable, localmac") {
  SessionDescription session = dup_video();
  const ReferenceClock with_domain = PtpReferenceClock{"IEEE1588-2008", grandmaster("08-00-11-FF-FE-21-E4-30"), 127};
  const ReferenceClock without_domain =
      PtpReferenceClock{"IEEE1588-2019", grandmaster("EC-46-70-FF-FE-00-42-C4"), {}};
  const ReferenceClock local = LocalMacReferenceClock{MacAddress::parse("7c:e9:d3:1b:9a:af").value()};
  session.legs[0].reference_clocks = {with_domain, without_domain};
  session.legs[1].reference_clocks = {local};
  session.legs[1].media_clock = MediaClock{MediaClock::Mode::kSender, 0};
  const std::string text = generate_sdp(session);
  CHECK_THAT(text, Catch::Contains("a=ts-refclk:ptp=IEEE1588-2008:08-00-11-FF-FE-21-E4-30:127\r\n"));
  CHECK_THAT(text, Catch::Contains("a=ts-refclk:ptp=IEEE1588-2019:EC-46-70-FF-FE-00-42-C4\r\n"));
  CHECK_THAT(text, Catch::Contains("a=ts-refclk:localmac=7C-E9-D3-1B-9A-AF\r\n"));
  CHECK_THAT(text, Catch::Contains("a=mediaclk:sender\r\n"));
  CHECK(round_trip(session) == session);
}

TEST_CASE("reference clock text is read exactly and refused with a reason") {
  const auto ptp = parse_reference_clock("ptp=IEEE1588-2008:08-00-11-ff-fe-21-e4-30:0");
  REQUIRE(ptp.has_value());
  const auto& clock = std::get<PtpReferenceClock>(ptp.value());
  CHECK(clock.grandmaster->to_string() == "08-00-11-FF-FE-21-E4-30");
  CHECK(clock.domain == std::optional<std::uint8_t>{0});
  CHECK_FALSE(clock.traceable());
  CHECK(std::get<PtpReferenceClock>(parse_reference_clock("ptp=IEEE1588-2008:traceable").value()).traceable());
  CHECK_THAT(parse_reference_clock("ptp=IEEE1588-2008:08-00-11-FF-FE-21-E4").error(), Catch::Contains("EUI-64"));
  CHECK_THAT(parse_reference_clock("ptp=IEEE1588-2008:08-00-11-FF-FE-21-E4-30:200").error(),
             Catch::Contains("domain"));
  CHECK_THAT(parse_reference_clock("ptp=IEEE1588-2003:traceable").error(), Catch::Contains("PTP version"));
  CHECK_THAT(parse_reference_clock("ntp=pool.ntp.org").error(), Catch::Contains("unsupported clock source"));
  CHECK_THAT(parse_reference_clock("localmac=7C-E9-D3").error(), Catch::Contains("localmac"));
}

TEST_CASE("media clock offsets are read, and a trailing rate is allowed") {
  CHECK(parse_media_clock("direct=963214424").value() == MediaClock{MediaClock::Mode::kDirect, 963214424});
  CHECK(parse_media_clock("direct=0 rate=90000/1").value() == MediaClock{MediaClock::Mode::kDirect, 0});
  CHECK(parse_media_clock("sender").value().mode == MediaClock::Mode::kSender);
  CHECK_FALSE(parse_media_clock("direct=-5").has_value());
  CHECK_FALSE(parse_media_clock("direct=4294967296").has_value());
  CHECK_FALSE(parse_media_clock("IEEE1588-2008").has_value());
}

TEST_CASE("session-level clocks, connection and a wildcard source filter apply to every leg") {
  const auto parsed = parse_sdp(
      "v=0\n"
      "o=- 9 9 IN IP4 10.0.9.9\n"
      "s=session-level\n"
      "c=IN IP4 239.9.9.9/16\n"
      "t=0 0\n"
      "a=ts-refclk:ptp=IEEE1588-2008:00-1D-C1-FF-FE-0E-11-22:127\n"
      "a=mediaclk:direct=0\n"
      "a=source-filter: incl IN IP4 * 10.0.9.9\n"
      "m=audio 5004 RTP/AVP 97\n"
      "a=rtpmap:97 L24/48000/2\n"
      "a=ptime:1\n"
      "m=audio 5006 RTP/AVP 97\n"
      "c=IN IP4 239.9.9.10/16\n"
      "a=rtpmap:97 L24/48000/2\n"
      "a=ptime:1\n"
      "a=mediaclk:direct=1234\n");
  REQUIRE(parsed.has_value());
  REQUIRE(parsed->legs.size() == 2);
  for (const SdpMediaLeg& leg : parsed->legs) {
    REQUIRE(leg.reference_clocks.size() == 1);
    CHECK(std::get<PtpReferenceClock>(leg.reference_clocks[0]).domain == std::optional<std::uint8_t>{127});
    REQUIRE(leg.source_filter.has_value());
    CHECK(leg.source_filter->destination == leg.connection.address);
    CHECK(leg.source_filter->source == ip("10.0.9.9"));
  }
  CHECK(parsed->legs[0].connection == SdpConnection{ip("239.9.9.9"), 16});
  CHECK(parsed->legs[1].connection == SdpConnection{ip("239.9.9.10"), 16});
  CHECK(parsed->legs[0].media_clock->offset == 0);
  CHECK(parsed->legs[1].media_clock->offset == 1234);
}

TEST_CASE("a session-level source filter for one address applies only to the leg sending there") {
  const auto parsed = parse_sdp(
      "v=0\n"
      "o=- 9 9 IN IP4 10.0.9.9\n"
      "s=one filter\n"
      "t=0 0\n"
      "a=source-filter: incl IN IP4 239.9.9.9 10.0.9.9\n"
      "m=audio 5004 RTP/AVP 97\n"
      "c=IN IP4 239.9.9.9/64\n"
      "a=rtpmap:97 L24/48000/2\n"
      "m=audio 5006 RTP/AVP 97\n"
      "c=IN IP4 239.9.9.10/64\n"
      "a=rtpmap:97 L24/48000/2\n");
  REQUIRE(parsed.has_value());
  CHECK(parsed->legs[0].source_filter.has_value());
  CHECK_FALSE(parsed->legs[1].source_filter.has_value());
}

TEST_CASE("x-nmos attributes are kept at session and media level and written back") {
  SessionDescription session = dup_video();
  session.extensions = {SdpAttribute{"x-nmos-group-hint", "rx:primary"}};
  session.legs[0].extensions = {SdpAttribute{"x-nmos-flow", "5fbec3b1-1b0f-417d-9059-8b94a47197ed"},
                                SdpAttribute{"x-nmos-flag", ""}};
  const std::string text = generate_sdp(session);
  CHECK_THAT(text, Catch::Contains("a=x-nmos-group-hint:rx:primary\r\n"));
  CHECK_THAT(text, Catch::Contains("a=x-nmos-flag\r\n"));
  CHECK(round_trip(session) == session);
}

TEST_CASE("a DUP group of four legs across two essences keeps both groups") {
  SessionDescription video = dup_video();
  const SessionDescription audio =
      make_dup_session(AudioFormat{}, SdpLegAddress{ip("239.1.2.1"), 5004, ip("10.0.1.10")},
                       SdpLegAddress{ip("239.2.2.1"), 5004, ip("10.0.2.10")});
  for (SdpMediaLeg leg : audio.legs) {
    leg.mid = "audio-" + leg.mid;
    video.legs.push_back(leg);
  }
  video.dup_groups.push_back(DupGroup{{"audio-primary", "audio-secondary"}});
  const SessionDescription back = round_trip(video);
  CHECK(back == video);
  CHECK(back.dup_groups.size() == 2);
}
