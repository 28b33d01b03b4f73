// RFC 8331 ANC payloads: the reader refuses or reads at most ANC_Count packets, each within Length; a packet it
// reads, written back, is read again equal. Length need not be a multiple of 4: the reader needs a packet's
// words within it, not the zero padding after the last one.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "crosspoint/st2110/anc.hpp"
#include "fuzz_check.hpp"

using namespace crosspoint::st2110;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto reader = AncPayloadReader::open(Bytes{data, size});
  if (!reader) return 0;
  const AncPayloadHeader header = reader->header();
  FUZZ_REQUIRE(header.length <= size - kAncPayloadHeaderLength);
  FUZZ_REQUIRE(header.field != AncField::kInvalid);
  AncPacket packet;
  std::size_t read = 0;
  std::size_t start = 0;  // the packet's octet offset after the payload header
  for (;;) {
    const auto more = reader->next(packet);
    if (!more || !*more) break;
    ++read;
    FUZZ_REQUIRE(read <= header.anc_count);
    // The location word and the 10-bit words, unpadded, lie within Length.
    FUZZ_REQUIRE(start + 4 + (10 * (4 + static_cast<std::size_t>(packet.data_count)) + 7) / 8 <= header.length);
    start += anc_packet_length(packet.data_count);
    FUZZ_REQUIRE(packet.line <= 0x7ff && packet.horizontal_offset <= 0xfff && packet.stream <= 0x7f);

    // Written back (parity and checksum recomputed from the 8-bit values) it reads the same.
    std::array<std::uint8_t, 8 + 4 + 330> again{};
    const std::array<AncPacket, 1> one{packet};
    const std::size_t written = write_anc_payload(again, header.extended_sequence, header.field, one);
    FUZZ_REQUIRE(written == kAncPayloadHeaderLength + anc_packet_length(packet.data_count));
    auto reread = AncPayloadReader::open(Bytes{again.data(), written});
    FUZZ_REQUIRE(reread.has_value());
    AncPacket copy;
    const auto got = reread->next(copy);
    FUZZ_REQUIRE(got && *got);
    FUZZ_REQUIRE(copy.did == packet.did && copy.sdid == packet.sdid && copy.data_count == packet.data_count);
    FUZZ_REQUIRE(copy.line == packet.line && copy.horizontal_offset == packet.horizontal_offset);
  }
  return 0;
}
