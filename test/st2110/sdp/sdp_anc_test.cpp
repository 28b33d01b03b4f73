// ST 2110-40 ancillary data in SDP: smpte291/90000 with DID_SDID, VPID_Code, exactframerate and interlace.
#include <catch2/catch.hpp>

#include "crosspoint/st2110/sdp.hpp"
#include "crosspoint/st2110/sdp_media_format.hpp"
#include "sdp_test_support.hpp"

using namespace crosspoint;
using namespace crosspoint::st2110;
using sdp_test::ip;
using sdp_test::round_trip;

namespace {

SessionDescription anc_session(const AncFormat& format) {
  return make_single_leg_session(format, SdpLegAddress{ip("239.40.0.1"), 5008, ip("192.168.40.2")});
}

}  // namespace

TEST_CASE("ANC with captions and timecode is written as smpte291 with its DID/SDID pairs") {
  AncFormat format;
  format.data_ids = {AncDataId{0x61, 0x01}, AncDataId{0x60, 0x60}};
  const SessionDescription session = anc_session(format);
  const std::string text = generate_sdp(session);
  CHECK_THAT(text, Catch::Contains("m=video 5008 RTP/AVP 96\r\n"));
  CHECK_THAT(text, Catch::Contains("a=rtpmap:96 smpte291/90000\r\n"));
  CHECK_THAT(text, Catch::Contains(
                       "a=fmtp:96 DID_SDID={0x61,0x01}; DID_SDID={0x60,0x60}; exactframerate=60000/1001; \r\n"));
  CHECK(round_trip(session) == session);
}

TEST_CASE("ANC VPID_Code, interlace and a frame rate round trip") {
  AncFormat format;
  format.data_ids = {AncDataId{0x41, 0x05}};
  format.vpid_code = 133;
  format.exact_frame_rate = Rational{30000, 1001};
  format.interlaced = true;
  const std::string fmtp = format_anc_fmtp(format);
  CHECK_THAT(fmtp, Catch::Contains("VPID_Code=133; "));
  CHECK_THAT(fmtp, Catch::Contains("interlace; "));
  CHECK(std::get<AncFormat>(round_trip(anc_session(format)).legs[0].format) == format);
}

TEST_CASE("ANC fmtp in the compact form devices write, semicolons without spaces") {
  const auto format = parse_anc_fmtp("DID_SDID={0x61,0x02};DID_SDID={0x41,0x0A};VPID_Code=132");
  REQUIRE(format.has_value());
  REQUIRE(format->data_ids.size() == 2);
  CHECK(format->data_ids[0] == AncDataId{0x61, 0x02});
  CHECK(format->data_ids[1] == AncDataId{0x41, 0x0a});
  CHECK(format->vpid_code == std::optional<std::uint8_t>{132});
}

TEST_CASE("ANC with no fmtp at all carries any data and parses") {
  const auto parsed = parse_sdp(
      "v=0\n"
      "o=- 7 7 IN IP4 10.0.0.7\n"
      "s=any anc\n"
      "t=0 0\n"
      "m=video 5010 RTP/AVP 100\n"
      "c=IN IP4 239.0.0.7/64\n"
      "a=rtpmap:100 smpte291/90000\n");
  REQUIRE(parsed.has_value());
  const auto& anc = std::get<AncFormat>(parsed->legs[0].format);
  CHECK(anc.data_ids.empty());
  CHECK_FALSE(anc.vpid_code.has_value());
}

TEST_CASE("ANC DID_SDID values must be two hex bytes in braces") {
  CHECK_FALSE(parse_anc_fmtp("DID_SDID={61,01}").has_value());
  CHECK_FALSE(parse_anc_fmtp("DID_SDID={0x61}").has_value());
  CHECK_FALSE(parse_anc_fmtp("DID_SDID=0x61,0x01").has_value());
  CHECK_FALSE(parse_anc_fmtp("DID_SDID={0x161,0x01}").has_value());
  CHECK_FALSE(parse_anc_fmtp("VPID_Code=256").has_value());
}
