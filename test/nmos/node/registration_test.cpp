// The registration client against crosspoint's embedded registry over real TCP: registration in dependency
// order, heartbeats, updates, 404 re-registration after a registry restart, failover by priority and back,
// back-off while no registry answers, and deletion on a clean stop.
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "crosspoint/nmos/node_service.hpp"
#include "crosspoint/nmos/registry_service.hpp"
#include "nmos/http/http_client.hpp"
#include "nmos/registration/registration_client.hpp"
#include "node_fixture.hpp"
#include "registry_fixture.hpp"

using namespace crosspoint;
using namespace crosspoint::nmos;
using nlohmann::json;
using namespace std::chrono_literals;
using test::TestRegistry;
using test::eventually;

namespace {

RegistrationOptions fast() {
  RegistrationOptions o;
  o.heartbeat_interval = 200ms;
  o.request_timeout = 500ms;
  o.backoff_initial = 100ms;
  o.backoff_max = 400ms;
  return o;
}

}  // namespace

TEST_CASE("a node registers itself and every resource, then heartbeats") {
  test::RunningNode node;
  TestRegistry registry(node.clock);
  RegistrationClient client(*node.model, fast());
  client.set_registries({registry.endpoint(0)});
  client.start();
  REQUIRE(eventually([&] { return client.status().heartbeats >= 2; }));
  const RegistrationStatus status = client.status();
  REQUIRE(status.registered);
  REQUIRE(status.registry == registry.endpoint(0).base_url);
  REQUIRE(registry.query("nodes").size() == 1);
  REQUIRE(registry.query("nodes")[0]["id"] == node.model->node_id());
  REQUIRE(registry.query("devices").size() == 1);
  REQUIRE(registry.query("sources").size() == 3);
  REQUIRE(registry.query("flows").size() == 3);
  REQUIRE(registry.query("senders").size() == 3);
  REQUIRE(registry.query("receivers").size() == 3);
  // What the registry holds is what the Node API serves.
  REQUIRE(registry.query("senders/" + *node.model->sender_id_for("video-out")) ==
          *node.model->find(ResourceType::kSender, *node.model->sender_id_for("video-out")));
}

TEST_CASE("a change in the model is posted to the registry") {
  test::RunningNode node;
  TestRegistry registry(node.clock);
  RegistrationClient client(*node.model, fast());
  client.set_registries({registry.endpoint(0)});
  client.start();
  REQUIRE(eventually([&] { return client.status().registered; }));
  const std::string sender_id = *node.model->sender_id_for("audio-out");
  REQUIRE(node.model->set_label(ResourceType::kSender, sender_id, "renamed"));
  REQUIRE(eventually([&] { return registry.query("senders/" + sender_id)["label"] == "renamed"; }));
  REQUIRE(client.status().updates >= 1);
}

TEST_CASE("a clean stop deletes the node's resources from the registry") {
  test::RunningNode node;
  TestRegistry registry(node.clock);
  {
    RegistrationClient client(*node.model, fast());
    client.set_registries({registry.endpoint(0)});
    client.start();
    REQUIRE(eventually([&] { return client.status().registered; }));
    REQUIRE(registry.query("senders").size() == 3);
    client.stop(true);
  }
  REQUIRE(registry.query("nodes").empty());
  REQUIRE(registry.query("senders").empty());
  REQUIRE(registry.query("receivers").empty());
}

TEST_CASE("when a restarted registry answers a heartbeat with 404, the node registers everything again") {
  test::RunningNode node;
  auto registry = std::make_unique<TestRegistry>(node.clock);
  const std::uint16_t port = registry->server.port();
  const RegistryEndpoint endpoint = registry->endpoint(0);
  RegistrationClient client(*node.model, fast());
  client.set_registries({endpoint});
  client.start();
  REQUIRE(eventually([&] { return client.status().heartbeats >= 1; }));
  registry.reset();
  registry = std::make_unique<TestRegistry>(node.clock, port);  // empty: the node is unknown here
  REQUIRE(eventually([&] { return registry->query("receivers").size() == 3; }));
  REQUIRE(registry->query("nodes")[0]["id"] == node.model->node_id());
  REQUIRE(eventually([&] { return client.status().registered; }));
  const RegistrationStatus status = client.status();
  REQUIRE(status.registrations >= 2);
}

TEST_CASE("the node fails over to the next registry by priority when the preferred one stops answering") {
  test::RunningNode node;
  auto preferred = std::make_unique<TestRegistry>(node.clock);
  TestRegistry backup(node.clock);
  RegistrationClient client(*node.model, fast());
  // Given out of order: priority decides, not position.
  client.set_registries({backup.endpoint(10), preferred->endpoint(0)});
  client.start();
  REQUIRE(eventually([&] { return client.status().heartbeats >= 1; }));
  REQUIRE(client.status().registry == preferred->endpoint(0).base_url);
  REQUIRE(backup.query("nodes").empty());
  preferred.reset();
  REQUIRE(eventually([&] { return client.status().registry == backup.endpoint(10).base_url; }));
  REQUIRE(eventually([&] { return backup.query("senders").size() == 3; }));
  REQUIRE(client.status().failovers >= 1);
}

