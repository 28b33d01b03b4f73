#include <catch2/catch.hpp>

#include <array>
#include <vector>

#include "crosspoint/st2110/anc.hpp"

using namespace crosspoint::st2110;

namespace {

AncPacket packet_of(std::uint8_t did, std::uint8_t sdid, std::uint16_t line, std::vector<std::uint8_t> bytes) {
  AncPacket packet;
  packet.did = did;
  packet.sdid = sdid;
  packet.line = line;
  packet.horizontal_offset = 0;
  packet.data_count = static_cast<std::uint8_t>(bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) packet.user_data[i] = anc_word_with_parity(bytes[i]);
  return packet;
}

std::vector<AncPacket> read_all(Bytes payload) {
  auto reader = AncPayloadReader::open(payload);
  REQUIRE(reader.has_value());
  std::vector<AncPacket> packets;
  AncPacket packet;
  while (true) {
    auto more = reader->next(packet);
    REQUIRE(more.has_value());
    if (!*more) break;
    packets.push_back(packet);
  }
  return packets;
}

// One ATC packet (DID 0x60, SDID 0x60, 16 UDWs) on line 9: 4 + (10 x 20 bits -> 224 bits) = 32 octets.
std::vector<std::uint8_t> timecode_payload() {
  std::vector<std::uint8_t> bytes(16);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(0x10 * (i % 8) + i);
  const AncPacket packet = packet_of(0x60, 0x60, 9, bytes);
  std::vector<std::uint8_t> payload(128);
  payload.resize(write_anc_payload(payload, 7, AncField::kProgressive, std::span(&packet, 1)));
  return payload;
}

}  // namespace

TEST_CASE("ST 291 words carry even parity in b8 and its inverse in b9") {
  CHECK(anc_word_with_parity(0x00) == 0x200);
  CHECK(anc_word_with_parity(0x01) == 0x101);
  CHECK(anc_word_with_parity(0x03) == 0x203);
  CHECK(anc_word_with_parity(0x61) == 0x161);  // CDP DID: three bits set
  CHECK(anc_word_with_parity(0x60) == 0x260);
  CHECK(anc_word_with_parity(0xff) == 0x2ff);
}

TEST_CASE("the ANC checksum is the 9-bit sum from DID to the last user word with b9 inverted") {
  // DID 0x260 + SDID 0x260 + DC 0x200 -> 9 bits 0x0c0, b8 = 0 so b9 = 1.
  CHECK(anc_checksum_word(0x60, 0x60, {}) == 0x2c0);
  const std::array<std::uint16_t, 2> words = {0x1ff, 0x101};
  // 0x161 + 0x101 + 0x102 + 0x1ff + 0x101 = 0x664 -> 9 bits 0x064, b8 = 0 so b9 = 1.
  CHECK(anc_checksum_word(0x61, 0x01, words) == 0x264);
  const std::array<std::uint16_t, 1> carry = {0x1a0};
  // 0x161 + 0x101 + 0x101 + 0x1a0 = 0x503 -> 9 bits 0x103, b8 = 1 so b9 = 0.
  CHECK(anc_checksum_word(0x61, 0x01, carry) == 0x103);
  const std::array<std::uint16_t, 1> high = {0x09e};
  // 0x161 + 0x101 + 0x101 + 0x09e = 0x401 -> 9 bits 0x001, b8 = 0 so b9 = 1.
  CHECK(anc_checksum_word(0x61, 0x01, high) == 0x201);
}

TEST_CASE("an ANC payload written is the payload read") {
  std::vector<AncPacket> packets;
  packets.push_back(packet_of(0x60, 0x60, 9, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88}));
  packets.push_back(packet_of(0x61, 0x01, 10, {0x96, 0x69, 0x55, 0x4f}));
  packets.push_back(packet_of(0x41, 0x05, 11, {}));
  packets[1].color_difference = true;
  packets[1].horizontal_offset = 0xabc;
  packets[1].has_stream = true;
  packets[1].stream = 0x55;
  packets[2].line = kAncLineWithoutLocation;
  packets[2].horizontal_offset = kAncOffsetWithoutLocation;
  std::array<std::uint8_t, 256> out{};
  const std::size_t length = write_anc_payload(out, 0xbeef, AncField::kSecondField, packets);
  REQUIRE(length == kAncPayloadHeaderLength + anc_packet_length(8) + anc_packet_length(4) + anc_packet_length(0));
  CHECK(anc_packet_length(0) == 12);  // location word, then 40 bits of words padded to 64
  CHECK(anc_packet_length(4) == 16);  // location word, then 80 bits padded to 96

  auto reader = AncPayloadReader::open(std::span(out).first(length));
  REQUIRE(reader.has_value());
  CHECK(reader->header().extended_sequence == 0xbeef);
  CHECK(reader->header().anc_count == 3);
  CHECK(reader->header().field == AncField::kSecondField);
  CHECK(reader->header().length == length - kAncPayloadHeaderLength);
  const auto read = read_all(std::span(out).first(length));
  REQUIRE(read.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("packet " << i);
    CHECK(read[i].color_difference == packets[i].color_difference);
    CHECK(read[i].line == packets[i].line);
    CHECK(read[i].horizontal_offset == packets[i].horizontal_offset);
    CHECK(read[i].has_stream == packets[i].has_stream);
    CHECK(read[i].stream == packets[i].stream);
    CHECK(read[i].did == packets[i].did);
    CHECK(read[i].sdid == packets[i].sdid);
    CHECK(read[i].data_count == packets[i].data_count);
    CHECK(std::vector(read[i].user_data_words().begin(), read[i].user_data_words().end()) ==
          std::vector(packets[i].user_data_words().begin(), packets[i].user_data_words().end()));
    CHECK(read[i].user_data_parity_errors == 0);
  }
}

