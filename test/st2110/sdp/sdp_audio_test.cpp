// ST 2110-30 audio in SDP: L16/L24 rtpmap with rate and channels, ptime in milliseconds, channel-order.
#include <catch2/catch.hpp>

#include "crosspoint/st2110/sdp.hpp"
#include "crosspoint/st2110/sdp_media_format.hpp"
#include "sdp_test_support.hpp"

using namespace crosspoint;
using namespace crosspoint::st2110;
using sdp_test::ip;
using sdp_test::round_trip;

namespace {

const AudioFormat& audio_of(const SessionDescription& session) {
  return std::get<AudioFormat>(session.legs.at(0).format);
}

SessionDescription audio_session(const AudioFormat& format) {
  return make_single_leg_session(format, SdpLegAddress{ip("239.30.0.1"), 5006, ip("192.168.30.2")});
}

}  // namespace

TEST_CASE("a level A stereo L24 flow is written as L24/48000/2 with ptime 1") {
  AudioFormat format;
  format.channel_order = "SMPTE2110.(ST)";
  const SessionDescription session = audio_session(format);
  const std::string text = generate_sdp(session);
  CHECK_THAT(text, Catch::Contains("m=audio 5006 RTP/AVP 96\r\n"));
  CHECK_THAT(text, Catch::Contains("a=rtpmap:96 L24/48000/2\r\n"));
  CHECK_THAT(text, Catch::Contains("a=fmtp:96 channel-order=SMPTE2110.(ST)\r\n"));
  CHECK_THAT(text, Catch::Contains("a=ptime:1\r\n"));
  CHECK(round_trip(session) == session);
}

TEST_CASE("L16 and L24 with 1 to 64 channels at 1 ms and 125 us packet times round trip") {
  AudioFormat format;
  format.encoding = GENERATE(AudioEncoding::kL16, AudioEncoding::kL24);
  format.channels = GENERATE(1u, 2u, 4u, 8u, 16u, 64u);
  format.packet_time_us = GENERATE(1000u, 125u);
  const SessionDescription session = audio_session(format);
  CHECK(audio_of(round_trip(session)) == format);
}

TEST_CASE("a level C 8-channel flow is written with ptime 0.125 and its channel order") {
  AudioFormat format;
  format.channels = 8;
  format.packet_time_us = 125;
  format.channel_order = "SMPTE2110.(ST,ST,ST,ST)";
  const std::string text = generate_sdp(audio_session(format));
  CHECK_THAT(text, Catch::Contains("a=rtpmap:96 L24/48000/8\r\n"));
  CHECK_THAT(text, Catch::Contains("a=fmtp:96 channel-order=SMPTE2110.(ST,ST,ST,ST)\r\n"));
  CHECK_THAT(text, Catch::Contains("a=ptime:0.125\r\n"));
}

TEST_CASE("packet times are milliseconds in SDP and microseconds in the format") {
  CHECK(parse_packet_time_us("1").value() == 1000);
  CHECK(parse_packet_time_us("0.125").value() == 125);
  CHECK(parse_packet_time_us("0.250").value() == 250);
  CHECK(parse_packet_time_us("0.333").value() == 333);
  CHECK(parse_packet_time_us("0.08").value() == 80);
  CHECK(parse_packet_time_us("4").value() == 4000);
  CHECK(parse_packet_time_us(".125").value() == 125);
  CHECK(parse_packet_time_us("0.0833").value() == 83);
  CHECK_FALSE(parse_packet_time_us("0").has_value());
  CHECK_FALSE(parse_packet_time_us("-1").has_value());
  CHECK_FALSE(parse_packet_time_us("1.").has_value());
  CHECK_FALSE(parse_packet_time_us("1ms").has_value());
  CHECK(format_packet_time_ms(1000) == "1");
  CHECK(format_packet_time_ms(125) == "0.125");
  CHECK(format_packet_time_ms(250) == "0.25");
  CHECK(format_packet_time_ms(80) == "0.08");
  CHECK(format_packet_time_ms(4000) == "4");
}

TEST_CASE("96 kHz audio and lowercase encoding names are read") {
  const auto format = parse_audio_rtpmap("l24/96000/4");
  REQUIRE(format.has_value());
  CHECK(format->encoding == AudioEncoding::kL24);
  CHECK(format->sample_rate == 96000);
  CHECK(format->channels == 4);
}

TEST_CASE("audio without a=ptime is taken at RFC 3551's 1 ms") {
  const auto parsed = parse_sdp(
      "v=0\n"
      "o=- 5 5 IN IP4 10.0.0.5\n"
      "s=no ptime\n"
      "t=0 0\n"
      "m=audio 5004 RTP/AVP 97\n"
      "c=IN IP4 239.0.0.5/64\n"
      "a=rtpmap:97 L16/48000/2\n");
  REQUIRE(parsed.has_value());
  CHECK(audio_of(*parsed).packet_time_us == 1000);
  CHECK(audio_of(*parsed).encoding == AudioEncoding::kL16);
  CHECK(parsed->legs[0].payload_type == 97);
}

TEST_CASE("every ST 2110-30 channel grouping symbol is accepted in channel-order") {
  const auto order = parse_audio_channel_order("channel-order=SMPTE2110.(M,DM,ST,LtRt,51,71,222,SGRP,U02)");
  REQUIRE(order.has_value());
  CHECK(order.value() == "SMPTE2110.(M,DM,ST,LtRt,51,71,222,SGRP,U02)");
  CHECK(parse_audio_channel_order("").value().empty());
  CHECK_FALSE(parse_audio_channel_order("channel-order=SMPTE2110.(ST,XX)").has_value());
  CHECK_FALSE(parse_audio_channel_order("channel-order=ST,ST").has_value());
}
