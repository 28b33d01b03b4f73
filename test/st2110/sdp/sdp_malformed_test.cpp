// Refused SDPs: each names the 1-based line at fault and says why.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "crosspoint/st2110/sdp.hpp"

using namespace crosspoint::st2110;

namespace {

using Lines = std::vector<std::string>;

const Lines kVideo{
    "v=0",                                                               // 1
    "o=- 1 1 IN IP4 10.0.0.1",                                           // 2
    "s=test",                                                            // 3
    "t=0 0",                                                             // 4
    "m=video 5004 RTP/AVP 96",                                           // 5
    "c=IN IP4 239.0.0.1/64",                                             // 6
    "a=rtpmap:96 raw/90000",                                             // 7
    "a=fmtp:96 sampling=YCbCr-4:2:2; width=1920; height=1080; exactframerate=50; depth=10; "
    "colorimetry=BT709; PM=2110GPM; SSN=ST2110-20:2017; TP=2110TPN",    // 8
    "a=mediaclk:direct=0",                                               // 9
};

const Lines kAudio{
    "v=0",                        // 1
    "o=- 1 1 IN IP4 10.0.0.1",    // 2
    "s=audio",                    // 3
    "t=0 0",                      // 4
    "m=audio 5004 RTP/AVP 97",    // 5
    "c=IN IP4 239.0.0.2/64",      // 6
    "a=rtpmap:97 L24/48000/2",    // 7
    "a=ptime:1",                  // 8
};

const Lines kAnc{
    "v=0",                                      // 1
    "o=- 1 1 IN IP4 10.0.0.1",                  // 2
    "s=anc",                                    // 3
    "t=0 0",                                    // 4
    "m=video 5004 RTP/AVP 100",                 // 5
    "c=IN IP4 239.0.0.3/64",                    // 6
    "a=rtpmap:100 smpte291/90000",              // 7
    "a=fmtp:100 DID_SDID={0x61,0x01}",          // 8
};

std::string text_of(const Lines& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\r\n";
  return text;
}

Lines replaced(Lines lines, std::size_t line, std::string text) {
  lines.at(line - 1) = std::move(text);
  return lines;
}

Lines inserted(Lines lines, std::size_t line, std::string text) {
  lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(line - 1), std::move(text));
  return lines;
}

Lines removed(Lines lines, std::size_t line) {
  lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(line - 1));
  return lines;
}

// kVideo's fmtp with one parameter replaced (or dropped when `value` is empty).
Lines video_fmtp_with(const std::string& name, const std::string& value) {
  const std::vector<std::pair<std::string, std::string>> parameters{
      {"sampling", "YCbCr-4:2:2"}, {"width", "1920"},       {"height", "1080"},
      {"exactframerate", "50"},    {"depth", "10"},         {"colorimetry", "BT709"},
      {"PM", "2110GPM"},           {"SSN", "ST2110-20:2017"}, {"TP", "2110TPN"}};
  std::string fmtp = "a=fmtp:96 ";
  for (const auto& [parameter, standard_value] : parameters) {
    if (parameter != name) {
      fmtp += parameter + "=" + standard_value + "; ";
    } else if (!value.empty()) {
      fmtp += parameter + "=" + value + "; ";
    }
  }
  return replaced(kVideo, 8, fmtp);
}

struct Refusal {
  std::string what;
  Lines lines;
  std::size_t line;
  std::string reason;
};

void check_refusal(const Refusal& refusal) {
  INFO(refusal.what);
  const auto parsed = parse_sdp(text_of(refusal.lines));
  REQUIRE_FALSE(parsed.has_value());
  CHECK(parsed.error().line == refusal.line);
  CHECK_THAT(parsed.error().reason, Catch::StartsWith(refusal.reason));
}

}  // namespace

TEST_CASE("the valid bases the refusals start from parse") {
  CHECK(parse_sdp(text_of(kVideo)).has_value());
  CHECK(parse_sdp(text_of(kAudio)).has_value());
  CHECK(parse_sdp(text_of(kAnc)).has_value());
}

TEST_CASE("an error reads as 'line N: reason'") {
  const auto parsed = parse_sdp(text_of(video_fmtp_with("width", "0")));
  REQUIRE_FALSE(parsed.has_value());
  CHECK(parsed.error().to_string() == "line 8: fmtp: width must be a positive integer");
}

