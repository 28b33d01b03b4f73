// What a servo is: it takes offsets of the local clock from the master and answers with the clock's new
// frequency, or with a step. PiServo is the default; Clock::create takes any other through a ServoFactory.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "crosspoint/time/ptp_time.hpp"

namespace crosspoint::ptp {

enum class ServoState : std::uint8_t {
  kUnlocked,  // still gathering samples; leave the clock as it is
  kJump,      // step the clock by -offset, then run at frequency_ppb
  kLocked,    // run at frequency_ppb
};
[[nodiscard]] std::string_view to_string(ServoState state);

struct ServoOutput {
  ServoState state = ServoState::kUnlocked;
  double frequency_ppb = 0.0;  // the clock's frequency relative to its local oscillator
  Nanoseconds step_ns = 0;     // with kJump: the offset to remove by stepping the clock back by it
};

class Servo {
 public:
  virtual ~Servo() = default;
  // offset_ns: local clock minus master at local time local_ns (positive: we are ahead).
  virtual ServoOutput sample(Nanoseconds offset_ns, Nanoseconds local_ns) = 0;
  // The interval between samples, seconds; gains scale with it.
  virtual void set_sync_interval(double seconds) = 0;
  // Forget everything (a new master); start from frequency_ppb.
  virtual void reset(double frequency_ppb) = 0;
};

// Makes a servo that starts at initial_frequency_ppb. The clock makes one for each timeline it disciplines (a
// master on the network; as grandmaster, the host's clock), so a second kind of servo drops in through this.
using ServoFactory = std::function<std::unique_ptr<Servo>(double initial_frequency_ppb)>;

}  // namespace crosspoint::ptp
