// ST 2110-40 / RFC 8331 ancillary data payloads: an 8-octet payload header (extended sequence, Length,
// ANC_Count, F), then ANC_Count SMPTE ST 291-1 packets, each a 32-bit location word and a run of 10-bit
// words (DID, SDID, Data_Count, user data, checksum) padded with zero bits to a 32-bit boundary.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/parse_error.hpp"

namespace crosspoint::st2110 {

constexpr std::size_t kAncPayloadHeaderLength = 8;
constexpr std::size_t kMaxAncUserDataWords = 255;

// F: what the packets' line numbers count in.
enum class AncField : std::uint8_t {
  kProgressive = 0,     // 0b00: progressive frame (or field not signalled)
  kInvalid = 1,         // 0b01: not allowed
  kFirstField = 2,      // 0b10
  kSecondField = 3,     // 0b11
};

struct AncPayloadHeader {
  std::uint16_t extended_sequence = 0;
  std::uint16_t length = 0;  // octets of ANC packets after this header (word-aligned)
  std::uint8_t anc_count = 0;
  AncField field = AncField::kProgressive;
};

// Line numbers with a special meaning (RFC 8331 section 2.1).
constexpr std::uint16_t kAncLineWithoutLocation = 0x7ff;  // any line
constexpr std::uint16_t kAncLineInVbiNotSpecified = 0x7fe;
constexpr std::uint16_t kAncOffsetWithoutLocation = 0xfff;

// One ST 291-1 packet. DID, SDID and Data_Count are their 8-bit values (the parity bits are checked when
// parsing and added when writing); user data words are the full 10-bit words as carried.
struct AncPacket {
  bool color_difference = false;   // C: carried in the colour-difference (chroma) data stream
  std::uint16_t line = 0;          // 11 bits
  std::uint16_t horizontal_offset = 0;  // 12 bits
  bool has_stream = false;         // S: stream_num is meaningful
  std::uint8_t stream = 0;         // 7 bits
  std::uint8_t did = 0;
  std::uint8_t sdid = 0;
  std::uint8_t data_count = 0;
  std::array<std::uint16_t, kMaxAncUserDataWords> user_data{};
  std::uint16_t checksum_word = 0;  // as carried (parsing) or as computed (writing)
  // User data words whose b8 is not the even parity of b0..b7 or b9 not its inverse. ST 291-1 allows 10-bit
  // user data, so this is counted rather than refused; 8-bit payloads (timecode, captions) must show 0.
  std::uint16_t user_data_parity_errors = 0;

  [[nodiscard]] std::span<const std::uint16_t> user_data_words() const { return {user_data.data(), data_count}; }
};

// A 10-bit ST 291-1 word carrying `value` in b0..b7 with even parity in b8 and its inverse in b9.
constexpr std::uint16_t anc_word_with_parity(std::uint8_t value) {
  std::uint8_t bits = value;
  bits ^= static_cast<std::uint8_t>(bits >> 4);
  bits ^= static_cast<std::uint8_t>(bits >> 2);
  bits ^= static_cast<std::uint8_t>(bits >> 1);
  const bool odd = (bits & 1) != 0;
  return static_cast<std::uint16_t>(value | (odd ? 0x100 : 0x200));
}

// The checksum word over DID, SDID, Data_Count and the user data (9-bit sum of their b0..b8, b9 = !b8).
std::uint16_t anc_checksum_word(std::uint8_t did, std::uint8_t sdid, std::span<const std::uint16_t> user_data);

// Reads an ANC payload packet by packet; nothing is allocated, each packet lands in the caller's AncPacket.
class AncPayloadReader {
 public:
  // Checks the payload header: F not 0b01, Length within the payload.
  static Expected<AncPayloadReader, ParseError> open(Bytes payload);

  [[nodiscard]] const AncPayloadHeader& header() const { return header_; }
  // Fills `packet` with the next of the header's ANC_Count packets: true, or false when all have been read.
  // Fails on a packet running past Length (kTruncatedAnc), on DID/SDID/Data_Count parity (kBadAncParity)
  // and on a checksum mismatch (kBadAncChecksum).
  Expected<bool, ParseError> next(AncPacket& packet);

 private:
  AncPayloadReader(AncPayloadHeader header, Bytes packets) : header_(header), packets_(packets) {}

  AncPayloadHeader header_;
  Bytes packets_;        // the Length octets after the payload header
  std::size_t at_ = 0;   // octet offset of the next packet in packets_
  std::uint8_t read_ = 0;
};

// Writes the payload header and `packets` (parity, checksum, Length and ANC_Count computed here); returns the
// octets written, or 0 when `out` is too small, there are more than 255 packets or a field is too wide.
std::size_t write_anc_payload(MutableBytes out, std::uint16_t extended_sequence, AncField field,
                              std::span<const AncPacket> packets);

// Octets one ANC packet takes in a payload: the location word and its 10-bit words padded to 32 bits.
constexpr std::size_t anc_packet_length(std::uint8_t data_count) {
  return 4 + (10 * (4 + static_cast<std::size_t>(data_count)) + 31) / 32 * 4;
}

}  // namespace crosspoint::st2110
