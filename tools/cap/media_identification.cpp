#include "media_identification.hpp"

#include <cmath>

#include "anc_analysis.hpp"
#include "crosspoint/st2110/rfc9134.hpp"
#include "video_analysis.hpp"

namespace crosspoint::cap {

using namespace crosspoint::st2110;

namespace {

constexpr std::uint32_t kMaxAudioChannels = 64;
constexpr std::uint32_t kAudioRates[] = {32000, 44100, 48000, 88200, 96000, 192000};

bool all_of_packets(std::span<const IdentifiedPacket> packets, bool (*test)(Bytes, std::size_t)) {
  for (const IdentifiedPacket& p : packets) {
    if (!test(p.payload, p.wire_length)) return false;
  }
  return !packets.empty();
}

// RFC 9134 counters moving on from one packet to the next: within a frame the (SEP, P) pair steps by the
// sequence step (a P wrap or a new slice bumps SEP); a new frame bumps the F counter and starts at 0.
bool jpeg_xs_follows(const JpegXsPayloadHeader& a, const JpegXsPayloadHeader& b, std::uint16_t sequence_step,
                     bool new_frame) {
  if (a.packetization != b.packetization) return false;
  if (new_frame) {
    const unsigned frame_step = (b.frame_counter - a.frame_counter) & 0x1fU;
    return frame_step >= 1 && frame_step <= 4 && b.sep_counter == 0 && b.packet_counter < sequence_step;
  }
  if (a.frame_counter != b.frame_counter) return false;
  if (b.sep_counter == a.sep_counter) return b.packet_counter == a.packet_counter + sequence_step;
  return b.sep_counter == ((a.sep_counter + 1) & 0x7ffU) && b.packet_counter < sequence_step;
}

std::optional<MediaIdentification> as_jpeg_xs(std::span<const IdentifiedPacket> packets) {
  if (packets.size() < 2) return std::nullopt;
  std::optional<JpegXsPayloadHeader> previous;
  bool saw_codestream_start = false;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    const auto header = parse_jpeg_xs_header(packets[i].payload);
    if (!header) return std::nullopt;
    if (header->packet_in_frame() == 0) {
      if (!starts_jpeg_xs_codestream(packets[i].payload)) return std::nullopt;
      saw_codestream_start = true;
    }
    if (previous) {
      const auto step = static_cast<std::uint16_t>(packets[i].rtp.sequence - packets[i - 1].rtp.sequence);
      if (!jpeg_xs_follows(*previous, *header, step, packets[i].rtp.timestamp != packets[i - 1].rtp.timestamp)) {
        return std::nullopt;
      }
    }
    previous = *header;
  }
  MediaIdentification out;
  out.media = DetectedMedia::kCompressedVideo;
  out.inference.basis = "RFC 9134 payload headers count packets and frames on";
  // Without a frame start in view the SOC marker has not confirmed the codestream.
  out.inference.confidence = saw_codestream_start ? 1.0 : 0.9;
  if (saw_codestream_start) out.inference.basis += ", and a frame starts with the JPEG XS SOC marker";
  return out;
}

std::optional<MediaIdentification> as_pcm_audio(std::span<const IdentifiedPacket> packets) {
  if (packets.size() < 2) return std::nullopt;
  const std::size_t size = packets.front().wire_length;
  const auto step = packets[1].rtp.timestamp - packets[0].rtp.timestamp;
  if (size == 0 || step == 0) return std::nullopt;
  for (std::size_t i = 1; i < packets.size(); ++i) {
    const auto sequence_step = static_cast<std::uint16_t>(packets[i].rtp.sequence - packets[i - 1].rtp.sequence);
    if (packets[i].wire_length != size ||
        packets[i].rtp.timestamp - packets[i - 1].rtp.timestamp != step * sequence_step) {
      return std::nullopt;
    }
  }
  if (size % step != 0) return std::nullopt;
  const auto frame_bytes = static_cast<std::uint32_t>(size / step);
  const std::vector<std::string> readings = pcm_readings(frame_bytes);
  if (readings.empty()) return std::nullopt;
  // Ticks per second of arrival must be an audio rate (within the jitter a few packets can show).
  const double elapsed_ns = static_cast<double>(packets.back().arrival_ns - packets.front().arrival_ns);
  const double ticks = static_cast<double>(packets.back().rtp.timestamp - packets.front().rtp.timestamp);
  if (elapsed_ns <= 0) return std::nullopt;
  const double rate = ticks * 1e9 / elapsed_ns;
  bool near_rate = false;
  for (const std::uint32_t audio_rate : kAudioRates) near_rate = near_rate || std::fabs(rate / audio_rate - 1) < 0.5;
  MediaIdentification out;
  out.media = DetectedMedia::kAudio;
  out.audio_frame_bytes = frame_bytes;
  if (near_rate) {
    out.inference.confidence = 0.9;
    out.inference.basis = "constant payloads of whole PCM sample periods at an audio rate";
  } else {
    // An unpaced recording (a burst, a router's output written as it was sent) still carries PCM; its arrival
    // does not confirm it, so the confidence says so and "unknown" stays the other reading.
    out.inference.confidence = 0.6;
    out.inference.basis = "constant payloads of whole PCM sample periods; arrival not at an audio rate (unpaced)";
    out.inference.alternatives.push_back("unknown");
  }
  return out;
}

bool rfc4175_test(Bytes payload, std::size_t wire_length) { return looks_like_rfc4175(payload, wire_length); }
bool rfc8331_test(Bytes payload, std::size_t wire_length) { return looks_like_rfc8331(payload, wire_length); }

}  // namespace

std::vector<std::string> pcm_readings(std::uint32_t frame_bytes) {
  std::vector<std::string> readings;
  if (frame_bytes % 3 == 0 && frame_bytes / 3 <= kMaxAudioChannels) {
    readings.push_back("L24 " + std::to_string(frame_bytes / 3) + " ch");
  }
  if (frame_bytes % 2 == 0 && frame_bytes / 2 <= kMaxAudioChannels) {
    readings.push_back("L16 " + std::to_string(frame_bytes / 2) + " ch");
  }
  return readings;
}

MediaIdentification identify_media(std::span<const IdentifiedPacket> packets) {
  MediaIdentification out;
  if (all_of_packets(packets, rfc8331_test)) {
    out.media = DetectedMedia::kAncillary;
    out.inference = Inference{1.0, "every payload is a whole RFC 8331 payload with valid ANC packets", {}};
    return out;
  }
  if (all_of_packets(packets, rfc4175_test)) {
    out.media = DetectedMedia::kVideo;
    out.inference = Inference{1.0, "every payload's RFC 4175 rows announce exactly its length", {}};
    return out;
  }
  if (auto xs = as_jpeg_xs(packets)) return *xs;
  if (auto audio = as_pcm_audio(packets)) return *audio;
  out.media = DetectedMedia::kUnknown;
  out.inference = Inference{1.0, "consistent RTP whose payloads are none of RFC 4175, RFC 8331, RFC 9134 or PCM", {}};
  return out;
}

}  // namespace crosspoint::cap
