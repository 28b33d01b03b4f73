// DNS messages from a unicast DNS-SD server or mDNS: every length and compression pointer is checked against
// the message, names stay within DNS limits, and nothing loops.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "fuzz_check.hpp"
#include "nmos/discovery/dns_message.hpp"

using namespace crosspoint::nmos;

namespace {

void check(const DnsRecord& record) {
  // A name of at most 255 octets on the wire (RFC 1035) reads as at most 253 characters (dots between labels).
  FUZZ_REQUIRE(record.name.size() <= 253);
  if (record.type == static_cast<std::uint16_t>(DnsType::kPtr)) {
    if (const auto* target = std::get_if<std::string>(&record.data)) FUZZ_REQUIRE(target->size() <= 253);
  }
  if (const auto* srv = std::get_if<SrvData>(&record.data)) FUZZ_REQUIRE(srv->target.size() <= 253);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto response = parse_dns_response(std::span<const std::uint8_t>{data, size});
  if (!response) return 0;
  FUZZ_REQUIRE(response->answers.size() + response->additionals.size() <= size);
  for (const DnsRecord& record : response->answers) check(record);
  for (const DnsRecord& record : response->additionals) check(record);
  return 0;
}
