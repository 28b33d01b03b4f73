#include "udp_transport.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/errqueue.h>
#include <linux/ethtool.h>
#include <linux/net_tstamp.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "clock_offset.hpp"
#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::ptp {
namespace {

constexpr const char* kPrimaryGroup = "224.0.1.129";
constexpr std::uint16_t kEventPort = 319;
constexpr std::uint16_t kGeneralPort = 320;
constexpr int kTransmitTimestampTimeoutMs = 20;

std::string system_error(const std::string& what) { return what + ": " + std::strerror(errno); }

Nanoseconds to_nanos(const timespec& ts) { return static_cast<Nanoseconds>(ts.tv_sec) * kNanosPerSecond + ts.tv_nsec; }

clockid_t clock_of_phc(int fd) { return static_cast<clockid_t>((~static_cast<unsigned>(fd) << 3) | 3); }

struct TimestampingInfo {
  bool hardware = false;
  int phc_index = -1;
};

TimestampingInfo query_timestamping(int fd, const std::string& interface) {
  ethtool_ts_info info{};
  info.cmd = ETHTOOL_GET_TS_INFO;
  ifreq request{};
  std::strncpy(request.ifr_name, interface.c_str(), IFNAMSIZ - 1);
  request.ifr_data = reinterpret_cast<char*>(&info);
  if (ioctl(fd, SIOCETHTOOL, &request) < 0) return {};
  constexpr unsigned kNeeded =
      SOF_TIMESTAMPING_TX_HARDWARE | SOF_TIMESTAMPING_RX_HARDWARE | SOF_TIMESTAMPING_RAW_HARDWARE;
  return TimestampingInfo{(info.so_timestamping & kNeeded) == kNeeded && info.phc_index >= 0, info.phc_index};
}

Expected<bool, std::string> enable_hardware_timestamps(int fd, const std::string& interface) {
  hwtstamp_config config{};
  config.tx_type = HWTSTAMP_TX_ON;
  config.rx_filter = HWTSTAMP_FILTER_PTP_V2_L4_EVENT;
  ifreq request{};
  std::strncpy(request.ifr_name, interface.c_str(), IFNAMSIZ - 1);
  request.ifr_data = reinterpret_cast<char*>(&config);
  if (ioctl(fd, SIOCSHWTSTAMP, &request) < 0) {
    config.rx_filter = HWTSTAMP_FILTER_ALL;  // some NICs stamp everything or nothing
    if (ioctl(fd, SIOCSHWTSTAMP, &request) < 0) return Unexpected{system_error("SIOCSHWTSTAMP on " + interface)};
  }
  return true;
}

Expected<int, std::string> open_socket(const std::string& interface, int if_index, std::uint16_t port,
                                       std::uint8_t dscp) {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
  if (fd < 0) return Unexpected{system_error("socket")};
  const auto fail = [fd](const std::string& what) {
    std::string reason = system_error(what);
    close(fd);
    return Unexpected{reason};
  };
  const int on = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0) return fail("SO_REUSEADDR");
  if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, interface.c_str(),
                 static_cast<socklen_t>(interface.size())) < 0) {
    return fail("SO_BINDTODEVICE " + interface);
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_ANY);
  address.sin_port = htons(port);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0) {
    return fail("bind to port " + std::to_string(port));
  }
  ip_mreqn group{};
  inet_pton(AF_INET, kPrimaryGroup, &group.imr_multiaddr);
  group.imr_ifindex = if_index;
  if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &group, sizeof group) < 0) {
    return fail(std::string("joining ") + kPrimaryGroup + " on " + interface);
  }
  ip_mreqn outgoing{};
  outgoing.imr_ifindex = if_index;
  if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &outgoing, sizeof outgoing) < 0) return fail("IP_MULTICAST_IF");
  const int off = 0;
  if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &off, sizeof off) < 0) return fail("IP_MULTICAST_LOOP");
  const int ttl = 1;
  if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl) < 0) return fail("IP_MULTICAST_TTL");
  const int tos = dscp << 2;
  if (setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof tos) < 0) return fail("IP_TOS");
  return fd;
}

