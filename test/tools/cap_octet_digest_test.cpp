// The digest compare keeps of each frame: equal octets give equal digests however they are cut into
// pieces; one octet changed, dropped or added anywhere gives another.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "octet_digest.hpp"

using crosspoint::cap::OctetDigest;
using crosspoint::st2110::Bytes;

namespace {

OctetDigest digest_in_pieces(const std::vector<std::uint8_t>& octets, std::size_t piece) {
  OctetDigest digest;
  for (std::size_t at = 0; at < octets.size(); at += piece) {
    digest.add(Bytes(octets).subspan(at, std::min(piece, octets.size() - at)));
  }
  return digest;
}

}  // namespace

TEST_CASE("equal octets cut differently have one digest; any change makes another", "[compare]") {
  std::vector<std::uint8_t> octets(5000);
  for (std::size_t i = 0; i < octets.size(); ++i) octets[i] = static_cast<std::uint8_t>(i * 131 + (i >> 7));
  const OctetDigest whole = digest_in_pieces(octets, octets.size());
  for (const std::size_t piece : {1, 3, 7, 8, 9, 1200, 1201}) {
    INFO("pieces of " << piece);
    CHECK(digest_in_pieces(octets, piece) == whole);
  }
  for (const std::size_t at : {std::size_t{0}, std::size_t{7}, std::size_t{8}, std::size_t{2500}, std::size_t{4999}}) {
    INFO("octet " << at << " changed");
    auto changed = octets;
    changed[at] ^= 0x01;
    CHECK_FALSE(digest_in_pieces(changed, 1200) == whole);
  }
  auto shorter = octets;
  shorter.pop_back();
  CHECK_FALSE(digest_in_pieces(shorter, 1200) == whole);
  auto longer = octets;
  longer.push_back(0);
  CHECK_FALSE(digest_in_pieces(longer, 1200) == whole);
  // Two octets swapped keep the length and the octet values.
  auto swapped = octets;
  std::swap(swapped[100], swapped[101]);
  CHECK_FALSE(digest_in_pieces(swapped, 1200) == whole);
}