TEST_CASE("an empty ANC payload has ANC_Count 0 and nothing to read") {
  std::array<std::uint8_t, 8> out{};
  REQUIRE(write_anc_payload(out, 1, AncField::kProgressive, {}) == 8);
  CHECK(read_all(out).empty());
}

TEST_CASE("an ANC payload cut at every offset is refused, never overread") {
  const auto payload = timecode_payload();
  REQUIRE(payload.size() == 8 + 32);
  for (std::size_t cut = 0; cut < payload.size(); ++cut) {
    INFO("cut at " << cut);
    auto reader = AncPayloadReader::open(std::span(payload).first(cut));
    REQUIRE_FALSE(reader.has_value());
    CHECK(reader.error() == (cut < 8 ? ParseError::kTruncatedPayloadHeader : ParseError::kTruncatedAnc));
  }
  // A Length that lies short of the packet's words: the reader stops at Length, not at the payload's end.
  // (The packet's words end at octet 29; the last three octets are word_align padding.)
  for (std::uint16_t length = 0; length < 29; ++length) {
    INFO("length " << length);
    auto lying = payload;
    lying[2] = 0;
    lying[3] = static_cast<std::uint8_t>(length);
    auto reader = AncPayloadReader::open(lying);
    REQUIRE(reader.has_value());
    AncPacket packet;
    auto more = reader->next(packet);
    REQUIRE_FALSE(more.has_value());
    CHECK(more.error() == ParseError::kTruncatedAnc);
  }
}

TEST_CASE("ANC parity and checksum errors are refused with their reasons") {
  const auto good = timecode_payload();
  // DID's parity bit b8 is the first bit after the location word's low... the DID word starts at octet 12.
  auto bad_did = good;
  bad_did[12] ^= 0x40;  // b8 of DID (bits: b9 = 0x80, b8 = 0x40 of octet 12)
  auto bad_checksum = good;
  // The checksum word sits after 3 + 16 words = 190 bits: bits 190..199 from octet 12.
  const std::size_t bit = 12 * 8 + 190 + 9;  // its b0
  bad_checksum[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
  auto bad_user_word = good;
  const std::size_t udw_bit = 12 * 8 + 30 + 9;  // b0 of the first user data word
  bad_user_word[udw_bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (udw_bit % 8));

  AncPacket packet;
  {
    auto reader = AncPayloadReader::open(bad_did);
    REQUIRE(reader.has_value());
    auto more = reader->next(packet);
    REQUIRE_FALSE(more.has_value());
    CHECK(more.error() == ParseError::kBadAncParity);
  }
  {
    auto reader = AncPayloadReader::open(bad_checksum);
    REQUIRE(reader.has_value());
    auto more = reader->next(packet);
    REQUIRE_FALSE(more.has_value());
    CHECK(more.error() == ParseError::kBadAncChecksum);
  }
  {
    // A flipped user data bit breaks that word's parity and the checksum.
    auto reader = AncPayloadReader::open(bad_user_word);
    REQUIRE(reader.has_value());
    auto more = reader->next(packet);
    REQUIRE_FALSE(more.has_value());
    CHECK(more.error() == ParseError::kBadAncChecksum);
  }
}

TEST_CASE("10-bit user data without parity is counted, not refused") {
  AncPacket packet;
  packet.did = 0x41;
  packet.sdid = 0x07;
  packet.data_count = 2;
  packet.user_data[0] = 0x3ff;  // b8 and b9 both set: not 8-bit data
  packet.user_data[1] = anc_word_with_parity(0x12);
  std::array<std::uint8_t, 64> out{};
  const std::size_t length = write_anc_payload(out, 0, AncField::kFirstField, std::span(&packet, 1));
  REQUIRE(length > 0);
  const auto read = read_all(std::span(out).first(length));
  REQUIRE(read.size() == 1);
  CHECK(read[0].user_data[0] == 0x3ff);
  CHECK(read[0].user_data_parity_errors == 1);
}

TEST_CASE("an ANC payload header with F = 0b01 is refused") {
  auto payload = timecode_payload();
  payload[5] = 0x40;
  auto reader = AncPayloadReader::open(payload);
  REQUIRE_FALSE(reader.has_value());
  CHECK(reader.error() == ParseError::kBadPayloadHeader);
}

TEST_CASE("writing ANC refuses fields too wide and buffers too small") {
  AncPacket packet = packet_of(0x60, 0x60, 9, {1, 2, 3});
  std::array<std::uint8_t, 64> out{};
  CHECK(write_anc_payload(std::span(out).first(8 + 15), 0, AncField::kProgressive, std::span(&packet, 1)) == 0);
  CHECK(write_anc_payload(std::span(out).first(8 + 16), 0, AncField::kProgressive, std::span(&packet, 1)) == 24);
  packet.line = 0x800;
  CHECK(write_anc_payload(out, 0, AncField::kProgressive, std::span(&packet, 1)) == 0);
  packet.line = 9;
  packet.horizontal_offset = 0x1000;
  CHECK(write_anc_payload(out, 0, AncField::kProgressive, std::span(&packet, 1)) == 0);
}
