// A registry on a real TCP port for the API tests: serves the Registration and Query APIs on 127.0.0.1,
// prints "port <n>" once listening, and runs until its standard input closes.
//   registry_test_server [--gc-ms N] [--paging-default N] [--paging-max N] [--threads N] [--port N]
#include <cstdlib>
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
    if (flag == "--gc-ms") {
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
  std::cout << "port " << *port << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  (*registry)->stop();
  server.stop();
  return 0;
}