TEST_CASE("after a failover the node moves back to the preferred registry once it answers again, and the backup expires it") {
  test::RunningNode node;
  auto preferred = std::make_unique<TestRegistry>(node.clock);
  const std::uint16_t preferred_port = preferred->server.port();
  const RegistryEndpoint preferred_endpoint = preferred->endpoint(0);
  TestRegistry backup(node.clock);
  RegistrationOptions options = fast();
  options.preferred_recheck = 300ms;
  RegistrationClient client(*node.model, options);
  client.set_registries({preferred_endpoint, backup.endpoint(10)});
  client.start();
  REQUIRE(eventually([&] { return client.status().registry == preferred_endpoint.base_url; }));
  // The preferred registry dies: everything moves to the backup.
  preferred.reset();
  REQUIRE(eventually([&] { return client.status().registry == backup.endpoint(10).base_url; }));
  REQUIRE(eventually([&] { return backup.query("receivers").size() == 3; }));
  // It comes back empty on the same address: the node returns to it and registers everything there.
  preferred = std::make_unique<TestRegistry>(node.clock, preferred_port);
  REQUIRE(eventually([&] { return client.status().registry == preferred_endpoint.base_url; }));
  REQUIRE(eventually([&] { return preferred->query("receivers").size() == 3; }));
  REQUIRE(preferred->query("nodes")[0]["id"] == node.model->node_id());
  REQUIRE(client.status().failovers >= 1);
  REQUIRE(client.status().failbacks == 1);
  // The backup hears no more heartbeats: its garbage collection (3 s here) removes the node and its children.
  REQUIRE(eventually([&] { return backup.query("nodes").empty(); }));
  for (const char* type : {"devices", "sources", "flows", "senders", "receivers"}) REQUIRE(backup.query(type).empty());
  REQUIRE(client.status().registry == preferred_endpoint.base_url);
}

TEST_CASE("while no registry answers the client backs off and retries, and registers once one appears") {
  test::RunningNode node;
  std::uint16_t port = 0;
  std::string url;
  {
    TestRegistry probe(node.clock);  // learn a free port, then free it
    port = probe.server.port();
    url = probe.endpoint(0).base_url;
  }
  RegistrationClient client(*node.model, fast());
  client.set_registries({RegistryEndpoint{url, 0, kV1_3, "test"}});
  client.start();
  std::this_thread::sleep_for(600ms);
  REQUIRE(!client.status().registered);
  REQUIRE(!client.status().last_error.empty());
  TestRegistry registry(node.clock, port);
  REQUIRE(eventually([&] { return client.status().registered; }));
  REQUIRE(registry.query("nodes").size() == 1);
}

TEST_CASE("the node service registers with configured registries and carries PTP lock changes to them") {
  ClockModel clock;
  TestRegistry registry(clock);
  NodeServiceOptions options;
  options.description = test::sample_description(0);
  options.description.endpoints.clear();  // filled in from the bound port
  options.registry_urls = {registry.local_url()};
  options.registration = fast();
  auto node = NodeService::start(std::move(options), clock);
  REQUIRE(node);
  REQUIRE(eventually([&] { return (*node)->registration_status().registered; }));
  const std::string node_id = (*node)->node_id();
  REQUIRE(registry.query("nodes/" + node_id)["api"]["endpoints"][0]["port"] == (*node)->port());
  REQUIRE(registry.query("nodes/" + node_id)["clocks"][0]["locked"] == false);
  ClockTraceability locked = clock.traceability();
  locked.locked = true;
  clock.publish(locked);
  REQUIRE(eventually([&] { return registry.query("nodes/" + node_id)["clocks"][0]["locked"] == true; }));
  (*node)->stop();
  REQUIRE(registry.query("nodes").empty());
}

TEST_CASE("the registry service serves the Registration and Query APIs on the node's server, and the node registers into it") {
  ClockModel clock;
  NodeServiceOptions options;
  options.description = test::sample_description(0);
  options.description.endpoints.clear();
  options.registration = fast();
  auto node = NodeService::start(std::move(options), clock);
  REQUIRE(node);
  auto registry = RegistryService::start(**node, clock, {.expiry = 12s});
  REQUIRE(registry);
  REQUIRE((*registry)->registration_url() == (*node)->base_url() + "/x-nmos/registration/v1.3/");
  REQUIRE((*registry)->query_url() == (*node)->base_url() + "/x-nmos/query/v1.3/");
  (*node)->add_registry_urls({(*node)->base_url()});
  REQUIRE(eventually([&] { return (*node)->registration_status().registered; }));
  REQUIRE((*node)->registration_status().registry.starts_with((*node)->base_url()));
  http::HttpClient client;
  const auto found = client.request(http::Method::get, (*registry)->query_url() + "nodes/" + (*node)->node_id());
  REQUIRE(found);
  REQUIRE(found->result_int() == 200);
  REQUIRE(json::parse(found->body())["id"] == (*node)->node_id());
  (*registry)->stop();
  (*node)->stop();
}
