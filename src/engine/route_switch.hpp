// The crosspoint of one output: which input it forwards and how armed switches land. Video and ancillary
// switch on frame boundaries: the output finishes the old input's frame (up to its marker packet), then
// starts with the first packet of the new input's next frame, so no output frame is torn or mixed. Audio
// switches between any two packets. Switches queue in landing order (their time, then the order they were
// armed): a start-up route waiting for its input's first frame and a scheduled activation behind it both
// land, each in its turn. When several are due at once only the last lands, passing over the others
// (superseded: the output never shows them). An input that falls silent mid-frame for kSilentInputNs has
// stopped: its frame will not end, so a switch due away from it cuts there (the frame was torn at the source,
// not here). The data path reads the time only while a switch is armed, so silence is timed from then on.
// Pure logic, driven by the worker one packet at a time.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <span>

#include "crosspoint/engine/limits.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/time/ptp_time.hpp"
#include "input_slot.hpp"

namespace crosspoint::engine {

struct PendingSwitch {
  InputHandle target;                 // none: disconnect
  Nanoseconds deadline_local_ns = 0;  // CLOCK_MONOTONIC_RAW: due from then on
  std::uint64_t request = 0;
};

// Landing order: by time, then in the order armed (request numbers increase).
constexpr bool lands_before(Nanoseconds a_deadline, std::uint64_t a_request, Nanoseconds b_deadline,
                            std::uint64_t b_request) {
  return a_deadline != b_deadline ? a_deadline < b_deadline : a_request < b_request;
}

// What the data path knows of a packet when it routes it.
struct PacketMarks {
  bool marker = false;       // the last packet of a frame (or field)
  bool frame_start = false;  // the first packet of a frame: the input's previous packet had the marker
};

struct RouteDecision {
  bool forward = false;
  bool landed = false;  // a switch completed with this packet (forwarded or not): see RouteSwitch::settled()
};

// How long an input may fall silent inside a frame before a switch away from it stops waiting for its marker:
// many frame periods, far beyond any pause of a live source on a loaded host.
constexpr Nanoseconds kSilentInputNs = 500'000'000;

// What an output's queue holds at most: the switches a table arms, and on a restart the settled route
// before them.
constexpr std::size_t kSwitchQueueDepth = kMaxArmedSwitches + 1;

// The switch that landed and the due ones it passed over.
struct SettledSwitches {
  std::uint64_t landed = 0;
  std::array<std::uint64_t, kSwitchQueueDepth - 1> superseded{};
  std::uint8_t superseded_count = 0;
};

class RouteSwitch {
 public:
  explicit RouteSwitch(st2110::MediaType media = st2110::MediaType::kVideo) : media_(media) {}

  // Queues a switch in landing order; false (nothing queued) when kSwitchQueueDepth are queued already.
  bool arm(const PendingSwitch& pending);
  // Withdraws queued request `request` unless the cut toward it has begun (the output already left its old
  // input for it); true when withdrawn.
  bool withdraw(std::uint64_t request);
  // Points queued request `request` at another input (its receiver moved to a new flow).
  void retarget(std::uint64_t request, InputHandle target);
  // The current input vanished (removed): stop at once.
  void disconnect() {
    current_ = kNoInput;
    mid_frame_ = false;
  }

  // Called for every packet of the inputs the output listens to: inline, branch-light.
  RouteDecision decide(InputSlot from, PacketMarks marks, Nanoseconds now) {
    RouteDecision decision;
    if (now >= next_deadline_) decision.landed = advance_switch(from, marks, now);
    decision.forward = from == current_ && current_ != kNoInput;
    if (decision.forward) mid_frame_ = media_ != st2110::MediaType::kAudio && !marks.marker;
    return decision;
  }

  [[nodiscard]] InputSlot current() const { return current_; }
  [[nodiscard]] bool armed() const { return count_ != 0; }
  // Not yet landed, in landing order.
  [[nodiscard]] std::span<const PendingSwitch> queued() const { return {queue_.data(), count_}; }
  [[nodiscard]] const SettledSwitches& settled() const { return settled_; }
  // Between two frames: the last packet sent ended one (always, for audio and an output that sent nothing).
  [[nodiscard]] bool between_frames() const { return !mid_frame_; }
  [[nodiscard]] bool awaiting_frame_start() const { return awaiting_; }
  // The inputs the output cares about: current, and every queued target.
  [[nodiscard]] bool listens_to(InputSlot input) const;

 private:
  static constexpr Nanoseconds kNever = std::numeric_limits<Nanoseconds>::max();

  // The due switches (`due` of them, from the front) land as the last of them.
  void land(std::uint8_t due);
  // A switch is due: cut and land where the media allows; true when it landed.
  bool advance_switch(InputSlot from, PacketMarks marks, Nanoseconds now);

  st2110::MediaType media_;
  InputSlot current_ = kNoInput;
  std::array<PendingSwitch, kSwitchQueueDepth> queue_{};
  std::uint8_t count_ = 0;
  Nanoseconds next_deadline_ = kNever;  // the front's, so a packet with nothing due costs one compare
  SettledSwitches settled_;
  bool mid_frame_ = false;  // the last packet sent lacked the marker: the output is inside a frame
  // While a due switch waits for the old frame's end: when the old input was last heard (0: not waiting).
  Nanoseconds old_input_heard_ns_ = 0;
  bool awaiting_ = false;   // the old input's frame ended; waiting for the due target's frame start
  std::uint64_t awaited_request_ = 0;  // the request the cut was made for: no longer withdrawable
};

}  // namespace crosspoint::engine
