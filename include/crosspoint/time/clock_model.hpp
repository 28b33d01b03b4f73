// ClockModel: the one time base of the process. PTP (src/ptp) is its only writer; the engine, NMOS and the
// tools read it. It maps the local CLOCK_MONOTONIC_RAW timeline onto PTP time (TAI) with an offset and a
// rate, published through a seqlock so readers on the data path never block or take a lock.
#pragma once

#include <array>
#include <cstdint>
#include <ctime>

#include "crosspoint/time/ptp_time.hpp"
#include "crosspoint/time/seqlock.hpp"

namespace crosspoint {

// Local time: nanoseconds of CLOCK_MONOTONIC_RAW, never slewed or stepped by anyone.
inline Nanoseconds monotonic_raw_now() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
  return static_cast<Nanoseconds>(ts.tv_sec) * kNanosPerSecond + ts.tv_nsec;
}

// The timescale a grandmaster announces: PTP (TAI) or ARB (arbitrary, e.g. ptp4l with software stamps).
enum class Timescale : std::uint8_t { kPtp, kArbitrary };

// "local_ns -> ptp_ns" as ptp = base_ptp + (local - base_local) * (1 + rate_ppb / 1e9).
struct ClockMapping {
  Nanoseconds base_local_ns = 0;
  std::uint64_t base_ptp_ns = 0;
  double rate_ppb = 0.0;
};

// What IS-04 clocks and SDP ts-refclk say about where the time comes from.
struct ClockTraceability {
  std::array<std::uint8_t, 8> grandmaster_id{};  // clockIdentity of the grandmaster (ours when free running)
  std::uint8_t domain = 127;
  bool locked = false;     // the servo is locked to a master, or we are the grandmaster
  bool traceable = false;  // the grandmaster says its time is traceable to a primary reference
  Timescale timescale = Timescale::kPtp;
};

class ClockModel {
 public:
  // Starts free running: PTP time initialised from the system's UTC clock plus the TAI offset.
  ClockModel() : mapping_(initial_mapping()) {}

  [[nodiscard]] PtpTime now() const { return to_ptp(monotonic_raw_now()); }

  [[nodiscard]] PtpTime to_ptp(Nanoseconds local_ns) const {
    const ClockMapping m = mapping_.load();
    const double elapsed = static_cast<double>(local_ns - m.base_local_ns);
    const auto delta = static_cast<Nanoseconds>(elapsed + elapsed * m.rate_ppb * 1e-9);
    return PtpTime::from_nanos(static_cast<std::uint64_t>(static_cast<std::int64_t>(m.base_ptp_ns) + delta));
  }

  // The local (CLOCK_MONOTONIC_RAW) instant at which the PTP clock reads `t`: for deadlines on the data path.
  [[nodiscard]] Nanoseconds to_local(PtpTime t) const {
    const ClockMapping m = mapping_.load();
    const double ptp_elapsed = static_cast<double>(static_cast<std::int64_t>(t.to_nanos() - m.base_ptp_ns));
    return m.base_local_ns + static_cast<Nanoseconds>(ptp_elapsed / (1.0 + m.rate_ppb * 1e-9));
  }

  [[nodiscard]] ClockMapping mapping() const { return mapping_.load(); }
  [[nodiscard]] ClockTraceability traceability() const { return traceability_.load(); }

  // Writer side (the PTP servo, one thread).
  void publish(const ClockMapping& mapping) { mapping_.store(mapping); }
  void publish(const ClockTraceability& traceability) { traceability_.store(traceability); }

 private:
  static ClockMapping initial_mapping() {
    timespec utc{};
    clock_gettime(CLOCK_REALTIME, &utc);
    const Nanoseconds local = monotonic_raw_now();
    const auto tai_ns = static_cast<std::uint64_t>((utc.tv_sec + kTaiMinusUtcSeconds) * kNanosPerSecond + utc.tv_nsec);
    return ClockMapping{local, tai_ns, 0.0};
  }

  SeqLock<ClockMapping> mapping_;
  SeqLock<ClockTraceability> traceability_;
};

}  // namespace crosspoint