TEST_CASE("malformed lines and RFC 4566 structure are refused where they occur") {
  check_refusal(GENERATE(
      Refusal{"empty text", {}, 0, "empty SDP"},
      Refusal{"a line without '='", replaced(kVideo, 3, "s test"), 3, "malformed line"},
      Refusal{"an upper-case type", replaced(kVideo, 3, "S=test"), 3, "malformed line"},
      Refusal{"an unknown type letter", inserted(kVideo, 4, "x=1"), 4, "unknown line type 'x='"},
      Refusal{"no v=", removed(kVideo, 1), 1, "missing v="},
      Refusal{"no o=", removed(kVideo, 2), 2, "missing o="},
      Refusal{"no s=", removed(kVideo, 3), 3, "missing s="},
      Refusal{"only session lines", Lines{kVideo.begin(), kVideo.begin() + 4}, 4, "no media (m=) sections"},
      Refusal{"version 1", replaced(kVideo, 1, "v=1"), 1, "v=: version must be 0"},
      Refusal{"c= after t=", inserted(kVideo, 5, "c=IN IP4 239.0.0.1/64"), 5, "order: c= may not follow t="},
      Refusal{"i= after t=", inserted(kVideo, 5, "i=late"), 5, "order: i= may not follow t="},
      Refusal{"two s=", inserted(kVideo, 4, "s=again"), 4, "duplicate s="},
      Refusal{"t= inside a media section", inserted(kVideo, 7, "t=0 0"), 7, "order: t= belongs before the first m="},
      Refusal{"c= after a= in a media section", inserted(kVideo, 9, "c=IN IP4 239.0.0.9/64"), 9,
              "order: c= may not follow a="},
      Refusal{"two c= in a media section", inserted(kVideo, 7, "c=IN IP4 239.0.0.9/64"), 7, "duplicate c="}));
}

TEST_CASE("bad numbers and addresses are refused on their line") {
  check_refusal(GENERATE(
      Refusal{"session id not a number", replaced(kVideo, 2, "o=- abc 1 IN IP4 10.0.0.1"), 2, "o=: session id"},
      Refusal{"origin with five fields", replaced(kVideo, 2, "o=- 1 1 IN IP4"), 2, "o=: expected"},
      Refusal{"IPv6 origin", replaced(kVideo, 2, "o=- 1 1 IN IP6 ::1"), 2, "o=: only IP4"},
      Refusal{"timing not numbers", replaced(kVideo, 4, "t=now never"), 4, "t=: expected"},
      Refusal{"port beyond 65535", replaced(kVideo, 5, "m=video 70000 RTP/AVP 96"), 5, "m=: port must be"},
      Refusal{"port zero", replaced(kVideo, 5, "m=video 0 RTP/AVP 96"), 5, "m=: port must be"},
      Refusal{"a port count", replaced(kVideo, 5, "m=video 5004/2 RTP/AVP 96"), 5, "m=: port counts"},
      Refusal{"secure RTP", replaced(kVideo, 5, "m=video 5004 RTP/SAVP 96"), 5, "m=: transport must be RTP/AVP"},
      Refusal{"payload type 128", replaced(kVideo, 5, "m=video 5004 RTP/AVP 128"), 5, "m=: payload type"},
      Refusal{"two payload types", replaced(kVideo, 5, "m=video 5004 RTP/AVP 96 97"), 5, "m=: ST 2110 media carry"},
      Refusal{"application media", replaced(kVideo, 5, "m=application 5004 RTP/AVP 96"), 5, "m=: unsupported media"},
      Refusal{"address octet 256", replaced(kVideo, 6, "c=IN IP4 239.0.0.256/64"), 6,
              "c=: '239.0.0.256' is not an IPv4 address"},
      Refusal{"TTL on unicast", replaced(kVideo, 6, "c=IN IP4 10.0.0.2/64"), 6, "c=: a TTL is for multicast"},
      Refusal{"TTL 300", replaced(kVideo, 6, "c=IN IP4 239.0.0.1/300"), 6, "c=: TTL must be"},
      Refusal{"address range", replaced(kVideo, 6, "c=IN IP4 239.0.0.1/64/2"), 6, "c=: address ranges"},
      Refusal{"no c= anywhere", removed(kVideo, 6), 5, "c=: missing"},
      Refusal{"bad grandmaster", inserted(kVideo, 9, "a=ts-refclk:ptp=IEEE1588-2008:zz"), 9,
              "ts-refclk: grandmaster must be an EUI-64"},
      Refusal{"bad media clock", replaced(kVideo, 9, "a=mediaclk:direct=x"), 9, "mediaclk: direct offset"},
      Refusal{"exclusive source filter", inserted(kVideo, 7, "a=source-filter: excl IN IP4 239.0.0.1 10.0.0.1"), 7,
              "source-filter: only incl"},
      Refusal{"source filter with a bad source", inserted(kVideo, 7, "a=source-filter: incl IN IP4 239.0.0.1 10.0.0"),
              7, "source-filter: '10.0.0' is not an IPv4 address"}));
}

