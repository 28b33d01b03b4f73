// The DNS wire format (RFC 1035) for what unicast DNS-SD needs: building a query and reading PTR, SRV
// (RFC 2782), TXT (RFC 6763 key=value strings), A and AAAA records from a response, compression included.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "crosspoint/expected.hpp"

namespace crosspoint::nmos {

enum class DnsType : std::uint16_t { kA = 1, kPtr = 12, kTxt = 16, kAaaa = 28, kSrv = 33 };

struct SrvData {
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
  std::uint16_t port = 0;
  std::string target;
};

struct DnsRecord {
  std::string name;  // lower case, no trailing dot
  std::uint16_t type = 0;
  std::uint32_t ttl = 0;
  // PTR: target name; SRV: SrvData; TXT: the strings; A/AAAA: address text; other types: empty.
  std::variant<std::monostate, std::string, SrvData, std::vector<std::string>> data;
};

struct DnsResponse {
  std::uint16_t id = 0;
  std::uint8_t rcode = 0;  // 0 no error, 3 NXDOMAIN
  std::vector<DnsRecord> answers;
  std::vector<DnsRecord> additionals;
};

// A recursion-desired query for one name and type.
std::vector<std::uint8_t> make_dns_query(std::uint16_t id, std::string_view name, DnsType type);

// Parses a response; every length and pointer is checked against the message.
Expected<DnsResponse, std::string> parse_dns_response(std::span<const std::uint8_t> message);

}  // namespace crosspoint::nmos
