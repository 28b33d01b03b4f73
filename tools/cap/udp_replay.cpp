#include "udp_replay.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "crosspoint/capture/pcap_reader.hpp"
#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/udp.hpp"

namespace crosspoint::cap {

using namespace crosspoint::st2110;

namespace {

class UdpSocket {
 public:
  UdpSocket() : fd_(::socket(AF_INET, SOCK_DGRAM, 0)) {
    if (fd_ >= 0) {
      int size = 16 * 1024 * 1024;
      ::setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    }
  }
  ~UdpSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;
  [[nodiscard]] int fd() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

Expected<ReplayResult, std::string> replay_udp(const ReplayOptions& options) {
  auto reader = capture::PcapReader::open(options.file);
  if (!reader) return Unexpected{"cannot read " + options.file + ": " + reader.error()};
  UdpSocket socket;
  if (socket.fd() < 0) return Unexpected{std::string("cannot open a UDP socket")};
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(options.port);
  to.sin_addr.s_addr = htonl(options.destination.value);

  ReplayResult result;
  std::optional<std::uint64_t> first_capture_ns;
  // Replay pacing is relative: a monotonic clock, not media time.
  const auto started = std::chrono::steady_clock::now();
  while (auto record = reader->next()) {
    const Bytes frame = record->bytes;
    const auto ethernet = parse_ethernet(frame);
    if (!ethernet || ethernet->ether_type != kEtherTypeIpv4) {
      ++result.skipped;
      continue;
    }
    const auto ip = parse_ipv4(frame.subspan(ethernet->length()));
    if (!ip || ip->protocol != kIpProtocolUdp) {
      ++result.skipped;
      continue;
    }
    const Bytes datagram = frame.subspan(ethernet->length() + ip->header_length, ip->total_length - ip->header_length);
    const auto udp = parse_udp(datagram);
    if (!udp || (options.only_port && udp->destination_port != *options.only_port)) {
      ++result.skipped;
      continue;
    }
    if (!first_capture_ns) first_capture_ns = record->timestamp_ns;
    if (options.speed > 0) {
      // Spin to the packet's instant: sleeping would bunch packets into the scheduler's ticks.
      const auto offset = std::chrono::nanoseconds(static_cast<std::int64_t>(
          static_cast<double>(record->timestamp_ns - *first_capture_ns) / options.speed));
      while (std::chrono::steady_clock::now() - started < offset) {
      }
    }
    const Bytes payload = datagram.subspan(kUdpHeaderLength, udp->length - kUdpHeaderLength);
    if (::sendto(socket.fd(), payload.data(), payload.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) < 0) {
      ++result.send_errors;
    } else {
      ++result.sent;
    }
  }
  if (!reader->error().empty()) return Unexpected{options.file + ": " + reader->error()};
  return result;
}

}  // namespace crosspoint::cap
