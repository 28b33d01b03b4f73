// A registry on a real TCP port for the API tests: serves the Registration and Query APIs on 127.0.0.1,
// prints "port <n>" once listening, and runs until its standard input closes.
//   registry_test_server [--gc-ms N] [--paging-default N] [--paging-max N] [--threads N] [--port N]
//                        [--etcd URL[,URL...] [--etcd-prefix P] [--member-ttl-ms N] [--request-timeout-ms N]]
#include <chrono>
#include <cstdlib>
#include <thread>
#include <iostream>
#include <string>
#include <string_view>

#include "nmos/http/server.hpp"
#include "nmos/registry/embedded_registry.hpp"

using namespace crosspoint;
using namespace crosspoint::nmos;

int main(int argc, char** argv) {
  registry::RegistryOptions options;
  http::ServerOptions server_options;
  server_options.threads = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    const long value = std::strtol(argv[i + 1], nullptr, 10);
    if (flag.starts_with("--etcd") || flag == "--member-ttl-ms" || flag == "--request-timeout-ms") {
      if (!options.etcd) options.etcd.emplace();
      auto& etcd = *options.etcd;
      const std::string text = argv[i + 1];
      if (flag == "--etcd") {
        for (std::size_t start = 0; start <= text.size();) {
          const auto comma = std::min(text.find(',', start), text.size());
          etcd.endpoints.push_back(text.substr(start, comma - start));
          start = comma + 1;
        }
      } else if (flag == "--etcd-prefix") {
        etcd.prefix = text;
      } else if (flag == "--member-ttl-ms") {
        etcd.member_ttl = std::chrono::milliseconds(value);
      } else if (flag == "--request-timeout-ms") {
        etcd.request_timeout = std::chrono::milliseconds(value);
      } else {
        std::cerr << "unknown option " << flag << "\n";
        return 2;
      }
    } else if (flag == "--gc-ms") {
      options.garbage_collection_interval = value * 1'000'000;
      options.sweep_interval = std::min<Nanoseconds>(options.sweep_interval, value * 250'000);
    } else if (flag == "--paging-default") {
      options.paging.default_limit = static_cast<std::size_t>(value);
    } else if (flag == "--paging-max") {
      options.paging.max_limit = static_cast<std::size_t>(value);
    } else if (flag == "--threads") {
      server_options.threads = static_cast<unsigned>(value);
    } else if (flag == "--port") {
      server_options.port = static_cast<std::uint16_t>(value);
    } else {
      std::cerr << "unknown option " << flag << "\n";
      return 2;
    }
  }

  ClockModel clock;
  http::HttpServer server(server_options);
  auto registry = registry::EmbeddedRegistry::create(clock, server.io_context(), options);
  if (!registry) {
    std::cerr << "registry: " << registry.error() << "\n";
    return 1;
  }
  (*registry)->add_registration_api(server.router());
  (*registry)->add_query_api(server.router());
  (*registry)->start();
  const auto port = server.start();
  if (!port) {
    std::cerr << "server: " << port.error() << "\n";
    return 1;
  }
  // A cluster member says it is up once it reaches etcd and its view is loaded, so tests start on a ready member.
  const auto ready_by = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!(*registry)->registry_store().health().writable && std::chrono::steady_clock::now() < ready_by) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::cout << "port " << *port << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  (*registry)->stop();
  server.stop();
  return 0;
}
