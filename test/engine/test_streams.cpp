#include "test_streams.hpp"

#include <array>

namespace crosspoint::engine::test {

using namespace st2110;

Frame StreamBuilder::packet(std::uint64_t index) const {
  const auto frame_number = static_cast<std::uint32_t>(index / spec_.packets_per_frame);
  const auto in_frame = static_cast<std::uint32_t>(index % spec_.packets_per_frame);
  const std::uint32_t sequence = static_cast<std::uint32_t>(spec_.first_sequence + index);
  const bool video = spec_.media == MediaType::kVideo;

  std::vector<std::uint8_t> payload;
  if (video) {
    const std::array<SampleRowHeader, 1> rows{SampleRowHeader{static_cast<std::uint16_t>(spec_.payload_bytes), false,
                                                              static_cast<std::uint16_t>(in_frame), 0}};
    payload.resize(rfc4175_header_length(1));
    write_rfc4175_header(MutableBytes{payload}, static_cast<std::uint16_t>(sequence >> 16), rows);
  }
  const std::size_t data_start = payload.size();
  payload.resize(data_start + spec_.payload_bytes);
  for (std::size_t i = data_start; i < payload.size(); ++i) payload[i] = static_cast<std::uint8_t>(i * 7 + frame_number);
  // Identity at the start of the sample data: tag, frame number, packet in frame.
  payload[data_start] = spec_.tag;
  store_be32(&payload[data_start + 1], frame_number);
  store_be32(&payload[data_start + 5], in_frame);

  RtpHeader rtp;
  rtp.marker = video ? in_frame + 1 == spec_.packets_per_frame : false;
  rtp.payload_type = video ? 96 : 97;
  rtp.sequence = static_cast<std::uint16_t>(sequence);
  rtp.timestamp = video ? 1000 + frame_number * spec_.timestamp_step : static_cast<std::uint32_t>(index * 48);
  rtp.ssrc = spec_.ssrc;

  const std::size_t udp_length = kUdpHeaderLength + kRtpHeaderLength + payload.size();
  Frame frame(kEthernetHeaderLength + kIpv4MinHeaderLength + udp_length);
  EthernetHeader ethernet;
  ethernet.destination = MacAddress::for_ipv4_multicast(spec_.destination.value);
  ethernet.source = MacAddress{{0x02, 0, 0, 0, 0, spec_.tag}};
  std::size_t at = write_ethernet(MutableBytes{frame}, ethernet);
  Ipv4Header ip;
  ip.total_length = static_cast<std::uint16_t>(kIpv4MinHeaderLength + udp_length);
  ip.source = spec_.source;
  ip.destination = spec_.destination;
  at += write_ipv4(MutableBytes{frame}.subspan(at), ip);
  UdpHeader udp;
  udp.source_port = 10000;
  udp.destination_port = spec_.udp_port;
  udp.length = static_cast<std::uint16_t>(udp_length);
  at += write_udp(MutableBytes{frame}.subspan(at), udp);
  at += write_rtp(MutableBytes{frame}.subspan(at), rtp);
  std::copy(payload.begin(), payload.end(), frame.begin() + static_cast<std::ptrdiff_t>(at));
  return frame;
}

Bytes media_payload(const RtpPacketView& view, MediaType media) {
  return media == MediaType::kVideo ? view.payload.subspan(rfc4175_header_length(1)) : view.payload;
}

PacketIdentity identify(const RtpPacketView& view, MediaType media) {
  const Bytes data = media_payload(view, media);
  return PacketIdentity{data[0], load_be32(data.data() + 1), load_be32(data.data() + 5)};
}

std::uint32_t sequence_of(const RtpPacketView& view, MediaType media) {
  return media == MediaType::kVideo ? full_sequence(load_be16(view.payload.data()), view.rtp.sequence) : view.rtp.sequence;
}

}  // namespace crosspoint::engine::test
