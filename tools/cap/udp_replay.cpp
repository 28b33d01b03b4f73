#include "udp_replay.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <thread>
#include <vector>

#include "crosspoint/signal/replay_plan.hpp"
#include "crosspoint/st2110/media_clock.hpp"
#include "crosspoint/st2110/st2110_21_exact.hpp"
#include "crosspoint/st2110/udp.hpp"
#include "crosspoint/time/clock_model.hpp"

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

// Waits until local instant `due`: sleeps to 20 us before, spins the rest.
void wait_until(Nanoseconds due) {
  for (Nanoseconds now = monotonic_raw_now(); now < due; now = monotonic_raw_now()) {
    if (due - now > 20'000) std::this_thread::sleep_for(std::chrono::nanoseconds(due - now - 10'000));
  }
}

// The least spacing a flow's packets leave at when catching up: TDRAIN = Tframe / (1.1 N) for video, none
// for packet-timed flows.
Nanoseconds catch_up_spacing(const ReplayFlow& flow) {
  if (!flow.framed || flow.packets_per_pass == 0) return 0;
  const double packets_per_unit = static_cast<double>(flow.packets_per_pass) / flow.units_per_pass;
  const double unit_ns = 1e9 * static_cast<double>(flow.unit_rate.denominator) / static_cast<double>(flow.unit_rate.numerator);
  return static_cast<Nanoseconds>(unit_ns / (1.1 * packets_per_unit));
}

}  // namespace

Expected<ReplayResult, std::string> replay_udp(const ReplayOptions& options) {
  auto plan = ReplayPlan::load(options.file);
  if (!plan) return Unexpected{"cannot read " + options.file + ": " + plan.error()};
  UdpSocket socket;
  if (socket.fd() < 0) return Unexpected{std::string("cannot open a UDP socket")};
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(options.port);
  to.sin_addr.s_addr = htonl(options.destination.value);

  ReplayResult result;
  // The packets to send, in the order of their times on the capture's timeline.
  struct Pending {
    std::int64_t time_ns;
    std::uint32_t record;
    std::uint16_t flow;
  };
  std::vector<Pending> pending;
  std::vector<Nanoseconds> spacing;
  const auto flows = plan->flows();
  for (std::uint16_t f = 0; f < flows.size(); ++f) {
    spacing.push_back(catch_up_spacing(flows[f]));
    const bool wanted = flows[f].rtp && (!options.only_port || flows[f].udp_port == *options.only_port);
    for (const std::uint32_t index : flows[f].records) {
      if (!wanted) {
        ++result.skipped;
        continue;
      }
      pending.push_back(Pending{plan->emission(plan->record(index), 0, false).time_ns, index, f});
    }
  }
  std::stable_sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) { return a.time_ns < b.time_ns; });
  if (pending.empty()) return result;

  // Sleeps end within a microsecond; SCHED_FIFO where the caller may (else as before).
  prctl(PR_SET_TIMERSLACK, 1000UL, 0UL, 0UL, 0UL);
  const sched_param param{1};
  pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);

  // The capture's timeline moves by whole periods of its first video flow (0.1 s when it has none).
  Rational period{1, 10};
  for (const ReplayFlow& flow : flows) {
    if (flow.framed) {
      period = Rational{flow.unit_rate.denominator, flow.unit_rate.numerator};
      break;
    }
  }
  // Capture instant t leaves at PTP (TAI) time t + shift, the shift a whole number of periods; the first
  // packet at least 20 ms from now. Scaled by `speed`, only the spacing keeps.
  const std::int64_t first = pending.front().time_ns;
  const double speed = options.speed > 0 ? options.speed : 1.0;
  const ClockModel clock;
  const auto now_tai = static_cast<std::int64_t>(clock.now().to_nanos()) + 20'000'000;
  const Int128 period_count = -floor_div(-Int128{now_tai - first} * period.denominator, Int128{kNanosPerSecond} * period.numerator);
  const auto shift = static_cast<std::int64_t>(period_count * kNanosPerSecond * period.numerator / period.denominator);
  const Nanoseconds start = clock.to_local(PtpTime::from_nanos(static_cast<std::uint64_t>(first + shift)));
  std::vector<Nanoseconds> ready(flows.size(), 0);
  for (const Pending& p : pending) {
    const ReplayRecord& record = plan->record(p.record);
    Nanoseconds due = start + static_cast<Nanoseconds>(static_cast<double>(p.time_ns - first) / speed);
    if (options.speed > 0) {
      due = std::max(due, ready[p.flow]);
      wait_until(due);
      const Nanoseconds sent_at = monotonic_raw_now();
      if (sent_at - due > 100'000) ++result.late;
      ready[p.flow] = std::max(sent_at - 2 * spacing[p.flow], ready[p.flow]) + spacing[p.flow];
    }
    const auto frame = plan->bytes(record);
    const std::size_t udp_at = record.rtp_offset - kUdpHeaderLength;
    const auto udp = parse_udp(frame.subspan(udp_at));
    if (!udp || udp->length < kUdpHeaderLength || udp_at + udp->length > frame.size()) {
      ++result.skipped;
      continue;
    }
    const auto payload = frame.subspan(record.rtp_offset, udp->length - kUdpHeaderLength);
    if (::sendto(socket.fd(), payload.data(), payload.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) < 0) {
      ++result.send_errors;
    } else {
      ++result.sent;
    }
  }
  return result;
}

}  // namespace crosspoint::cap