TEST_CASE("ST 2110-20 fmtp values outside the standard are refused on the fmtp line") {
  check_refusal(GENERATE(
      Refusal{"width zero", video_fmtp_with("width", "0"), 8, "fmtp: width must be a positive integer"},
      Refusal{"width a word", video_fmtp_with("width", "wide"), 8, "fmtp: width must be a positive integer"},
      Refusal{"height negative", video_fmtp_with("height", "-1080"), 8, "fmtp: height must be a positive integer"},
      Refusal{"4:1:1 sampling", video_fmtp_with("sampling", "YCbCr-4:1:1"), 8,
              "fmtp: unknown sampling 'YCbCr-4:1:1'"},
      Refusal{"9-bit depth", video_fmtp_with("depth", "9"), 8, "fmtp: unknown depth '9'"},
      Refusal{"decimal frame rate", video_fmtp_with("exactframerate", "29.97"), 8, "fmtp: exactframerate must be"},
      Refusal{"zero denominator", video_fmtp_with("exactframerate", "30000/0"), 8, "fmtp: exactframerate must be"},
      Refusal{"unknown colorimetry", video_fmtp_with("colorimetry", "BT999"), 8, "fmtp: unknown colorimetry 'BT999'"},
      Refusal{"unknown packing", video_fmtp_with("PM", "2110XPM"), 8, "fmtp: unknown PM '2110XPM'"},
      Refusal{"unknown sender type", video_fmtp_with("TP", "2110TPX"), 8, "fmtp: unknown TP '2110TPX'"},
      Refusal{"SSN of another standard", video_fmtp_with("SSN", "ST2110-22:2019"), 8, "fmtp: unknown SSN"},
      Refusal{"no value", replaced(kVideo, 8, text_of({}) + "a=fmtp:96 width; sampling=YCbCr-4:2:2"), 8,
              "fmtp: width needs a value"},
      Refusal{"unknown TCS", inserted(removed(kVideo, 8), 8, std::string{kVideo[7]} + "; TCS=GAMMA22"), 8,
              "fmtp: unknown TCS 'GAMMA22'"},
      Refusal{"unknown RANGE", inserted(removed(kVideo, 8), 8, std::string{kVideo[7]} + "; RANGE=WIDE"), 8,
              "fmtp: unknown RANGE 'WIDE'"},
      Refusal{"interlace=yes", inserted(removed(kVideo, 8), 8, std::string{kVideo[7]} + "; interlace=yes"), 8,
              "fmtp: interlace takes no value"},
      Refusal{"PAR without a colon", inserted(removed(kVideo, 8), 8, std::string{kVideo[7]} + "; PAR=1"), 8,
              "fmtp: PAR must be"},
      Refusal{"CMAX zero", inserted(removed(kVideo, 8), 8, std::string{kVideo[7]} + "; CMAX=0"), 8,
              "fmtp: CMAX must be a positive integer"},
      Refusal{"width twice", inserted(removed(kVideo, 8), 8, std::string{kVideo[7]} + "; width=1280"), 8,
              "fmtp: width appears twice"},
      Refusal{"no fmtp", removed(kVideo, 8), 5, "fmtp: missing"},
      Refusal{"no rtpmap", removed(kVideo, 7), 5, "rtpmap: missing"},
      Refusal{"raw at 48 kHz", replaced(kVideo, 7, "a=rtpmap:96 raw/48000"), 7, "rtpmap: raw needs clock rate 90000"},
      Refusal{"a codec we do not carry", replaced(kVideo, 7, "a=rtpmap:96 jxsv/90000"), 7,
              "rtpmap: unsupported encoding 'jxsv'"},
      Refusal{"two rtpmaps", inserted(kVideo, 8, "a=rtpmap:96 raw/90000"), 8, "rtpmap: appears twice"}));
}

TEST_CASE("every required ST 2110-20 fmtp parameter is required") {
  const std::string name =
      GENERATE(as<std::string>{}, "sampling", "depth", "width", "height", "exactframerate", "colorimetry", "PM",
               "SSN", "TP");
  check_refusal(Refusal{"without " + name, video_fmtp_with(name, ""), 8, "fmtp: missing required parameter " + name});
}

