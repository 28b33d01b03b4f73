// crosspoint's embedded registry on its own server, for tests of the node's registration and discovery.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "crosspoint/time/clock_model.hpp"
#include "nmos/http/http_client.hpp"
#include "nmos/http/server.hpp"
#include "nmos/registration/registry_endpoint.hpp"
#include "nmos/registry/embedded_registry.hpp"

namespace crosspoint::nmos::test {

// An embedded registry on its own server; `port` 0 picks a free one.
struct TestRegistry {
  http::HttpServer server;
  std::shared_ptr<registry::EmbeddedRegistry> service;

  TestRegistry(const ClockModel& clock, std::uint16_t port = 0, const std::string& address = "127.0.0.1")
      : server(options(port, address)) {
    registry::RegistryOptions registry_options;
    registry_options.garbage_collection_interval = 3 * kNanosPerSecond;
    registry_options.sweep_interval = kNanosPerSecond / 10;
    auto created = registry::EmbeddedRegistry::create(clock, server.io_context(), registry_options);
    REQUIRE(created);
    service = *created;
    service->add_registration_api(server.router());
    service->add_query_api(server.router());
    REQUIRE(server.start());
    service->start();
  }
  ~TestRegistry() {
    service->stop();
    server.stop();
  }
  static http::ServerOptions options(std::uint16_t port, const std::string& address) {
    http::ServerOptions o;
    o.port = port;
    o.address = address;
    return o;
  }
  [[nodiscard]] std::string local_url() const { return "http://127.0.0.1:" + std::to_string(server.port()); }
  [[nodiscard]] RegistryEndpoint endpoint(int priority) const {
    return RegistryEndpoint{local_url() + "/x-nmos/registration/v1.3", priority, kV1_3, "test"};
  }
  nlohmann::json query(const std::string& path) {
    http::HttpClient client;
    const auto response = client.request(http::Method::get, local_url() + "/x-nmos/query/v1.3/" + path);
    REQUIRE(response);
    return nlohmann::json::parse(response->body());
  }
};

// Polls `condition` for up to `limit`; the result of the last try.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

}  // namespace crosspoint::nmos::test
