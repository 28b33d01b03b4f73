// The data path's two readers of a received frame: read_common_shape() may decline what parse_rtp_packet()
// accepts, but whatever it accepts the full parser accepts with the same layout; every view lies in the frame,
// whole or cut by a capture's snap length.
#include <cstddef>
#include <cstdint>

#include "crosspoint/st2110/rtp_packet.hpp"
#include "fuzz_check.hpp"
#include "packet_layout.hpp"

using namespace crosspoint;
using crosspoint::fuzz::inside;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const st2110::Bytes frame{data, size};
  const auto view = st2110::parse_rtp_packet(frame);
  if (view) {
    FUZZ_REQUIRE(inside(view->payload, frame));
    FUZZ_REQUIRE(inside(view->rtp.extension_data, frame));
    FUZZ_REQUIRE(view->rtp_offset + view->rtp.header_length <= size);
    FUZZ_REQUIRE(!view->payload_truncated());
  }
  engine::PacketLayout fast;
  if (engine::read_common_shape(data, size, fast)) {
    FUZZ_REQUIRE(view.has_value());
    const engine::PacketLayout full = engine::layout_of(*view);
    FUZZ_REQUIRE(fast.ip_offset == full.ip_offset);
    FUZZ_REQUIRE(fast.rtp_offset == full.rtp_offset);
    FUZZ_REQUIRE(fast.rtp_header_length == full.rtp_header_length);
    FUZZ_REQUIRE(fast.rtp_length == full.rtp_length);
    FUZZ_REQUIRE(fast.payload_length == full.payload_length);
    FUZZ_REQUIRE(fast.rtp_offset + fast.rtp_length <= size);
  }
  // The same octets as a capture record of a longer frame: lengths are checked against the wire, the payload
  // is what was captured.
  if (const auto cut = st2110::parse_rtp_packet(frame, size + 1000)) {
    FUZZ_REQUIRE(inside(cut->payload, frame));
    FUZZ_REQUIRE(cut->payload.size() <= cut->payload_wire_length);
  }
  return 0;
}
