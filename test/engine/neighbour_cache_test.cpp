#include <catch2/catch.hpp>

#include "neighbour_cache.hpp"

using namespace crosspoint;
using namespace crosspoint::engine;

namespace {
const st2110::Ipv4Address kHost{0xC0000232};
const st2110::MacAddress kHostMac{{2, 0, 0, 0, 0, 0x32}};
}  // namespace

TEST_CASE("a wanted destination is asked at once, again every second until answered, then refreshed every minute") {
  NeighbourCache cache;
  cache.want({Neighbour{1, kHost}});
  CHECK(cache.due(0) == std::vector<Neighbour>{Neighbour{1, kHost}});
  CHECK(cache.due(NeighbourCache::kRetry - 1).empty());
  CHECK(cache.due(NeighbourCache::kRetry).size() == 1);
  CHECK(!cache.mac_of(1, kHost));

  CHECK(cache.heard(1, ArpReply{kHost, kHostMac}, 5 * kNanosPerSecond));
  CHECK(cache.mac_of(1, kHost) == kHostMac);
  CHECK(!cache.heard(1, ArpReply{kHost, kHostMac}, 5 * kNanosPerSecond));  // nothing new
  CHECK(cache.due(5 * kNanosPerSecond + NeighbourCache::kRefresh - 1).empty());
  CHECK(cache.due(5 * kNanosPerSecond + NeighbourCache::kRefresh).size() == 1);
  CHECK(cache.mac_of(1, kHost) == kHostMac);  // kept while refreshed

  CHECK(!cache.heard(2, ArpReply{kHost, kHostMac}, 0));  // not wanted on that port
  cache.want({});
  CHECK(!cache.mac_of(1, kHost));
}
