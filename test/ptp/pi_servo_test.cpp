#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "lock_detector.hpp"
#include "pi_servo.hpp"

using namespace crosspoint;
using namespace crosspoint::ptp;

namespace {

// A local clock whose oscillator runs `drift_ppb` fast, corrected by the servo, measured with Gaussian noise.
struct SimulatedSlave {
  double drift_ppb;
  double phase_ns;  // true offset from the master
  double frequency_ppb = 0;

  void advance(double seconds) { phase_ns += (drift_ppb + frequency_ppb) * seconds; }
  void apply(const ServoOutput& out) {
    if (out.state == ServoState::kJump) phase_ns -= static_cast<double>(out.step_ns);
    if (out.state != ServoState::kUnlocked) frequency_ppb = out.frequency_ppb;
  }
};

struct Run {
  std::vector<double> late_errors;  // true |offset| over the last half
  double final_frequency_ppb = 0;
  int jumps = 0;
  int first_lock_sample = -1;
};

Run run_servo(double drift_ppb, double initial_offset_ns, double noise_ns, int samples) {
  constexpr double kInterval = 0.125;
  PiServo servo(PiServoConfig{});
  servo.set_sync_interval(kInterval);
  LockDetector lock(LockConfig{});
  SimulatedSlave slave{drift_ppb, initial_offset_ns};
  std::mt19937 random(2059);
  std::normal_distribution<double> noise(0.0, noise_ns);
  Run run;
  for (int i = 0; i < samples; ++i) {
    slave.advance(kInterval);
    const auto measured = static_cast<Nanoseconds>(slave.phase_ns + noise(random));
    const ServoOutput out = servo.sample(measured, static_cast<Nanoseconds>(i * kInterval * 1e9));
    if (out.state == ServoState::kJump) ++run.jumps;
    slave.apply(out);
    if (lock.sample(out.state, measured) && run.first_lock_sample < 0) run.first_lock_sample = i;
    if (i >= samples / 2) run.late_errors.push_back(std::abs(slave.phase_ns));
  }
  run.final_frequency_ppb = slave.frequency_ppb;
  return run;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

TEST_CASE("the PI servo removes a 50 ppm drift and a 1 ms offset under 500 ns of timestamp noise") {
  const Run run = run_servo(50'000, 1'000'000, 500, 480);  // one minute at 8 samples per second
  CHECK(run.jumps >= 1);
  CHECK(run.jumps <= 2);  // the phase at once, and what the drift added while the frequency was estimated
  CHECK(run.final_frequency_ppb == Approx(-50'000).margin(500));
  CHECK(median(run.late_errors) < 250);
  CHECK(*std::max_element(run.late_errors.begin(), run.late_errors.end()) < 1'500);
  CHECK(run.first_lock_sample >= 0);
  CHECK(run.first_lock_sample < 40);  // within 5 s
}

TEST_CASE("a small initial offset is slewed, not stepped") {
  const Run run = run_servo(-20'000, 5'000, 100, 240);
  CHECK(run.jumps == 0);
  CHECK(median(run.late_errors) < 100);
  CHECK(run.final_frequency_ppb == Approx(20'000).margin(100));
}

TEST_CASE("the servo waits for its frequency estimate before touching the clock") {
  PiServo servo(PiServoConfig{});
  for (int i = 0; i < 7; ++i) CHECK(servo.sample(1000 + i * 100, i * 125'000'000).state == ServoState::kUnlocked);
  const ServoOutput out = servo.sample(1700, 7 * 125'000'000);
  CHECK(out.state == ServoState::kLocked);
  CHECK(out.frequency_ppb == Approx(-800).margin(1));  // 100 ns per 125 ms: 800 ppb fast
}

TEST_CASE("an offset beyond the step threshold while tracking starts a fresh estimate and steps") {
  PiServo servo(PiServoConfig{});
  for (int i = 0; i < 8; ++i) servo.sample(0, i * 125'000'000);
  CHECK(servo.sample(10, 8 * 125'000'000).state == ServoState::kLocked);
  const ServoOutput out = servo.sample(5'000'000, 9 * 125'000'000);
  CHECK(out.state == ServoState::kJump);
  CHECK(out.step_ns == 5'000'000);
  CHECK(servo.sample(0, 10 * 125'000'000).state == ServoState::kUnlocked);  // estimating afresh
}

TEST_CASE("lock is declared after consecutive small offsets and lost on a large one") {
  LockDetector lock(LockConfig{2'000, 50'000, 4});
  CHECK_FALSE(lock.sample(ServoState::kLocked, 100));
  CHECK_FALSE(lock.sample(ServoState::kLocked, -100));
  CHECK_FALSE(lock.sample(ServoState::kLocked, 100));
  CHECK(lock.sample(ServoState::kLocked, 100));
  CHECK(lock.sample(ServoState::kLocked, 10'000));  // a spike within the unlock threshold keeps the lock
  CHECK_FALSE(lock.sample(ServoState::kLocked, 60'000));
  CHECK_FALSE(lock.sample(ServoState::kJump, 0));
}
