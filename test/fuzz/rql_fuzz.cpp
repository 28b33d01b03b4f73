// query.rql of the Query API: an expression parses, or is refused with 400 (malformed, too complex) or 501
// (an operator this registry lacks); a parsed one is matched against registered resources of each type.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "nmos/registry/rql_query.hpp"
#include "sample_resources.hpp"

using namespace crosspoint::nmos::registry;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const nlohmann::json kResources[] = {
      test::sample_node(test::sample_id(1)), test::sample_video_source(test::sample_id(3), test::sample_id(2)),
      test::sample_video_flow(test::sample_id(4), test::sample_id(3), test::sample_id(2)),
      test::sample_sender(test::sample_id(5), test::sample_id(2), test::sample_id(4))};
  const auto query = RqlQuery::parse(std::string_view{reinterpret_cast<const char*>(data), size});
  if (!query) {
    FUZZ_REQUIRE(query.error().status == 400 || query.error().status == 501);
    return 0;
  }
  for (const auto& resource : kResources) (void)query->matches(resource);
  return 0;
}