TEST_CASE("ST 2110-30 and -40 media that break their rules are refused") {
  check_refusal(GENERATE(
      Refusal{"L24 without channels", replaced(kAudio, 7, "a=rtpmap:97 L24/48000"), 7,
              "rtpmap: L24 needs <sample rate>/<channels>"},
      Refusal{"L16 without rate", replaced(kAudio, 7, "a=rtpmap:97 L16"), 7, "rtpmap: L16 needs"},
      Refusal{"zero channels", replaced(kAudio, 7, "a=rtpmap:97 L24/48000/0"), 7, "rtpmap: channels must be"},
      Refusal{"65 channels", replaced(kAudio, 7, "a=rtpmap:97 L24/48000/65"), 7, "rtpmap: channels must be"},
      Refusal{"zero sample rate", replaced(kAudio, 7, "a=rtpmap:97 L24/0/2"), 7, "rtpmap: sample rate"},
      Refusal{"AES3 transparent audio", replaced(kAudio, 7, "a=rtpmap:97 AM824/48000/2"), 7,
              "rtpmap: unsupported encoding 'AM824'"},
      Refusal{"PCM in m=video", replaced(kAudio, 5, "m=video 5004 RTP/AVP 97"), 7, "rtpmap: PCM audio"},
      Refusal{"raw in m=audio", replaced(kVideo, 5, "m=audio 5004 RTP/AVP 96"), 7, "rtpmap: raw is carried"},
      Refusal{"ptime a word", replaced(kAudio, 8, "a=ptime:fast"), 8, "ptime: must be"},
      Refusal{"two ptimes", inserted(kAudio, 9, "a=ptime:1"), 9, "ptime: appears twice"},
      Refusal{"bad channel order", inserted(kAudio, 8, "a=fmtp:97 channel-order=SMPTE2110.(ST,QQ)"), 8,
              "fmtp: channel-order has unknown grouping 'QQ'"},
      Refusal{"ANC at 48 kHz", replaced(kAnc, 7, "a=rtpmap:100 smpte291/48000"), 7,
              "rtpmap: smpte291 needs clock rate 90000"},
      Refusal{"ANC in m=audio", replaced(kAnc, 5, "m=audio 5004 RTP/AVP 100"), 7, "rtpmap: smpte291 is carried"},
      Refusal{"ANC DID without hex", replaced(kAnc, 8, "a=fmtp:100 DID_SDID={97,1}"), 8, "fmtp: DID_SDID must be"}));
}

TEST_CASE("DUP groups must name existing legs of one format") {
  const Lines two_legs = [] {
    Lines lines = kAudio;
    lines.insert(lines.begin() + 4, "a=group:DUP p s");  // line 5
    lines.push_back("a=mid:p");                          // line 10
    lines.insert(lines.end(), kAudio.begin() + 4, kAudio.end());
    lines.push_back("a=mid:s");                          // line 15
    return lines;
  }();
  CHECK(parse_sdp(text_of(two_legs)).has_value());
  check_refusal(GENERATE_COPY(
      Refusal{"a mid nobody has", replaced(two_legs, 15, "a=mid:t"), 5, "group:DUP: no media section has mid 's'"},
      Refusal{"legs that differ", replaced(two_legs, 13, "a=rtpmap:97 L24/48000/8"), 5,
              "group:DUP: 'p' and 's' carry different formats"},
      Refusal{"one mid", replaced(two_legs, 5, "a=group:DUP p"), 5, "group:DUP: needs at least two mids"},
      Refusal{"a mid used twice", replaced(two_legs, 15, "a=mid:p"), 11, "mid: 'p' names two media sections"}));
}

TEST_CASE("every truncation of a valid SDP is either read or refused on a line it has") {
  const std::string full = text_of(kVideo) + text_of(Lines{kAudio.begin() + 4, kAudio.end()});
  REQUIRE(parse_sdp(full).has_value());
  for (std::size_t length = 0; length < full.size(); ++length) {
    const std::string_view cut = std::string_view{full}.substr(0, length);
    const auto parsed = parse_sdp(cut);
    if (parsed.has_value()) continue;
    const auto lines_in_cut = static_cast<std::size_t>(std::count(cut.begin(), cut.end(), '\n')) + 1;
    INFO("cut at " << length << ": " << parsed.error().to_string());
    CHECK(parsed.error().line <= lines_in_cut);
    CHECK_FALSE(parsed.error().reason.empty());
  }
}

TEST_CASE("a stray byte anywhere in a valid SDP never crashes the reader") {
  const std::string full = text_of(kVideo);
  std::size_t refused = 0;
  for (std::size_t at = 0; at < full.size(); ++at) {
    for (const char stray : {'\0', '=', ' ', ';', '/', ':', 'x', '9', '\n'}) {
      std::string damaged = full;
      damaged[at] = stray;
      const auto parsed = parse_sdp(damaged);
      if (!parsed.has_value()) ++refused;
    }
  }
  CHECK(refused > full.size());  // most damage is noticed; none of it may crash
}

TEST_CASE("a DUP group may not name one leg twice") {
  const Lines lines = inserted(inserted(kAudio, 9, "a=mid:p"), 5, "a=group:DUP p p");
  const auto parsed = parse_sdp(text_of(lines));
  REQUIRE_FALSE(parsed.has_value());
  CHECK(parsed.error().to_string() == "line 5: group:DUP: names 'p' twice");
}
