// SDP from other devices and from IS-05 transport files: parse_sdp reads it or names the line it refuses; a
// description it reads is generated again and reads back equal (the promise of generate_sdp).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "crosspoint/st2110/sdp.hpp"
#include "fuzz_check.hpp"

using namespace crosspoint::st2110;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  const auto session = parse_sdp(text);
  if (!session) return 0;
  const std::string generated = generate_sdp(*session);
  const auto again = parse_sdp(generated);
  if (!again) {
    std::fprintf(stderr, "generated SDP refused: %s\n%s\n", again.error().to_string().c_str(), generated.c_str());
  }
  FUZZ_REQUIRE(again.has_value());
  FUZZ_REQUIRE(generate_sdp(*again) == generated);
  return 0;
}
