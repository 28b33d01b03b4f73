// DNS-SD for registries: the DNS wire format, unicast browsing of _nmos-register._tcp against a small DNS
// server started by the test (as the AMWA test suite does), the NMOS TXT rules (pri, api_ver, api_proto,
// api_auth), and a node that finds the embedded registry through DNS and fails over when the preferred one
// times out.
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "nmos/discovery/discovered_service.hpp"
#include "nmos/discovery/dns_message.hpp"
#include "nmos/discovery/registry_discovery.hpp"
#include "nmos/discovery/unicast_dns_sd.hpp"
#include "nmos/registration/registration_client.hpp"
#include "node_fixture.hpp"
#include "registry_fixture.hpp"

using namespace crosspoint;
using namespace crosspoint::nmos;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// The test's DNS server: a python3 process serving `zone`, stopped by its pid.
class TinyDnsServer {
 public:
  explicit TinyDnsServer(const json& zone) {
    char path[] = "/tmp/crosspoint-zone-XXXXXX";
    const int fd = mkstemp(path);
    close(fd);
    zone_path_ = path;
    std::ofstream(zone_path_) << zone.dump();
    const char* source = std::getenv("CROSSPOINT_SOURCE_DIR");
    const std::string command = "/usr/bin/python3 " + std::string(source ? source : ".") +
                                "/test/nmos/node/tiny_dns_server.py " + zone_path_ + " &";
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    int port = 0;
    int pid = 0;
    REQUIRE(std::fscanf(pipe, "%d %d", &port, &pid) == 2);
    pclose(pipe);
    port_ = static_cast<std::uint16_t>(port);
    pid_ = pid;
  }
  ~TinyDnsServer() {
    if (pid_ > 0) kill(pid_, SIGTERM);
    std::remove(zone_path_.c_str());
  }
  [[nodiscard]] DnsServer server() const { return DnsServer{"127.0.0.1", port_}; }

 private:
  std::string zone_path_;
  std::uint16_t port_ = 0;
  pid_t pid_ = 0;
};

json registry_records(const std::string& instance, std::uint16_t port, const json& txt) {
  const std::string full = instance + "._nmos-register._tcp.example.test";
  return json::array({
      {{"name", "_nmos-register._tcp.example.test"}, {"type", "PTR"}, {"data", full}},
      {{"name", full}, {"type", "SRV"}, {"data", {0, 0, port, instance + ".example.test"}}},
      {{"name", full}, {"type", "TXT"}, {"data", txt}},
      {{"name", instance + ".example.test"}, {"type", "A"}, {"data", "127.0.0.1"}},
  });
}

json zone_of(const std::vector<json>& record_sets, const json& silent = json::array()) {
  json records = json::array();
  for (const json& set : record_sets)
    for (const json& record : set) records.push_back(record);
  return {{"records", records}, {"silent", silent}};
}

}  // namespace

TEST_CASE("a DNS query names the question and a response with compressed names parses") {
  const auto query = make_dns_query(0x1234, "_nmos-register._tcp.example.test", DnsType::kPtr);
  // Header, then the labels 14 "_nmos-register" 4 "_tcp" 7 "example" 4 "test" 0, then type PTR class IN.
  REQUIRE(query.size() == 12 + (15 + 5 + 8 + 5 + 1) + 4);
  REQUIRE(query[0] == 0x12);
  REQUIRE(query[1] == 0x34);
  REQUIRE(query[12] == 14);
  REQUIRE(query[12 + 15] == 4);
  REQUIRE(query[query.size() - 3] == 12);

  // A response built by hand: the PTR answer's name is a pointer to the question's name.
  std::vector<std::uint8_t> response(query.begin(), query.end());
  response[2] = 0x84;  // response, authoritative
  response[7] = 1;     // one answer
  const std::vector<std::uint8_t> answer = {0xC0, 12, 0, 12, 0, 1, 0, 0, 0, 60, 0, 6, 3, 'r', 'e', 'g', 0xC0, 12 + 15 + 5};
  response.insert(response.end(), answer.begin(), answer.end());
  const auto parsed = parse_dns_response(response);
  REQUIRE(parsed);
  REQUIRE(parsed->id == 0x1234);
  REQUIRE(parsed->answers.size() == 1);
  REQUIRE(parsed->answers[0].name == "_nmos-register._tcp.example.test");
  REQUIRE(std::get<std::string>(parsed->answers[0].data) == "reg.example.test");
}

