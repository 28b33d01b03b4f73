// Wire encoding of the PTP field types shared by messages and management data sets: ClockIdentity,
// PortIdentity, ClockQuality and Timestamp (48-bit seconds + 32-bit nanoseconds).
#pragma once

#include "crosspoint/ptp/identity.hpp"
#include "wire_cursor.hpp"
#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::ptp {

inline void write_field(const ClockIdentity& id, WireWriter& out) { out.bytes(id.octets); }
inline void write_field(const PortIdentity& port, WireWriter& out) {
  write_field(port.clock, out);
  out.u16(port.port);
}
inline void write_field(const ClockQuality& q, WireWriter& out) {
  out.u8(q.clock_class);
  out.u8(q.clock_accuracy);
  out.u16(q.offset_scaled_log_variance);
}
inline void write_field(const PtpTime& t, WireWriter& out) {
  out.u48(t.seconds);
  out.u32(t.nanoseconds);
}

inline ClockIdentity read_clock_identity(WireReader& in) {
  ClockIdentity id;
  in.copy(id.octets);
  return id;
}
inline PortIdentity read_port_identity(WireReader& in) {
  PortIdentity port;
  port.clock = read_clock_identity(in);
  port.port = in.u16();
  return port;
}
inline ClockQuality read_clock_quality(WireReader& in) {
  ClockQuality q;
  q.clock_class = in.u8();
  q.clock_accuracy = in.u8();
  q.offset_scaled_log_variance = in.u16();
  return q;
}
inline PtpTime read_timestamp(WireReader& in) {
  PtpTime t;
  t.seconds = in.u48();
  t.nanoseconds = in.u32();
  return t;
}

}  // namespace crosspoint::ptp
