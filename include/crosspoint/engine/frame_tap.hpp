// The control-plane tap: while the control plane holds a lease on an input or output, its worker copies one
// unit in N of that flow (video and ancillary: a whole frame, first packet after a marker to the next marker;
// audio: a period of kAudioTapPeriodPackets packets) into buffers of a preallocated pool and hands them over
// a single-producer ring. No allocation, no lock; a packet that finds the pool or ring full is not copied
// and counted (TapStats::dropped), its forwarding untouched. With no lease held the worker pays one branch.
//
//   auto key = engine.tap(TapPoint::kInput, "camera-1", {.one_in = 25, .lease = 3s});  // renew to keep it
//   engine.read_tap([&](const TappedPacket& p) { ... p.payload ... });                 // on the control plane
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include "crosspoint/st2110/bytes.hpp"

namespace crosspoint::engine {

// Where a flow is tapped: an input after its ST 2022-7 merge (each packet once, in sequence), or an output
// as it is sent (its packets, on its frame boundaries, the payload as sent; RTP and extended sequence numbers
// are the input's, which the rewrite replaces).
enum class TapPoint : std::uint8_t { kInput, kOutput };

// An audio tap copies periods of this many consecutive packets (48 ms at ST 2110-30's 1 ms packet time).
constexpr std::uint32_t kAudioTapPeriodPackets = 48;
// The largest RTP payload a tap buffer holds (the engine takes single-segment frames of a standard mbuf).
constexpr std::uint32_t kTapPayloadCapacity = 2048;

struct TapOptions {
  std::uint32_t one_in = 25;  // copy one unit (frame, audio period) in this many; 1 copies every unit
  std::chrono::milliseconds lease{3000};  // the worker stops copying this long after the call; 0 stops now
};

// Names one tapped flow as long as it lives: a slot and the generation of the input or output in it (an
// input retargeted to another flow, or removed and added again, has a new key).
struct TapKey {
  TapPoint point = TapPoint::kInput;
  std::uint16_t slot = 0;
  std::uint32_t generation = 0;
  friend bool operator==(const TapKey&, const TapKey&) = default;
};

// One copied packet, valid during the read_tap callback only.
struct TappedPacket {
  TapKey key;
  std::uint32_t unit = 0;    // the point's tapped units, counted from 1: packets of one unit share it
  std::uint32_t index = 0;   // the packet's place in its unit, from 0 (a gap: packets not copied)
  bool last = false;         // video, ancillary: the marker; audio: the period's last packet
  std::uint32_t rtp_timestamp = 0;
  st2110::Bytes payload;     // the RTP payload (video: extended sequence number, SRDs, pixel groups)
};

using TapConsumer = std::function<void(const TappedPacket&)>;

}  // namespace crosspoint::engine
