#include "crosspoint/st2110/anc.hpp"

namespace crosspoint::st2110 {

namespace {

// MSB-first bit access inside a byte span, as RFC 8331 lays out its 10-bit words.
class BitReader {
 public:
  BitReader(Bytes bytes, std::size_t bit) : bytes_(bytes), bit_(bit) {}
  [[nodiscard]] bool has(std::size_t bits) const { return bit_ + bits <= bytes_.size() * 8; }
  std::uint16_t read(std::size_t bits) {
    std::uint16_t value = 0;
    for (std::size_t i = 0; i < bits; ++i, ++bit_) {
      value = static_cast<std::uint16_t>((value << 1) | ((bytes_[bit_ / 8] >> (7 - bit_ % 8)) & 1));
    }
    return value;
  }
  [[nodiscard]] std::size_t bit() const { return bit_; }

 private:
  Bytes bytes_;
  std::size_t bit_;
};

class BitWriter {
 public:
  BitWriter(MutableBytes bytes, std::size_t bit) : bytes_(bytes), bit_(bit) {}
  void write(std::uint32_t value, std::size_t bits) {
    for (std::size_t i = bits; i-- > 0; ++bit_) {
      const auto mask = static_cast<std::uint8_t>(0x80 >> (bit_ % 8));
      if ((value >> i) & 1) bytes_[bit_ / 8] |= mask;
      else bytes_[bit_ / 8] &= static_cast<std::uint8_t>(~mask);
    }
  }
  [[nodiscard]] std::size_t bit() const { return bit_; }

 private:
  MutableBytes bytes_;
  std::size_t bit_;
};

bool parity_ok(std::uint16_t word) { return anc_word_with_parity(static_cast<std::uint8_t>(word)) == word; }

}  // namespace

std::uint16_t anc_checksum_word(std::uint8_t did, std::uint8_t sdid, std::span<const std::uint16_t> user_data) {
  std::uint32_t sum = anc_word_with_parity(did) + anc_word_with_parity(sdid) +
                      anc_word_with_parity(static_cast<std::uint8_t>(user_data.size()));
  for (const std::uint16_t word : user_data) sum += word & 0x1ff;
  sum &= 0x1ff;
  return static_cast<std::uint16_t>(sum | ((sum & 0x100) ? 0 : 0x200));
}

Expected<AncPayloadReader, ParseError> AncPayloadReader::open(Bytes payload) {
  if (payload.size() < kAncPayloadHeaderLength) return Unexpected{ParseError::kTruncatedPayloadHeader};
  const std::uint8_t* p = payload.data();
  AncPayloadHeader header;
  header.extended_sequence = load_be16(p);
  header.length = load_be16(p + 2);
  header.anc_count = p[4];
  header.field = static_cast<AncField>(p[5] >> 6);
  if (header.field == AncField::kInvalid) return Unexpected{ParseError::kBadPayloadHeader};
  if (header.length > payload.size() - kAncPayloadHeaderLength) return Unexpected{ParseError::kTruncatedAnc};
  return AncPayloadReader(header, payload.subspan(kAncPayloadHeaderLength, header.length));
}

Expected<bool, ParseError> AncPayloadReader::next(AncPacket& packet) {
  if (read_ == header_.anc_count) return false;
  if (at_ + 4 > packets_.size()) return Unexpected{ParseError::kTruncatedAnc};
  const std::uint32_t location = load_be32(packets_.data() + at_);
  packet.color_difference = (location >> 31) != 0;
  packet.line = static_cast<std::uint16_t>((location >> 20) & 0x7ff);
  packet.horizontal_offset = static_cast<std::uint16_t>((location >> 8) & 0xfff);
  packet.has_stream = ((location >> 7) & 1) != 0;
  packet.stream = static_cast<std::uint8_t>(location & 0x7f);

  BitReader bits(packets_, (at_ + 4) * 8);
  if (!bits.has(30)) return Unexpected{ParseError::kTruncatedAnc};
  const std::uint16_t did = bits.read(10);
  const std::uint16_t sdid = bits.read(10);
  const std::uint16_t count = bits.read(10);
  if (!parity_ok(did) || !parity_ok(sdid) || !parity_ok(count)) return Unexpected{ParseError::kBadAncParity};
  packet.did = static_cast<std::uint8_t>(did);
  packet.sdid = static_cast<std::uint8_t>(sdid);
  packet.data_count = static_cast<std::uint8_t>(count);
  if (!bits.has(10 * (static_cast<std::size_t>(packet.data_count) + 1))) return Unexpected{ParseError::kTruncatedAnc};
  packet.user_data_parity_errors = 0;
  for (std::size_t i = 0; i < packet.data_count; ++i) {
    packet.user_data[i] = bits.read(10);
    if (!parity_ok(packet.user_data[i])) ++packet.user_data_parity_errors;
  }
  packet.checksum_word = bits.read(10);
  if ((packet.checksum_word & 0x3ff) != anc_checksum_word(packet.did, packet.sdid, packet.user_data_words())) {
    return Unexpected{ParseError::kBadAncChecksum};
  }
  // The next packet starts at the next 32-bit boundary.
  at_ = (bits.bit() + 31) / 32 * 4;
  ++read_;
  return true;
}

std::size_t write_anc_payload(MutableBytes out, std::uint16_t extended_sequence, AncField field,
                              std::span<const AncPacket> packets) {
  if (packets.size() > 255) return 0;
  std::size_t length = 0;
  for (const AncPacket& packet : packets) {
    if (packet.line > 0x7ff || packet.horizontal_offset > 0xfff || packet.stream > 0x7f) return 0;
    length += anc_packet_length(packet.data_count);
  }
  if (length > 0xffff || out.size() < kAncPayloadHeaderLength + length) return 0;
  std::uint8_t* p = out.data();
  store_be16(p, extended_sequence);
  store_be16(p + 2, static_cast<std::uint16_t>(length));
  p[4] = static_cast<std::uint8_t>(packets.size());
  p[5] = static_cast<std::uint8_t>(static_cast<std::uint8_t>(field) << 6);
  p[6] = 0;
  p[7] = 0;
  std::size_t at = kAncPayloadHeaderLength;
  for (const AncPacket& packet : packets) {
    store_be32(p + at, (packet.color_difference ? 0x80000000U : 0U) | (static_cast<std::uint32_t>(packet.line) << 20) |
                           (static_cast<std::uint32_t>(packet.horizontal_offset) << 8) |
                           (packet.has_stream ? 0x80U : 0U) | packet.stream);
    BitWriter bits(out, (at + 4) * 8);
    bits.write(anc_word_with_parity(packet.did), 10);
    bits.write(anc_word_with_parity(packet.sdid), 10);
    bits.write(anc_word_with_parity(packet.data_count), 10);
    for (const std::uint16_t word : packet.user_data_words()) bits.write(word & 0x3ff, 10);
    bits.write(anc_checksum_word(packet.did, packet.sdid, packet.user_data_words()), 10);
    const std::size_t end = at + anc_packet_length(packet.data_count);
    bits.write(0, end * 8 - bits.bit());  // word_align: zero bits up to the 32-bit boundary
    at = end;
  }
  return at;
}

}  // namespace crosspoint::st2110
