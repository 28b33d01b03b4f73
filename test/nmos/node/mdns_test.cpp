// mDNS DNS-SD through a real avahi-daemon (started privately by with_avahi.sh): the node advertises
// _nmos-node._tcp with the NMOS TXT records, finds a registry advertised as _nmos-register._tcp, and registers.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "crosspoint/nmos/node_service.hpp"
#include "nmos/discovery/discovered_service.hpp"
#include "nmos/discovery/mdns_service.hpp"
#include "node_fixture.hpp"
#include "registry_fixture.hpp"
#include "skip.hpp"

using namespace crosspoint;
using namespace crosspoint::nmos;
using namespace std::chrono_literals;

namespace {

// avahi-daemon may still be starting: try for a few seconds. Null with `reason` set when there is none.
std::unique_ptr<MdnsService> connect_to_avahi(std::string& reason) {
  for (int i = 0; i < 25; ++i) {
    auto service = MdnsService::connect();
    if (service) return std::move(*service);
    reason = service.error();
    std::this_thread::sleep_for(200ms);
  }
  return nullptr;
}

// with_avahi.sh says so when it started a private avahi-daemon: then not reaching it is a failure.
bool beside_private_avahi() { return std::getenv("CROSSPOINT_PRIVATE_AVAHI") != nullptr; }

// What a browse has reported last.
struct BrowseResults {
  std::mutex mutex;
  std::vector<DiscoveredService> services;
  MdnsService::BrowseCallback callback() {
    return [this](const std::vector<DiscoveredService>& found) {
      std::lock_guard lock(mutex);
      services = found;
    };
  }
  std::vector<DiscoveredService> get() {
    std::lock_guard lock(mutex);
    return services;
  }
};

}  // namespace

TEST_CASE("registries advertised over mDNS are found, ordered by pri and filtered by version") {
  std::string reason;
  auto advertiser = connect_to_avahi(reason);
  if (!advertiser && !beside_private_avahi()) {
    CROSSPOINT_SKIP(reason << " (run through test/nmos/node/with_avahi.sh)");
  }
  INFO(reason);
  REQUIRE(advertiser);
  REQUIRE(advertiser->advertise("registry-a", "_nmos-register._tcp", 8101, nmos_txt_records({"v1.3"}, 20)));
  REQUIRE(advertiser->advertise("registry-b", "_nmos-register._tcp", 8102, nmos_txt_records({"v1.2", "v1.3"}, 3)));
  REQUIRE(advertiser->advertise("registry-old", "_nmos-register._tcp", 8103, nmos_txt_records({"v1.0"}, 0)));
  auto browser = connect_to_avahi(reason);
  REQUIRE(browser);
  BrowseResults results;
  REQUIRE(browser->browse("_nmos-register._tcp", results.callback()));
  REQUIRE(test::eventually([&] { return results.get().size() == 3; }));
  const auto registries = usable_registries(results.get(), "mdns");
  REQUIRE(registries.size() == 2);
  REQUIRE(registries[0].priority == 3);
  REQUIRE(registries[0].base_url.find(":8102/x-nmos/registration/v1.3") != std::string::npos);
  REQUIRE(registries[1].priority == 20);
  const auto found = results.get();
  for (const DiscoveredService& s : found) {
    REQUIRE(s.txt.at("api_proto") == "http");
    REQUIRE(s.txt.at("api_auth") == "false");
  }
}

TEST_CASE("a node advertises _nmos-node._tcp and registers with a registry it found over mDNS") {
  std::string reason;
  auto registry_side = connect_to_avahi(reason);
  if (!registry_side && !beside_private_avahi()) {
    CROSSPOINT_SKIP(reason << " (run through test/nmos/node/with_avahi.sh)");
  }
  INFO(reason);
  REQUIRE(registry_side);
  ClockModel clock;
  test::TestRegistry registry(clock, 0, "0.0.0.0");
  REQUIRE(registry_side->advertise("crosspoint-registry", "_nmos-register._tcp", registry.server.port(),
                                   nmos_txt_records({"v1.3"}, 10)));

  NodeServiceOptions options;
  options.description = test::sample_description(0);
  options.description.endpoints.clear();
  options.server.address = "0.0.0.0";
  options.mdns = true;
  options.registration.heartbeat_interval = 200ms;
  options.registration.backoff_initial = 100ms;
  auto node = NodeService::start(std::move(options), clock);
  REQUIRE(node);
  REQUIRE(test::eventually([&] { return (*node)->registration_status().registered; }, 15s));
  REQUIRE(registry.query("nodes")[0]["id"] == (*node)->node_id());

  BrowseResults nodes;
  REQUIRE(registry_side->browse("_nmos-node._tcp", nodes.callback()));
  REQUIRE(test::eventually([&] { return !nodes.get().empty(); }));
  const DiscoveredService advertised = nodes.get().front();
  REQUIRE(advertised.port == (*node)->port());
  REQUIRE(advertised.txt.at("api_ver") == "v1.2,v1.3");
  REQUIRE(advertised.txt.at("api_proto") == "http");
  REQUIRE(advertised.txt.count("pri") == 1);
  (*node)->stop();
  REQUIRE(registry.query("nodes").empty());
}