const timespec* find_timestamps(msghdr& message) {
  for (cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr; c = CMSG_NXTHDR(&message, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPING) {
      return reinterpret_cast<const timespec*>(CMSG_DATA(c));
    }
  }
  return nullptr;
}

sockaddr_in group_address(std::uint16_t port) {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  inet_pton(AF_INET, kPrimaryGroup, &to.sin_addr);
  return to;
}

}  // namespace

std::string_view to_string(TimestampKind kind) {
  return kind == TimestampKind::kHardware ? "hardware" : "software";
}

Expected<std::unique_ptr<UdpTransport>, std::string> UdpTransport::open(const UdpTransportConfig& config) {
  const unsigned if_index = if_nametoindex(config.interface.c_str());
  if (if_index == 0) return Unexpected{system_error("interface " + config.interface)};

  std::unique_ptr<UdpTransport> transport(new UdpTransport());
  auto event = open_socket(config.interface, static_cast<int>(if_index), kEventPort, config.dscp_event);
  if (!event) return Unexpected{event.error()};
  transport->event_fd_ = *event;
  auto general = open_socket(config.interface, static_cast<int>(if_index), kGeneralPort, config.dscp_general);
  if (!general) return Unexpected{general.error()};
  transport->general_fd_ = *general;

  ifreq request{};
  std::strncpy(request.ifr_name, config.interface.c_str(), IFNAMSIZ - 1);
  if (ioctl(transport->event_fd_, SIOCGIFHWADDR, &request) < 0) return Unexpected{system_error("SIOCGIFHWADDR")};
  std::memcpy(transport->mac_.data(), request.ifr_hwaddr.sa_data, 6);

  const TimestampingInfo info = query_timestamping(transport->event_fd_, config.interface);
  const bool want_hardware = config.timestamping == TimestampingMode::kHardware ||
                             (config.timestamping == TimestampingMode::kAuto && info.hardware);
  if (config.timestamping == TimestampingMode::kHardware && !info.hardware) {
    return Unexpected{"interface " + config.interface + " has no hardware timestamping"};
  }
  unsigned flags = SOF_TIMESTAMPING_TX_SOFTWARE | SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE;
  if (want_hardware) {
    const std::string phc = "/dev/ptp" + std::to_string(info.phc_index);
    transport->phc_fd_ = ::open(phc.c_str(), O_RDONLY | O_CLOEXEC);
    if (transport->phc_fd_ < 0) return Unexpected{system_error("opening " + phc)};
    auto enabled = enable_hardware_timestamps(transport->event_fd_, config.interface);
    if (!enabled) return Unexpected{enabled.error()};
    flags = SOF_TIMESTAMPING_TX_HARDWARE | SOF_TIMESTAMPING_RX_HARDWARE | SOF_TIMESTAMPING_RAW_HARDWARE;
    transport->kind_ = TimestampKind::kHardware;
  }
  if (setsockopt(transport->event_fd_, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof flags) < 0) {
    return Unexpected{system_error("SO_TIMESTAMPING")};
  }
  return transport;
}

UdpTransport::~UdpTransport() {
  for (int fd : {event_fd_, general_fd_, phc_fd_}) {
    if (fd >= 0) close(fd);
  }
}

// Software stamps are CLOCK_REALTIME, hardware stamps the PHC's time: both move to CLOCK_MONOTONIC_RAW by
// their offset read now (the offset drifts by parts per million: nanoseconds over the stamp's age).
std::optional<Nanoseconds> UdpTransport::to_local(const timespec* stamps) const {
  if (stamps == nullptr) return std::nullopt;
  if (kind_ == TimestampKind::kHardware) {
    const timespec& hw = stamps[2];
    if (hw.tv_sec == 0 && hw.tv_nsec == 0) return std::nullopt;
    return to_nanos(hw) - read_clock_offset(clock_of_phc(phc_fd_)).other_minus_local_ns;
  }
  const timespec& sw = stamps[0];
  if (sw.tv_sec == 0 && sw.tv_nsec == 0) return std::nullopt;
  return to_nanos(sw) - read_clock_offset(CLOCK_REALTIME).other_minus_local_ns;
}

