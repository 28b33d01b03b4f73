#include "nmos/discovery/unicast_dns_sd.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstring>
#include <optional>

namespace crosspoint::nmos {
namespace {

std::atomic<std::uint16_t> next_query_id{0x4e4d};

// Closes the socket however the query ends.
struct UdpSocket {
  int fd = -1;
  explicit UdpSocket(int family) : fd(::socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {}
  ~UdpSocket() {
    if (fd >= 0) ::close(fd);
  }
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;
};

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

const DnsRecord* find_record(const DnsResponse& response, const std::string& name, DnsType type) {
  for (const auto* section : {&response.answers, &response.additionals})
    for (const DnsRecord& record : *section)
      if (record.type == static_cast<std::uint16_t>(type) && record.name == name) return &record;
  return nullptr;
}

}  // namespace

DnsResolver::DnsResolver(DnsServer server, std::chrono::milliseconds timeout, int attempts)
    : server_(std::move(server)), timeout_(timeout), attempts_(attempts) {}

Expected<DnsResponse, std::string> DnsResolver::query(const std::string& name, DnsType type) const {
  sockaddr_storage address{};
  socklen_t address_length = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
  if (inet_pton(AF_INET, server_.address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(server_.port);
    address_length = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, server_.address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(server_.port);
    address_length = sizeof(sockaddr_in6);
  } else {
    return Unexpected{"DNS server address is not an IP address: " + server_.address};
  }
  UdpSocket socket(address.ss_family);
  if (socket.fd < 0) return Unexpected{std::string("cannot open a UDP socket: ") + std::strerror(errno)};
  if (::connect(socket.fd, reinterpret_cast<sockaddr*>(&address), address_length) != 0)
    return Unexpected{std::string("cannot reach DNS server: ") + std::strerror(errno)};

  for (int attempt = 0; attempt < attempts_; ++attempt) {
    const std::uint16_t id = next_query_id++;
    const auto query = make_dns_query(id, name, type);
    if (::send(socket.fd, query.data(), query.size(), 0) < 0)
      return Unexpected{std::string("DNS query not sent: ") + std::strerror(errno)};
    const auto deadline = std::chrono::steady_clock::now() + timeout_;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd waiting{socket.fd, POLLIN, 0};
      if (::poll(&waiting, 1, static_cast<int>(left.count())) <= 0) break;
      std::uint8_t buffer[4096];
      const ssize_t n = ::recv(socket.fd, buffer, sizeof buffer, 0);
      if (n < 0) return Unexpected{std::string("DNS server unreachable: ") + std::strerror(errno)};
      auto response = parse_dns_response(std::span<const std::uint8_t>(buffer, static_cast<std::size_t>(n)));
      if (!response || response->id != id) continue;  // stray or late datagram
      return response;
    }
  }
  return Unexpected{"no answer from DNS server " + server_.address + ":" + std::to_string(server_.port) + " for " + name};
}

Expected<std::vector<DiscoveredService>, std::string> browse_unicast(const DnsResolver& resolver,
                                                                      const std::string& service_type,
                                                                      const std::string& domain) {
  const std::string browse_name = lower(service_type + "." + domain);
  const auto pointers = resolver.query(browse_name, DnsType::kPtr);
  if (!pointers) return Unexpected{pointers.error()};
  std::vector<DiscoveredService> services;
  for (const DnsRecord& ptr : pointers->answers) {
    if (ptr.type != static_cast<std::uint16_t>(DnsType::kPtr) || ptr.name != browse_name) continue;
    DiscoveredService service;
    service.instance = std::get<std::string>(ptr.data);

    // Servers often add SRV/TXT/A as additional records; ask only for what is missing.
    const DnsRecord* srv = find_record(*pointers, service.instance, DnsType::kSrv);
    std::optional<DnsResponse> srv_response;
    if (srv == nullptr) {
      auto answer = resolver.query(service.instance, DnsType::kSrv);
      if (!answer) continue;
      srv_response = std::move(*answer);
      srv = find_record(*srv_response, service.instance, DnsType::kSrv);
      if (srv == nullptr) continue;
    }
    const SrvData target = std::get<SrvData>(srv->data);
    service.port = target.port;

    const DnsRecord* txt = find_record(*pointers, service.instance, DnsType::kTxt);
    std::optional<DnsResponse> txt_response;
    if (txt == nullptr) {
      auto answer = resolver.query(service.instance, DnsType::kTxt);
      if (answer) {
        txt_response = std::move(*answer);
        txt = find_record(*txt_response, service.instance, DnsType::kTxt);
      }
    }
    if (txt != nullptr) {
      for (const std::string& entry : std::get<std::vector<std::string>>(txt->data)) {
        const auto eq = entry.find('=');
        if (eq == std::string::npos) service.txt[lower(entry)] = "";
        else service.txt[lower(entry.substr(0, eq))] = entry.substr(eq + 1);
      }
    }

    const DnsRecord* a = find_record(*pointers, target.target, DnsType::kA);
    if (a == nullptr && srv_response) a = find_record(*srv_response, target.target, DnsType::kA);
    std::optional<DnsResponse> a_response;
    if (a == nullptr) {
      auto answer = resolver.query(target.target, DnsType::kA);
      if (answer) {
        a_response = std::move(*answer);
        a = find_record(*a_response, target.target, DnsType::kA);
      }
    }
    service.host = a != nullptr ? std::get<std::string>(a->data) : target.target;
    services.push_back(std::move(service));
  }
  return services;
}

}  // namespace crosspoint::nmos
