#include "nmos/resources/stable_id.hpp"

#include <boost/uuid/name_generator_sha1.hpp>
#include <boost/uuid/string_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

namespace crosspoint::nmos {
namespace {

// The namespace of all crosspoint ids; each node's seed opens its own namespace below it.
constexpr const char* kCrosspointNamespace = "4c9e3b8a-2f4d-5a61-9c0e-7d2b1a6f3e85";

}  // namespace

StableIdGenerator::StableIdGenerator(std::string_view seed) {
  const boost::uuids::uuid root = boost::uuids::string_generator()(kCrosspointNamespace);
  boost::uuids::name_generator_sha1 generator(root);
  namespace_id_ = boost::uuids::to_string(generator(seed.data(), seed.size()));
}

std::string StableIdGenerator::make(std::string_view name) const {
  boost::uuids::name_generator_sha1 generator(boost::uuids::string_generator()(namespace_id_));
  return boost::uuids::to_string(generator(name.data(), name.size()));
}

bool is_nmos_uuid(std::string_view text) {
  // ^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return text[14] >= '1' && text[14] <= '5' && (text[19] == '8' || text[19] == '9' || text[19] == 'a' || text[19] == 'b');
}

}  // namespace crosspoint::nmos
