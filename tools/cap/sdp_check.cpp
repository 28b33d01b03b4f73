#include "sdp_check.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "crosspoint/st2110/pgroup.hpp"

namespace crosspoint::cap {

using namespace crosspoint::st2110;

namespace {

class Disagreements {
 public:
  template <class A, class B>
  void check(const std::string& field, const A& sdp, const B& stream) {
    if (!(sdp == stream)) lines_.push_back(field + ": SDP says " + text(sdp) + ", stream shows " + text(stream));
  }
  std::vector<std::string> take() { return std::move(lines_); }

 private:
  static std::string text(const std::string& value) { return value; }
  static std::string text(const char* value) { return value; }
  static std::string text(bool value) { return value ? "yes" : "no"; }
  static std::string text(const Rational& value) { return value.to_string(); }
  template <class N>
  static std::string text(N value) { return std::to_string(value); }
  std::vector<std::string> lines_;
};

const char* media_name(MediaType type) {
  switch (type) {
    case MediaType::kVideo: return "video";
    case MediaType::kAudio: return "audio";
    case MediaType::kAncillary: return "ancillary";
  }
  return "unknown";
}

// A measured rate agrees with a declared one within the cadence a capture of a few frames can show.
bool rates_agree(Rational declared, double measured) {
  return measured > 0 && std::fabs(measured / declared.to_double() - 1) < 0.01;
}

void check_video(const VideoFormat& sdp, const FlowReport& flow, Disagreements& out) {
  if (!flow.video) return;
  const VideoReport& v = *flow.video;
  out.check("width", sdp.width, v.width);
  out.check("height", sdp.height, v.height);
  out.check("interlaced", sdp.interlaced || sdp.segmented, v.interlaced);
  const double fields = sdp.interlaced || sdp.segmented ? 2 : 1;
  if (flow.cadence.units_per_second > 0 && !rates_agree(sdp.exact_frame_rate, flow.cadence.units_per_second / fields)) {
    out.check("exactframerate", sdp.exact_frame_rate.to_string(),
              std::to_string(flow.cadence.units_per_second / fields) + " frames/s from RTP timestamps");
  }
  if (const auto pgroup = pgroup_of(sdp.sampling, sdp.depth); pgroup && v.octets_per_group > 0) {
    const std::uint32_t g = std::gcd<std::uint32_t>(pgroup->bytes, pgroup->pixels_per_line());
    const std::string declared = std::to_string(pgroup->bytes / g) + " octets per " +
                                 std::to_string(pgroup->pixels_per_line() / g) + " pixels";
    const std::string measured = std::to_string(v.octets_per_group) + " octets per " +
                                 std::to_string(v.pixels_per_group) + " pixels";
    out.check("sampling/depth density", declared, measured);
  } else if (pgroup && v.last_segment_octets % pgroup->bytes != 0) {
    out.check("sampling/depth density", "pgroups of " + std::to_string(pgroup->bytes) + " octets",
              "a row segment of " + std::to_string(v.last_segment_octets) + " octets");
  }
}

void check_audio(const AudioFormat& sdp, const FlowReport& flow, Disagreements& out) {
  if (!flow.audio) return;
  const AudioReport& a = *flow.audio;
  const std::uint32_t sample_bytes = sdp.encoding == AudioEncoding::kL16 ? 2 : 3;
  if (a.frame_bytes > 0) {
    out.check("octets per sample period (channels x sample size)", sdp.channels * sample_bytes, a.frame_bytes);
  }
  if (a.measured_sample_rate > 0) out.check("sample rate", sdp.sample_rate, a.measured_sample_rate);
  if (flow.cadence.timestamp_step.count > 0 && sdp.sample_rate > 0) {
    // The smallest step is one packet's: a loss only makes steps larger.
    const double ptime_us = flow.cadence.timestamp_step.min * 1e6 / sdp.sample_rate;
    if (std::fabs(ptime_us - sdp.packet_time_us) > 1.0) {
      out.check("ptime (us)", std::to_string(sdp.packet_time_us), std::to_string(ptime_us));
    }
  }
}

void check_anc(const AncFormat& sdp, const FlowReport& flow, Disagreements& out) {
  if (!flow.anc) return;
  const AncReport& a = *flow.anc;
  const double fields = a.interlaced ? 2 : 1;
  if (flow.cadence.units_per_second > 0 && flow.cadence.timestamp_step.min == flow.cadence.timestamp_step.max &&
      !rates_agree(sdp.exact_frame_rate, flow.cadence.units_per_second / fields)) {
    out.check("exactframerate", sdp.exact_frame_rate.to_string(),
              std::to_string(flow.cadence.units_per_second / fields) + " frames/s from RTP timestamps");
  }
  if (!sdp.data_ids.empty()) {
    for (const AncDataIdCount& seen : a.data_ids) {
      const bool declared = std::any_of(sdp.data_ids.begin(), sdp.data_ids.end(), [&](const AncDataId& id) {
        return id.did == seen.did && id.sdid == seen.sdid;
      });
      if (!declared) {
        char text[48];
        std::snprintf(text, sizeof text, "0x%02x/0x%02x present", seen.did, seen.sdid);
        out.check("DID_SDID", std::string("not listed"), std::string(text));
      }
    }
  }
}

}  // namespace

std::vector<std::string> disagreements_with_sdp(const FlowReport& flow, const SdpMediaLeg& leg) {
  Disagreements out;
  const MediaType declared = media_type_of(leg.format);
  const bool confident = flow.media_inference.confidence >= 0.9;
  if (confident) out.check("media", std::string(media_name(declared)), std::string(to_string(flow.identified)));
  out.check("payload type", unsigned{leg.payload_type}, unsigned{flow.payload_type});
  if (leg.source_filter) out.check("source", leg.source_filter->source.to_string(), flow.source.to_string());
  // Format checks only where the packets were read as the SDP's media: otherwise the media line says it all.
  if (confident && flow.identified != flow.media) return out.take();
  if (const auto* video = std::get_if<VideoFormat>(&leg.format)) check_video(*video, flow, out);
  if (const auto* audio = std::get_if<AudioFormat>(&leg.format)) check_audio(*audio, flow, out);
  if (const auto* anc = std::get_if<AncFormat>(&leg.format)) check_anc(*anc, flow, out);
  return out.take();
}

std::vector<std::string> sdp_legs_without_packets(const SessionDescription& sdp, const std::vector<FlowKey>& flows) {
  std::vector<std::string> lines;
  for (const SdpMediaLeg& leg : sdp.legs) {
    const bool seen = std::any_of(flows.begin(), flows.end(), [&](const FlowKey& key) {
      return key.destination == leg.connection.address && key.port == leg.port;
    });
    if (!seen) {
      lines.push_back("leg " + endpoint_text(leg.connection.address, leg.port) +
                      (leg.mid.empty() ? "" : " (mid " + leg.mid + ")") + ": SDP names it, the capture has no packets");
    }
  }
  return lines;
}

}  // namespace crosspoint::cap
