// The request target of every HTTP request the server answers: an origin-form path with percent escapes and
// a query string. Decoded segments join back into the path; what percent_encode writes decodes to itself.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "nmos/http/request_target.hpp"

using namespace crosspoint::nmos::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  if (const auto target = parse_request_target(text)) {
    std::string joined = "/";
    for (std::size_t i = 0; i < target->segments.size(); ++i) {
      FUZZ_REQUIRE(!target->segments[i].empty());
      joined += (i > 0 ? "/" : "") + target->segments[i];
    }
    FUZZ_REQUIRE(target->path == joined);
    FUZZ_REQUIRE(target->query.size() <= size);
  }
  const std::string encoded = percent_encode(text);
  const auto decoded = percent_decode(encoded, false);
  FUZZ_REQUIRE(decoded.has_value() && *decoded == text);
  (void)percent_decode(text, true);
  return 0;
}
