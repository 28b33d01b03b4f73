// Parsers meet hostile input: valid packets with random bit flips, random cuts and random bytes. Whatever
// they accept must describe bytes inside the input; the sanitizer build proves nothing reads outside it.
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "crosspoint/st2110/anc.hpp"
#include "crosspoint/st2110/pcm.hpp"
#include "crosspoint/st2110/rfc4175.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"

using namespace crosspoint::st2110;

namespace {

bool inside(Bytes part, Bytes whole) {
  return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

std::vector<std::uint8_t> video_frame() {
  std::vector<std::uint8_t> frame(14 + 20 + 8 + 12 + 14 + 1260, 0);
  EthernetHeader ethernet;
  std::size_t at = write_ethernet(frame, ethernet);
  Ipv4Header ip;
  ip.total_length = static_cast<std::uint16_t>(frame.size() - 14);
  at += write_ipv4(std::span(frame).subspan(at), ip);
  at += write_udp(std::span(frame).subspan(at), UdpHeader{1, 2, static_cast<std::uint16_t>(frame.size() - 34), 0});
  at += write_rtp(std::span(frame).subspan(at), RtpHeader{});
  const std::array<SampleRowHeader, 2> rows = {SampleRowHeader{1020, false, 0, 1512}, SampleRowHeader{240, false, 1, 0}};
  write_rfc4175_header(std::span(frame).subspan(at), 0, rows);
  return frame;
}

std::vector<std::uint8_t> anc_payload() {
  std::array<AncPacket, 2> packets{};
  packets[0].did = 0x60;
  packets[0].sdid = 0x60;
  packets[0].data_count = 16;
  packets[1].did = 0x61;
  packets[1].sdid = 0x01;
  packets[1].data_count = 40;
  for (auto& packet : packets) {
    for (std::size_t i = 0; i < packet.data_count; ++i) packet.user_data[i] = anc_word_with_parity(static_cast<std::uint8_t>(i));
  }
  std::vector<std::uint8_t> payload(256);
  payload.resize(write_anc_payload(payload, 0, AncField::kProgressive, packets));
  return payload;
}

// Flips a few random bits and sometimes cuts the input short.
std::vector<std::uint8_t> mutated(const std::vector<std::uint8_t>& input, std::mt19937& random) {
  std::vector<std::uint8_t> copy = input;
  const int flips = std::uniform_int_distribution<int>(1, 4)(random);
  for (int i = 0; i < flips; ++i) {
    const std::size_t bit = std::uniform_int_distribution<std::size_t>(0, copy.size() * 8 - 1)(random);
    copy[bit / 8] ^= static_cast<std::uint8_t>(1U << (bit % 8));
  }
  if (random() % 4 == 0) copy.resize(std::uniform_int_distribution<std::size_t>(0, copy.size())(random));
  return copy;
}

}  // namespace

TEST_CASE("mutated frames are refused or parsed to spans inside the frame") {
  std::mt19937 random(2110);
  const auto valid = video_frame();
  REQUIRE(parse_rtp_packet(valid).has_value());
  std::size_t accepted = 0;
  for (int i = 0; i < 40000; ++i) {
    const auto frame = mutated(valid, random);
    // Also as a capture record of the original length, the way snap-length captures arrive.
    for (const std::size_t wire : {frame.size(), valid.size()}) {
      const auto parsed = parse_rtp_packet(frame, wire);
      if (!parsed) continue;
      const RtpPacketView& view = *parsed;
      ++accepted;
      REQUIRE(inside(view.payload, frame));
      REQUIRE(inside(view.rtp.extension_data, frame));
      REQUIRE(view.rtp_offset + view.rtp.header_length <= frame.size());
      const auto header = parse_rfc4175_header(view.payload);
      if (!header) continue;
      REQUIRE(header->row_count >= 1);
      REQUIRE(header->header_length <= view.payload.size());
      auto payload = parse_rfc4175(view.payload);
      if (!payload) continue;
      for (std::size_t s = 0; s < payload->header.row_count; ++s) REQUIRE(inside(payload->segment_data[s], view.payload));
    }
  }
  CHECK(accepted > 0);  // flips in the pixel data leave the headers valid
}

TEST_CASE("mutated ANC payloads are refused or read within the payload") {
  std::mt19937 random(40);
  const auto valid = anc_payload();
  std::size_t packets_read = 0;
  AncPacket packet;
  for (int i = 0; i < 40000; ++i) {
    const auto payload = mutated(valid, random);
    auto reader = AncPayloadReader::open(payload);
    if (!reader) continue;
    REQUIRE(reader->header().length <= payload.size() - kAncPayloadHeaderLength);
    for (int guard = 0; guard < 256; ++guard) {
      auto more = reader->next(packet);
      if (!more || !*more) break;
      ++packets_read;
      REQUIRE(anc_packet_length(packet.data_count) <= payload.size());
    }
  }
  CHECK(packets_read > 0);
}

TEST_CASE("random bytes never parse as more than they hold") {
  std::mt19937 random(30);
  for (int i = 0; i < 20000; ++i) {
    std::vector<std::uint8_t> bytes(std::uniform_int_distribution<std::size_t>(0, 200)(random));
    for (auto& byte : bytes) byte = static_cast<std::uint8_t>(random());
    if (const auto view = parse_rtp_packet(bytes)) REQUIRE(inside(view->payload, bytes));
    if (const auto header = parse_rfc4175_header(bytes)) REQUIRE(header->header_length <= bytes.size());
    if (auto reader = AncPayloadReader::open(bytes)) {
      AncPacket packet;
      for (int guard = 0; guard < 256; ++guard) {
        auto more = reader->next(packet);
        if (!more || !*more) break;
      }
    }
    if (auto pcm = parse_pcm(bytes, AudioEncoding::kL24, 2)) {
      REQUIRE(pcm->sample_count() * 6 == bytes.size());
      CHECK(pcm->sample(pcm->sample_count() - 1, 1) == pcm->sample(pcm->sample_count() - 1, 1));
    }
  }
}