TEST_CASE("a DNS response whose name pointers loop or run past the end is refused, not followed") {
  // Header (response, 1 answer) then an answer whose name points at itself.
  std::vector<std::uint8_t> looping = {0, 1, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0xC0, 12, 0, 12, 0, 1, 0, 0, 0, 60, 0, 2, 0xC0, 12};
  REQUIRE(!parse_dns_response(looping));
  std::vector<std::uint8_t> truncated = {0, 1, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 5, 'a', 'b'};
  REQUIRE(!parse_dns_response(truncated));
  std::vector<std::uint8_t> query_not_response = {0, 1, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  REQUIRE(!parse_dns_response(query_not_response));
}

TEST_CASE("unicast browsing orders registries by pri and skips unsupported versions, protocols and auth") {
  const TinyDnsServer dns(zone_of({
      registry_records("reg-a", 8001, {"api_proto=http", "api_ver=v1.3", "api_auth=false", "pri=10"}),
      registry_records("reg-old", 8002, {"api_proto=http", "api_ver=v1.0,v1.1", "api_auth=false", "pri=1"}),
      registry_records("reg-tls", 8003, {"api_proto=https", "api_ver=v1.3", "api_auth=false", "pri=1"}),
      registry_records("reg-auth", 8004, {"api_proto=http", "api_ver=v1.3", "api_auth=true", "pri=0"}),
      registry_records("reg-e", 8005, {"api_proto=http", "api_ver=v1.1,v1.2,v1.3", "api_auth=false", "pri=2"}),
      registry_records("reg-v12", 8006, {"api_proto=http", "api_ver=v1.2", "api_auth=false", "pri=30"}),
  }));
  const DnsResolver resolver(dns.server(), 1s);
  const auto services = browse_unicast(resolver, "_nmos-register._tcp", "example.test");
  REQUIRE(services);
  REQUIRE(services->size() == 6);
  const auto registries = usable_registries(*services, "unicast-dns");
  REQUIRE(registries.size() == 3);
  REQUIRE(registries[0].base_url == "http://127.0.0.1:8005/x-nmos/registration/v1.3");
  REQUIRE(registries[0].priority == 2);
  REQUIRE(registries[1].base_url == "http://127.0.0.1:8001/x-nmos/registration/v1.3");
  REQUIRE(registries[2].base_url == "http://127.0.0.1:8006/x-nmos/registration/v1.2");
  REQUIRE(registries[2].version == kV1_2);
}

TEST_CASE("a DNS server that does not answer is an error after the timeout, not a hang") {
  const TinyDnsServer dns(zone_of({}, json::array({"_nmos-register._tcp.example.test"})));
  const DnsResolver resolver(dns.server(), 200ms, 2);
  const auto started = std::chrono::steady_clock::now();
  const auto services = browse_unicast(resolver, "_nmos-register._tcp", "example.test");
  REQUIRE(!services);
  REQUIRE(std::chrono::steady_clock::now() - started < 5s);
}

TEST_CASE("an empty domain browses to no registries") {
  const TinyDnsServer dns(zone_of({}));
  const auto services = browse_unicast(DnsResolver(dns.server(), 1s), "_nmos-register._tcp", "example.test");
  REQUIRE(services);
  REQUIRE(services->empty());
}

TEST_CASE("a node finds the registry by unicast DNS-SD and skips a preferred one that times out") {
  test::RunningNode node;
  test::TestRegistry registry(node.clock);
  // Something that accepts connections and never answers: the preferred registry that times out.
  http::HttpServer silent{http::ServerOptions{}};
  silent.router().add_async(http::Method::post, "/x-nmos/registration/v1.3/resource",
                            [](http::RequestContext, http::Responder) {});
  REQUIRE(silent.start());
  const TinyDnsServer dns(zone_of({
      registry_records("stuck", silent.port(), {"api_proto=http", "api_ver=v1.3", "api_auth=false", "pri=1"}),
      registry_records("live", registry.server.port(), {"api_proto=http", "api_ver=v1.2,v1.3", "api_auth=false", "pri=5"}),
  }));
  RegistrationOptions options;
  options.heartbeat_interval = 200ms;
  options.request_timeout = 300ms;
  options.backoff_initial = 100ms;
  RegistrationClient client(*node.model, options);
  client.start();
  UnicastDiscoveryOptions unicast{dns.server(), "example.test", 30s, 500ms};
  RegistryDiscovery discovery({}, unicast, nullptr,
                              [&client](std::vector<RegistryEndpoint> found) { client.set_registries(std::move(found)); });
  discovery.start();
  REQUIRE(test::eventually([&] { return discovery.current().size() == 2; }));
  REQUIRE(discovery.current()[0].priority == 1);
  REQUIRE(test::eventually([&] { return client.status().registered; }));
  REQUIRE(client.status().registry == "http://127.0.0.1:" + std::to_string(registry.server.port()) + "/x-nmos/registration/v1.3");
  REQUIRE(client.status().failovers >= 1);
  REQUIRE(registry.query("nodes")[0]["id"] == node.model->node_id());
  client.stop(true);
  discovery.stop();
  silent.stop();
}
