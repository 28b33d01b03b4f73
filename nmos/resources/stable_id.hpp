// Name-based (version 5, SHA-1) UUIDs: the same node seed and resource name give the same id on every start.
#pragma once

#include <string>
#include <string_view>

namespace crosspoint::nmos {

class StableIdGenerator {
 public:
  explicit StableIdGenerator(std::string_view seed);
  // e.g. make("sender/out1") -> "6e0c...": lower case, RFC 4122 variant, version 5.
  [[nodiscard]] std::string make(std::string_view name) const;

 private:
  std::string namespace_id_;
};

// True for the lower-case UUID form the IS-04 schemas require.
bool is_nmos_uuid(std::string_view text);

}  // namespace crosspoint::nmos
