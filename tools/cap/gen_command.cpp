#include "gen_command.hpp"

#include "command_line.hpp"
#include "crosspoint/st2110/sdp_media_format.hpp"
#include "video_format_name.hpp"
#include "crosspoint/signal/anc_generator.hpp"
#include "crosspoint/signal/audio_generator.hpp"
#include "crosspoint/signal/video_generator.hpp"

namespace crosspoint::cap {

using namespace crosspoint::st2110;

namespace {

// Sampling and depth as SDP spells them, read through the SDP parser's own tables.
Expected<VideoFormat, std::string> with_sampling_and_depth(VideoFormat format, const std::string& sampling,
                                                           const std::string& depth) {
  const std::string fmtp = "sampling=" + sampling + "; depth=" + depth +
                           "; width=1920; height=1080; exactframerate=25; colorimetry=BT709; PM=2110GPM; "
                           "SSN=ST2110-20:2017; TP=2110TPN";
  auto parsed = parse_video_fmtp(fmtp);
  if (!parsed) return Unexpected{"--sampling " + sampling + " --depth " + depth + ": " + parsed.error()};
  format.sampling = parsed->sampling;
  format.depth = parsed->depth;
  if (format.sampling == Sampling::kRgb) format.colorimetry = "BT709";
  return format;
}

Expected<std::pair<Ipv4Address, std::optional<std::uint16_t>>, std::string> parse_endpoint(const std::string& text) {
  const auto colon = text.find(':');
  const auto address = Ipv4Address::parse(text.substr(0, colon));
  if (!address) return Unexpected{"'" + text + "' is not an IPv4 address[:port]"};
  std::optional<std::uint16_t> port;
  if (colon != std::string::npos) {
    ArgumentCursor cursor({text.substr(colon + 1)});
    auto value = cursor.number_of<std::uint16_t>("port");
    if (!value) return Unexpected{"'" + text + "': bad port"};
    port = *value;
  }
  return std::pair{*address, port};
}

Expected<PtpTime, std::string> parse_start(const std::string& text) {
  const auto dot = text.find('.');
  ArgumentCursor seconds_cursor({text.substr(0, dot)});
  auto seconds = seconds_cursor.number_of<std::uint64_t>("--start");
  if (!seconds) return Unexpected{seconds.error()};
  std::uint32_t nanoseconds = 0;
  if (dot != std::string::npos) {
    std::string fraction = text.substr(dot + 1);
    if (fraction.empty() || fraction.size() > 9) return Unexpected{"--start: bad fraction '" + text + "'"};
    fraction.resize(9, '0');
    ArgumentCursor fraction_cursor({fraction});
    auto value = fraction_cursor.number_of<std::uint32_t>("--start");
    if (!value) return Unexpected{value.error()};
    nanoseconds = *value;
  }
  return PtpTime{*seconds, nanoseconds};
}

}  // namespace

std::string gen_usage() {
  return R"(crosspoint-cap gen [essences] [options] --out FILE.pcap     (writes FILE.pcap and FILE.sdp)
essences (one or more):
  --video NAME            720p50, 1080i59.94, 1080p60, 2160p23.98, 4320p59.94, ... (<lines>p|i<rate>)
      --sampling S        YCbCr-4:2:2 (default), YCbCr-4:4:4, YCbCr-4:2:0, RGB, ...
      --depth D           10 (default), 8, 12, 16, 16f
      --raster WxH        another raster at the name's scan and rate, e.g. 320x180 for small test captures
      --packing gpm|bpm   general (default, 1200-octet payloads) or block packing (1260)
      --pacing gapped|linear   ST 2110-21 narrow gapped (default) or narrow linear
      --burst             send each frame unpaced: deliberately not ST 2110-21 compliant
      --pattern NAME      bars (default: moving colour bars over a grey ramp), checker, ramp, zoneplate,
                          solid:COLOUR (white, yellow, cyan, green, magenta, red, blue, black, grey)
  --audio                 ST 2110-30 PCM at 48 kHz
      --channels N        2 (default), 1..64
      --ptime US          packet time in microseconds: 1000 (default), 125, 250, 333, 4000
      --bits 16|24        L16 or L24 (default)
  --anc                   ST 2110-40: an ATC timecode (60/60) and a CEA-708 CDP (61/01) per frame
options:
  --frames N              frames to generate (default 2); audio lasts as long
  --rate R                frame rate when there is no video: 59.94 (default), 50, 25, ...
  --duration-ms N         audio length instead of the frames' duration
  --start SECONDS[.frac]  TAI seconds of the first frame boundary (default 1767225637: reproducible)
  --destination IP[:PORT] the first flow's destination (default 239.100.0.1:5004; audio .1.1, anc .2.1)
  --dup                   ST 2022-7: every flow on two legs (same SSRC and sequence numbers)
  --leg-b-destination IP  leg B of the first flow (default: leg A's address with 101 as second octet)
  --leg-a-loss LIST       packet indices (0-based, comma separated) leg A loses; --leg-b-loss likewise
  --leg-a-loss-rate R     a share (0..1) of packets leg A loses, reproducibly; --leg-b-loss-rate likewise
  --leg-b-delay-us N      leg B arrives N microseconds after leg A (path skew, e.g. 50000 for a WAN path)
)";
}

Expected<GenOptions, std::string> parse_gen_options(const std::vector<std::string>& arguments) {
  GenOptions options;
  ArgumentCursor cursor(arguments);
  std::optional<std::string> video_name;
  std::string sampling = "YCbCr-4:2:2";
  std::string depth = "10";
  PackingMode packing = PackingMode::kGeneral;
  AudioFormat audio;
  bool want_audio = false;
  std::optional<std::pair<std::uint32_t, std::uint32_t>> raster;
  while (!cursor.done()) {
    const std::string name = cursor.take();
    if (name == "--video") {
      auto v = cursor.value_of(name);
      if (!v) return Unexpected{v.error()};
      video_name = *v;
    } else if (name == "--sampling" || name == "--depth" || name == "--packing" || name == "--pacing" ||
               name == "--out" || name == "--start" || name == "--destination" || name == "--leg-b-destination" ||
               name == "--leg-a-loss" || name == "--leg-b-loss" || name == "--rate" || name == "--raster" ||
               name == "--pattern") {
      auto v = cursor.value_of(name);
      if (!v) return Unexpected{v.error()};
      const std::string& text = *v;
      if (name == "--sampling") {
        sampling = text;
      } else if (name == "--depth") {
        depth = text;
      } else if (name == "--packing") {
        if (text != "gpm" && text != "bpm") return Unexpected{"--packing is gpm or bpm, not '" + text + "'"};
        packing = text == "gpm" ? PackingMode::kGeneral : PackingMode::kBlock;
      } else if (name == "--pacing") {
        if (text != "gapped" && text != "linear") return Unexpected{"--pacing is gapped or linear, not '" + text + "'"};
        if (options.pacing != VideoPacing::kBurst) {
          options.pacing = text == "gapped" ? VideoPacing::kGapped : VideoPacing::kLinear;
        }
      } else if (name == "--pattern") {
        auto pattern = parse_pattern_name(text);
        if (!pattern) return Unexpected{"--pattern: " + pattern.error()};
        options.pattern = *pattern;
      } else if (name == "--out") {
        options.out = text;
      } else if (name == "--start") {
        auto start = parse_start(text);
        if (!start) return Unexpected{start.error()};
        options.start = *start;
      } else if (name == "--destination") {
        auto endpoint = parse_endpoint(text);
        if (!endpoint) return Unexpected{"--destination: " + endpoint.error()};
        options.destination = endpoint->first;
        options.port = endpoint->second;
      } else if (name == "--leg-b-destination") {
        auto endpoint = parse_endpoint(text);
        if (!endpoint) return Unexpected{"--leg-b-destination: " + endpoint.error()};
        options.leg_b_destination = endpoint->first;
        options.dup = true;
      } else if (name == "--leg-a-loss" || name == "--leg-b-loss") {
        auto pattern = LossPattern::parse_indices(text);
        if (!pattern) return Unexpected{name + ": " + pattern.error()};
        (name == "--leg-a-loss" ? options.leg_a_loss : options.leg_b_loss).indices = pattern->indices;
        options.dup = true;
      } else if (name == "--raster") {
        const auto x = text.find('x');
        ArgumentCursor width_cursor({text.substr(0, x)});
        ArgumentCursor height_cursor({x == std::string::npos ? std::string() : text.substr(x + 1)});
        auto width = width_cursor.number_of<std::uint32_t>("--raster");
        auto height = height_cursor.number_of<std::uint32_t>("--raster");
        if (!width || !height || *width == 0 || *height == 0) {
          return Unexpected{"--raster is WIDTHxHEIGHT, e.g. 320x180, not '" + text + "'"};
        }
        raster = std::pair{*width, *height};
      } else if (name == "--rate") {
        auto format = parse_video_format_name("1080p" + text);
        if (!format) return Unexpected{"--rate: '" + text + "' is not a frame rate such as 59.94 or 50"};
        options.rate = format->exact_frame_rate;
      }
    } else if (name == "--leg-a-loss-rate" || name == "--leg-b-loss-rate") {
      auto rate = cursor.number_of<double>(name);
      if (!rate) return Unexpected{rate.error()};
      if (*rate < 0.0 || *rate > 1.0) return Unexpected{name + " is a share between 0 and 1"};
      LossPattern& pattern = name == "--leg-a-loss-rate" ? options.leg_a_loss : options.leg_b_loss;
      pattern.rate = *rate;
      pattern.seed = name == "--leg-a-loss-rate" ? 1 : 2;
      options.dup = true;
    } else if (name == "--leg-b-delay-us") {
      auto delay = cursor.number_of<std::uint32_t>(name);
      if (!delay) return Unexpected{delay.error()};
      options.leg_b_delay_ns = std::uint64_t{*delay} * 1000;
      options.dup = true;
    } else if (name == "--frames") {
      auto frames = cursor.number_of<std::uint32_t>(name);
      if (!frames) return Unexpected{frames.error()};
      options.frames = *frames;
    } else if (name == "--duration-ms") {
      auto duration = cursor.number_of<std::uint32_t>(name);
      if (!duration) return Unexpected{duration.error()};
      options.duration_ms = *duration;
    } else if (name == "--channels") {
      auto channels = cursor.number_of<std::uint32_t>(name);
      if (!channels || *channels < 1 || *channels > 64) return Unexpected{std::string("--channels is 1 to 64")};
      audio.channels = *channels;
      want_audio = true;
    } else if (name == "--ptime") {
      auto ptime = cursor.number_of<std::uint32_t>(name);
      if (!ptime || *ptime == 0) return Unexpected{std::string("--ptime is a packet time in microseconds")};
      audio.packet_time_us = *ptime;
      want_audio = true;
    } else if (name == "--bits") {
      auto bits = cursor.number_of<std::uint32_t>(name);
      if (!bits || (*bits != 16 && *bits != 24)) return Unexpected{std::string("--bits is 16 or 24")};
      audio.encoding = *bits == 16 ? AudioEncoding::kL16 : AudioEncoding::kL24;
      want_audio = true;
    } else if (name == "--audio") {
      want_audio = true;
    } else if (name == "--anc") {
      options.anc = true;
    } else if (name == "--burst") {
      options.pacing = VideoPacing::kBurst;
    } else if (name == "--dup") {
      options.dup = true;
    } else {
      return Unexpected{"gen: unknown option '" + name + "'"};
    }
  }
  if (options.out.empty()) return Unexpected{std::string("gen: --out FILE.pcap is required")};
  if (video_name) {
    auto format = parse_video_format_name(*video_name);
    if (!format) return Unexpected{format.error()};
    if (raster) {
      format->width = raster->first;
      format->height = raster->second;
    }
    auto detailed = with_sampling_and_depth(*format, sampling, depth);
    if (!detailed) return Unexpected{detailed.error()};
    detailed->packing = packing;
    if (options.pacing == VideoPacing::kLinear) detailed->sender_type = SenderType::kNarrowLinear;
    if (options.pacing == VideoPacing::kBurst) detailed->sender_type = SenderType::kWide;
    options.video = *detailed;
    options.rate = detailed->exact_frame_rate;
  }
  if (want_audio) options.audio = audio;
  if (!options.video && !options.audio && !options.anc) {
    return Unexpected{std::string("gen: name at least one of --video, --audio, --anc")};
  }
  return options;
}

std::string sdp_path_for(const std::string& pcap_path) {
  const auto dot = pcap_path.rfind('.');
  const auto slash = pcap_path.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return pcap_path + ".sdp";
  return pcap_path.substr(0, dot) + ".sdp";
}

Expected<std::vector<GeneratedFlow>, std::string> flows_for(const GenOptions& options) {
  std::vector<GeneratedFlow> flows;
  // Flows take consecutive groups and SSRCs; leg B mirrors leg A in 239.101.x.x.
  std::uint32_t flow_number = 0;
  const auto address_for = [&](std::uint8_t payload_type) {
    FlowAddress address;
    address.destination = Ipv4Address{0xEF640001U + (flow_number << 8)};
    address.ssrc = 0x43500001U + flow_number;
    address.payload_type = payload_type;
    if (flow_number == 0 && options.destination) address.destination = *options.destination;
    if (flow_number == 0 && options.port) address.destination_port = *options.port;
    return address;
  };
  const auto add = [&](std::string name, MediaFormat format, FlowAddress address,
                       std::unique_ptr<PacketSource> source) {
    GeneratedFlow flow;
    flow.name = std::move(name);
    flow.format = std::move(format);
    flow.address = address;
    flow.source = std::move(source);
    if (options.dup) {
      flow.second_leg = (flow_number == 0 && options.leg_b_destination)
                            ? *options.leg_b_destination
                            : Ipv4Address{(address.destination.value & 0xFF00FFFFU) | (101U << 16)};
      flow.leg_a_loss = options.leg_a_loss;
      flow.leg_b_loss = options.leg_b_loss;
      flow.leg_b_delay_ns = options.leg_b_delay_ns;
    }
    flows.push_back(std::move(flow));
    ++flow_number;
  };

  if (options.video) {
    VideoFlowSpec spec;
    spec.format = *options.video;
    spec.pacing = options.pacing;
    spec.pattern = options.pattern;
    spec.frames = options.frames;
    spec.start = options.start;
    spec.address = address_for(96);
    spec.first_sequence = 65000;  // every capture crosses the 16-bit wrap
    auto generator = VideoGenerator::create(spec);
    if (!generator) return Unexpected{"video: " + generator.error()};
    add("video", spec.format, spec.address, std::move(generator.value()));
  }
  if (options.audio) {
    AudioFlowSpec spec;
    spec.format = *options.audio;
    spec.start = options.start;
    spec.duration_ns = options.duration_ms
                           ? std::uint64_t{*options.duration_ms} * 1'000'000
                           : static_cast<std::uint64_t>(std::int64_t{options.frames} * kNanosPerSecond *
                                                        options.rate.denominator / options.rate.numerator);
    spec.address = address_for(97);
    spec.first_sequence = 65000;
    auto generator = AudioGenerator::create(spec);
    if (!generator) return Unexpected{"audio: " + generator.error()};
    add("audio", spec.format, spec.address, std::move(generator.value()));
  }
  if (options.anc) {
    AncFlowSpec spec;
    spec.format.exact_frame_rate = options.rate;
    spec.format.interlaced = options.video && options.video->interlaced;
    spec.format.data_ids = {AncDataId{0x60, 0x60}, AncDataId{0x61, 0x01}};
    spec.frames = options.frames;
    spec.start = options.start;
    spec.address = address_for(100);
    spec.first_sequence = 65000;
    auto generator = AncGenerator::create(spec);
    if (!generator) return Unexpected{"ancillary: " + generator.error()};
    add("anc", spec.format, spec.address, std::move(generator.value()));
  }
  return flows;
}

}  // namespace crosspoint::cap