std::optional<ReceivedMessage> UdpTransport::read_one(int fd, Channel channel) {
  alignas(cmsghdr) std::array<char, 256> control{};
  iovec io{buffer_.data(), buffer_.size()};
  msghdr message{};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  message.msg_control = control.data();
  message.msg_controllen = control.size();
  const ssize_t length = recvmsg(fd, &message, MSG_DONTWAIT);
  if (length < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK) counters_.receive_errors.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  }
  ReceivedMessage received;
  received.bytes = std::span<const std::uint8_t>(buffer_.data(), static_cast<std::size_t>(length));
  received.channel = channel;
  if (channel == Channel::kEvent) received.local_time = to_local(find_timestamps(message));
  return received;
}

std::optional<ReceivedMessage> UdpTransport::receive(Nanoseconds timeout) {
  std::array<pollfd, 2> fds{pollfd{event_fd_, POLLIN, 0}, pollfd{general_fd_, POLLIN, 0}};
  const auto timeout_ms = static_cast<int>((std::max<Nanoseconds>(timeout, 0) + 999'999) / 1'000'000);
  if (poll(fds.data(), fds.size(), timeout_ms) <= 0) return std::nullopt;
  // Event messages first: a Sync is then handled before the Follow_Up that was sent after it.
  for (const std::size_t i : {std::size_t{0}, std::size_t{1}}) {
    if ((fds[i].revents & POLLIN) == 0) continue;
    auto message = read_one(fds[i].fd, i == 0 ? Channel::kEvent : Channel::kGeneral);
    if (message) return message;
  }
  return std::nullopt;
}

Expected<Nanoseconds, std::string> UdpTransport::send_event(std::span<const std::uint8_t> message) {
  const sockaddr_in to = group_address(kEventPort);
  if (sendto(event_fd_, message.data(), message.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) < 0) {
    counters_.send_errors.fetch_add(1, std::memory_order_relaxed);
    return Unexpected{system_error("sending an event message")};
  }
  // The kernel loops the sent packet back on the error queue with its timestamp; the PTP message is its tail.
  const Nanoseconds give_up = monotonic_raw_now() + kTransmitTimestampTimeoutMs * 1'000'000LL;
  while (true) {
    const Nanoseconds left = give_up - monotonic_raw_now();
    if (left <= 0) break;
    pollfd fd{event_fd_, 0, 0};
    if (poll(&fd, 1, static_cast<int>(left / 1'000'000) + 1) <= 0) break;
    if ((fd.revents & POLLERR) == 0) continue;
    alignas(cmsghdr) std::array<char, 512> control{};
    iovec io{error_queue_buffer_.data(), error_queue_buffer_.size()};
    msghdr looped{};
    looped.msg_iov = &io;
    looped.msg_iovlen = 1;
    looped.msg_control = control.data();
    looped.msg_controllen = control.size();
    const ssize_t length = recvmsg(event_fd_, &looped, MSG_ERRQUEUE | MSG_DONTWAIT);
    if (length < 0) continue;
    const auto size = static_cast<std::size_t>(length);
    if (size < message.size() ||
        std::memcmp(error_queue_buffer_.data() + size - message.size(), message.data(), message.size()) != 0) {
      continue;  // the stamp of an earlier message that timed out
    }
    if (auto local = to_local(find_timestamps(looped))) return *local;
  }
  counters_.missing_transmit_timestamps.fetch_add(1, std::memory_order_relaxed);
  return Unexpected{std::string("no transmit timestamp within 20 ms")};
}

Expected<bool, std::string> UdpTransport::send_general(std::span<const std::uint8_t> message) {
  const sockaddr_in to = group_address(kGeneralPort);
  if (sendto(general_fd_, message.data(), message.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) <
      0) {
    counters_.send_errors.fetch_add(1, std::memory_order_relaxed);
    return Unexpected{system_error("sending a general message")};
  }
  return true;
}

}  // namespace crosspoint::ptp
