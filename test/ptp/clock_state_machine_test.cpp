// The ordinary clock's state machine driven by a script: fed messages and told the time, it answers with port
// states, data sets, the messages it sends and what its servo is given. No thread, no sleeping, no socket: every
// instant below is the test's own.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <vector>

#include "clock_state_machine.hpp"
#include "message.hpp"

using namespace crosspoint;
using namespace crosspoint::ptp;

namespace {

constexpr Nanoseconds kMs = 1'000'000;
constexpr Nanoseconds kStart = 1'000 * kMs;  // local time at INITIALIZE

class ScriptedTime final : public TimeReader {
 public:
  Nanoseconds local_now() override { return now; }
  ClockOffset system_clock_offset() override { return ClockOffset{system_minus_local_ns, now, 0}; }

  Nanoseconds now = kStart;
  Nanoseconds system_minus_local_ns = 0;
};

// Keeps what the clock sends; its transmit timestamp is whatever the test set.
class RecordingTransport final : public Transport {
 public:
  std::optional<ReceivedMessage> receive(Nanoseconds) override { return std::nullopt; }
  Expected<Nanoseconds, std::string> send_event(std::span<const std::uint8_t> message) override {
    keep(message);
    return transmit_stamp;
  }
  Expected<bool, std::string> send_general(std::span<const std::uint8_t> message) override {
    keep(message);
    return true;
  }
  [[nodiscard]] std::array<std::uint8_t, 6> hardware_address() const override { return {0x02, 0, 0, 0, 0, 1}; }
  [[nodiscard]] TimestampKind timestamping() const override { return TimestampKind::kSoftware; }

  // The types of what was sent, in order.
  [[nodiscard]] std::vector<MessageType> types() const {
    std::vector<MessageType> out;
    for (const auto& bytes : sent) out.push_back(decode_message(bytes)->header.type);
    return out;
  }

  std::vector<std::vector<std::uint8_t>> sent;
  Nanoseconds transmit_stamp = 0;

 private:
  void keep(std::span<const std::uint8_t> message) { sent.emplace_back(message.begin(), message.end()); }
};

// A servo that is not the PI: it keeps every offset it is given and holds the clock at a fixed frequency.
class RecordingServo final : public Servo {
 public:
  struct Sample {
    Nanoseconds offset_ns;
    Nanoseconds local_ns;
  };
  explicit RecordingServo(std::vector<Sample>& samples) : samples_(samples) {}
  ServoOutput sample(Nanoseconds offset_ns, Nanoseconds local_ns) override {
    samples_.push_back({offset_ns, local_ns});
    return ServoOutput{ServoState::kLocked, kFrequencyPpb, 0};
  }
  void set_sync_interval(double) override {}
  void reset(double) override {}

  static constexpr double kFrequencyPpb = 12.5;

 private:
  std::vector<Sample>& samples_;
};

const PortIdentity kMaster{ClockIdentity{{0x02, 0, 0, 0xff, 0xfe, 0, 0, 9}}, 1};

// The foreign master's Announce: priority1 100 beats the default 128.
Message announce_from(const PortIdentity& sender, std::uint16_t sequence, std::uint8_t priority1 = 100) {
  Header header;
  header.type = MessageType::kAnnounce;
  header.source = sender;
  header.sequence_id = sequence;
  header.flags = flags::kPtpTimescale;
  Announce announce;
  announce.grandmaster_priority1 = priority1;
  announce.grandmaster_identity = sender.clock;
  announce.steps_removed = 0;
  return Message{header, announce};
}

Message from_master(MessageBody body, std::uint16_t sequence, std::uint16_t flag_bits = 0) {
  Header header;
  header.source = kMaster;
  header.sequence_id = sequence;
  header.flags = flag_bits;
  return Message{header, std::move(body)};
}

// Feeds one message as the transport would deliver it, received (and stamped) at `at`.
void deliver(ClockStateMachine& machine, const Message& message, Nanoseconds at) {
  std::array<std::uint8_t, kMaxMessageLength> buffer{};
  const auto length = encode_message(message, buffer);
  REQUIRE(length.has_value());
  const MessageType type = type_of(message.body);
  machine.receive(ReceivedMessage{std::span<const std::uint8_t>(buffer.data(), *length),
                                  is_event(type) ? Channel::kEvent : Channel::kGeneral, at},
                  at);
}

struct Bench {
  explicit Bench(ClockConfig config = {}) {
    config.interface = "script";
    config.grandmaster_follows_system_clock = false;
    machine = std::make_unique<ClockStateMachine>(
        config, model, transport, time,
        [this](double) { return std::make_unique<RecordingServo>(servo_samples); });
  }
  ScriptedTime time;
  RecordingTransport transport;
  ClockModel model;
  std::vector<RecordingServo::Sample> servo_samples;
  std::unique_ptr<ClockStateMachine> machine;
};

}  // namespace

TEST_CASE("with no master on the segment the announce receipt timeout makes the clock MASTER, not before") {
  Bench bench;
  ClockStateMachine& clock = *bench.machine;
  clock.initialize(kStart);
  CHECK(clock.status().port_state == PortState::kListening);

  // Three announce intervals of 250 ms, plus a random quarter interval at most.
  clock.advance(kStart + 749 * kMs);
  CHECK(clock.status().port_state == PortState::kListening);
  CHECK(bench.transport.sent.empty());
  const Nanoseconds timeout = clock.next_deadline();
  CHECK(timeout >= kStart + 750 * kMs);
  CHECK(timeout <= kStart + 812'500'000);

  clock.advance(timeout - 1);
  CHECK(clock.status().port_state == PortState::kListening);
  clock.advance(timeout);
  CHECK(clock.status().port_state == PortState::kMaster);
  CHECK(clock.data_sets().parent.grandmaster_identity == clock.identity());
  CHECK(clock.data_sets().current.steps_removed == 0);
  CHECK(bench.model.traceability().grandmaster_id == clock.identity().octets);
  CHECK(bench.model.traceability().locked);
  // A new master sends its first Sync (two-step: with a Follow_Up) at once, its Announce half a Sync later.
  CHECK(bench.transport.types() == std::vector{MessageType::kSync, MessageType::kFollowUp});
  clock.advance(timeout + 62'500'000);
  CHECK(bench.transport.types().back() == MessageType::kAnnounce);
}

TEST_CASE("a better foreign master takes over once two of its announces qualify it") {
  Bench bench;
  ClockStateMachine& clock = *bench.machine;
  clock.initialize(kStart);
  clock.advance(kStart + 1'000 * kMs);
  REQUIRE(clock.status().port_state == PortState::kMaster);

  Nanoseconds now = kStart + 1'100 * kMs;
  deliver(clock, announce_from(kMaster, 1), now);
  CHECK(clock.status().port_state == PortState::kMaster);  // one Announce does not qualify a master

  now += 250 * kMs;
  deliver(clock, announce_from(kMaster, 2), now);
  const ClockStatus status = clock.status();
  CHECK(status.port_state == PortState::kUncalibrated);
  CHECK(status.parent == kMaster);
  CHECK(status.grandmaster_identity == kMaster.clock);
  CHECK(status.steps_removed == 1);
  CHECK(clock.data_sets().parent.grandmaster_priority1 == 100);
  CHECK(bench.model.traceability().grandmaster_id == kMaster.clock.octets);
  CHECK_FALSE(bench.model.traceability().locked);

  SECTION("and a worse one does not") {
    const PortIdentity worse{ClockIdentity{{0x02, 0, 0, 0xff, 0xfe, 0, 0, 7}}, 1};
    deliver(clock, announce_from(worse, 1, 200), now + 10 * kMs);
    deliver(clock, announce_from(worse, 2, 200), now + 20 * kMs);
    CHECK(clock.status().parent == kMaster);
  }
}

TEST_CASE("a Sync, Follow_Up, Delay_Req and Delay_Resp exchange gives the servo the offset, and the delay") {
  Bench bench;
  ClockStateMachine& clock = *bench.machine;
  // Our time base reads P0 + local exactly; the master runs 5 us behind us and the path takes 20 us each way.
  constexpr std::uint64_t kP0 = 1'700'000'000ULL * 1'000'000'000ULL;
  constexpr Nanoseconds kAhead = 5'000;
  constexpr Nanoseconds kPath = 20'000;
  bench.model.publish(ClockMapping{0, kP0, 0.0});
  const auto master_time = [&](Nanoseconds local) { return PtpTime::from_nanos(kP0 + local - kAhead); };

  clock.initialize(kStart);
  deliver(clock, announce_from(kMaster, 1), kStart + 100 * kMs);
  deliver(clock, announce_from(kMaster, 2), kStart + 350 * kMs);
  REQUIRE(clock.status().port_state == PortState::kUncalibrated);

  // Sync 0 leaves the master at local 400 ms and arrives a path later; t1 comes in the Follow_Up.
  Nanoseconds sent = kStart + 400 * kMs;
  deliver(clock, from_master(Sync{}, 0, flags::kTwoStep), sent + kPath);
  deliver(clock, from_master(FollowUp{master_time(sent)}, 0), sent + kPath + 100'000);
  CHECK(bench.servo_samples.empty());  // no delay measured yet

  // The Delay_Req is due now; it leaves at t3 and reaches the master a path later (t4).
  const Nanoseconds t3 = sent + kPath + 200'000;
  bench.transport.transmit_stamp = t3;
  clock.advance(t3);
  REQUIRE(bench.transport.types() == std::vector{MessageType::kDelayReq});
  const auto request = decode_message(bench.transport.sent.back());
  REQUIRE(request.has_value());
  CHECK(request->header.source == clock.data_sets().port.identity);
  Header response = from_master(DelayResp{}, request->header.sequence_id).header;
  deliver(clock, Message{response, DelayResp{master_time(t3 + kPath), request->header.source}}, t3 + 2 * kPath);
  CHECK(clock.drops().total() == 0);

  // Sync 1 now completes a measurement.
  sent = kStart + 525 * kMs;
  deliver(clock, from_master(Sync{}, 1, flags::kTwoStep), sent + kPath);
  deliver(clock, from_master(FollowUp{master_time(sent)}, 1), sent + kPath + 100'000);

  REQUIRE(bench.servo_samples.size() == 1);
  CHECK(bench.servo_samples[0].offset_ns == kAhead);
  CHECK(bench.servo_samples[0].local_ns == sent + kPath);
  const ClockStatus status = clock.status();
  CHECK(status.offset_from_master_ns == kAhead);
  CHECK(status.mean_path_delay_ns == kPath);
  CHECK(clock.data_sets().current.offset_from_master_scaled == kAhead * 65536);
  CHECK(clock.data_sets().current.mean_path_delay_scaled == kPath * 65536);
  // What the given servo answered is what the clock runs at, and a tracking servo makes the port SLAVE.
  CHECK(status.frequency_ppb == RecordingServo::kFrequencyPpb);
  CHECK(bench.model.mapping().rate_ppb == RecordingServo::kFrequencyPpb);
  CHECK(status.port_state == PortState::kSlave);
}

TEST_CASE("a Sync from a port the clock does not follow is counted and changes nothing") {
  Bench bench;
  ClockStateMachine& clock = *bench.machine;
  clock.initialize(kStart);
  deliver(clock, from_master(Sync{}, 0, flags::kTwoStep), kStart + 10 * kMs);
  CHECK(clock.drops().get(DropReason::kNotFromParent) == 1);
  CHECK(bench.servo_samples.empty());
  CHECK(clock.status().port_state == PortState::kListening);
}

namespace {

// A master on the script's segment: announces every 250 ms, Sync and Follow_Up every 125 ms, and answers the
// clock's Delay_Req; its time is the clock's time base at start minus `behind_ns`, with no path delay.
struct ScriptedMaster {
  PortIdentity identity;
  std::uint8_t priority1 = 100;
  Nanoseconds behind_ns = 500;
  std::uint64_t p0 = 0;
  std::uint16_t sequence = 0;
  std::size_t answered = 0;  // Delay_Reqs of the clock already answered

  [[nodiscard]] PtpTime time_at(Nanoseconds local) const { return PtpTime::from_nanos(p0 + local - behind_ns); }
  Message message(MessageBody body, std::uint16_t sequence_id, std::uint16_t flag_bits = 0) const {
    Header header;
    header.source = identity;
    header.sequence_id = sequence_id;
    header.flags = flag_bits;
    return Message{header, std::move(body)};
  }
  void tick(Bench& bench, Nanoseconds now) {
    ClockStateMachine& clock = *bench.machine;
    if (sequence % 2 == 0) deliver(clock, announce_from(identity, sequence, priority1), now);
    deliver(clock, message(Sync{}, sequence, flags::kTwoStep), now);
    deliver(clock, message(FollowUp{time_at(now)}, sequence), now + 50'000);
    ++sequence;
  }
  // Answers the Delay_Reqs the clock sent since the last call (each stamped bench.transport.transmit_stamp).
  void answer(Bench& bench, Nanoseconds now) {
    ClockStateMachine& clock = *bench.machine;
    for (; answered < bench.transport.sent.size(); ++answered) {
      const auto request = decode_message(bench.transport.sent[answered]);
      if (!request || request->header.type != MessageType::kDelayReq) continue;
      deliver(clock, message(DelayResp{time_at(bench.transport.transmit_stamp), request->header.source},
                             request->header.sequence_id),
              now + 60'000);
    }
  }
};

// Runs the segment in 125 ms steps from `from` to `to`: each master in `masters` speaks, then the clock acts.
void run_segment(Bench& bench, std::vector<ScriptedMaster*> masters, Nanoseconds from, Nanoseconds to) {
  for (Nanoseconds now = from; now < to; now += 125 * kMs) {
    bench.time.now = now;
    bench.transport.transmit_stamp = now + 20'000;
    for (ScriptedMaster* master : masters) master->tick(bench, now);
    bench.machine->advance(now + 30'000);
    for (ScriptedMaster* master : masters) master->answer(bench, now);
  }
}

// The holdover tests' time (the model and the masters start at kEpoch) and their two grandmasters.
constexpr std::uint64_t kEpoch = 1'700'000'000ULL * 1'000'000'000ULL;
const PortIdentity kMasterA{ClockIdentity{{0x02, 0, 0, 0xff, 0xfe, 0, 0, 0x0a}}, 1};
const PortIdentity kMasterB{ClockIdentity{{0x02, 0, 0, 0xff, 0xfe, 0, 0, 0x0b}}, 1};

// Starts the clock on a model at kEpoch and runs `masters` for its first two seconds, enough to lock.
void run_first_two_seconds(Bench& bench, std::vector<ScriptedMaster*> masters) {
  bench.model.publish(ClockMapping{0, kEpoch, 0.0});
  bench.machine->initialize(kStart);
  run_segment(bench, std::move(masters), kStart + 10 * kMs, kStart + 2'000 * kMs);
}

}  // namespace

TEST_CASE("a locked clock whose grandmaster falls silent holds over on its last rate, reports it, follows the next "
          "best master and locks again") {
  Bench bench;
  ClockStateMachine& clock = *bench.machine;
  ScriptedMaster a{kMasterA, 100, 500, kEpoch};
  ScriptedMaster b{kMasterB, 110, 300, kEpoch};
  run_first_two_seconds(bench, {&a, &b});
  ClockStatus status = clock.status();
  REQUIRE(status.locked);
  REQUIRE(status.grandmaster_identity == a.identity.clock);
  CHECK(!status.holdover);
  const double rate = bench.model.mapping().rate_ppb;
  const std::size_t samples_before = bench.servo_samples.size();

  // A falls silent. Until its announce receipt timeout (3 intervals, up to a quarter more) the clock is still its
  // slave and locked; then it holds over, and the best remaining master, B, becomes its parent.
  run_segment(bench, {&b}, kStart + 2'000 * kMs, kStart + 2'500 * kMs);
  CHECK(clock.status().locked);
  CHECK(!clock.status().holdover);
  // B's Syncs stay unused until the timeout: nothing adjusts the time base, which keeps its rate.
  CHECK(bench.servo_samples.size() == samples_before);
  Nanoseconds now = kStart + 2'500 * kMs;
  for (; now < kStart + 3'000 * kMs && !clock.status().holdover; now += 125 * kMs) {
    run_segment(bench, {&b}, now, now + 125 * kMs);
  }
  status = clock.status();
  REQUIRE(status.holdover);
  CHECK(status.port_state == PortState::kUncalibrated);
  CHECK(status.holdovers == 1);
  CHECK(!status.locked);
  CHECK(!bench.model.traceability().locked);  // what IS-04 reads
  CHECK(status.grandmaster_identity == b.identity.clock);
  CHECK(bench.model.mapping().rate_ppb == rate);
  CHECK(bench.servo_samples.size() == samples_before);

  // B's first sample steers the time base again: holdover ends; more samples lock the clock.
  run_segment(bench, {&b}, now, now + 250 * kMs);
  CHECK(bench.servo_samples.size() > samples_before);
  CHECK(!clock.status().holdover);
  run_segment(bench, {&b}, now + 250 * kMs, kStart + 5'000 * kMs);
  status = clock.status();
  CHECK(status.locked);
  CHECK(!status.holdover);
  CHECK(status.holdovers == 1);
  CHECK(status.port_state == PortState::kSlave);
  CHECK(status.grandmaster_identity == b.identity.clock);
  CHECK(bench.model.traceability().locked);
}

TEST_CASE("a slave-only clock that loses its only master holds over in LISTENING; a clock that never locked does not") {
  ClockConfig config;
  config.slave_only = true;
  Bench bench(config);
  ClockStateMachine& clock = *bench.machine;
  ScriptedMaster a{kMasterA, 100, 500, kEpoch};
  run_first_two_seconds(bench, {&a});
  REQUIRE(clock.status().locked);
  const ClockMapping before = bench.model.mapping();
  run_segment(bench, {}, kStart + 2'000 * kMs, kStart + 4'000 * kMs);
  ClockStatus status = clock.status();
  CHECK(status.port_state == PortState::kListening);
  CHECK(status.holdover);
  CHECK(!status.locked);
  CHECK(bench.model.mapping().rate_ppb == before.rate_ppb);
  ClockModel unchanged;
  unchanged.publish(before);
  const Nanoseconds later = kStart + 4'000 * kMs;
  CHECK(std::llabs(bench.model.to_ptp(later).minus(unchanged.to_ptp(later))) <= 1);  // not stepped either

  Bench never(config);
  never.machine->initialize(kStart);
  run_segment(never, {}, kStart + 10 * kMs, kStart + 2'000 * kMs);
  CHECK(!never.machine->status().holdover);
}

TEST_CASE("a locked clock holds over when its master is lost to the BMCA before the announce receipt timeout") {
  // The race seen with ptp4l: B, A's slave until A goes, times out first and announces. Its first Announce
  // arrives once A, silent, is no longer qualified but before this clock's own timeout: the BMCA finds no
  // qualified master ("no master"), and the slave-only clock must hold over then as it does on the timeout.
  ClockConfig config;
  config.slave_only = true;
  Bench bench(config);
  ClockStateMachine& clock = *bench.machine;
  ScriptedMaster a{kMasterA, 100, 500, kEpoch};
  run_first_two_seconds(bench, {&a});  // A's last Announces at 1.51 and 1.76 s
  REQUIRE(clock.status().locked);
  const double rate = bench.model.mapping().rate_ppb;

  // Two Announces in a window of four intervals qualify A: just after 2.51 s it is no longer qualified, while
  // this clock's timeout (1.76 s + 750 ms + a random 0 to 62.5 ms) has not yet fired.
  const Nanoseconds first_from_b = kStart + 2'510 * kMs + 1'000;
  deliver(clock, announce_from(kMasterB, 1, 110), first_from_b);
  ClockStatus status = clock.status();
  CHECK(status.port_state == PortState::kListening);
  CHECK(status.holdover);
  CHECK(status.holdovers == 1);
  CHECK(!status.locked);
  CHECK(!bench.model.traceability().locked);  // what IS-04 reads
  CHECK(bench.model.mapping().rate_ppb == rate);

  // B's second Announce qualifies it: the clock follows it, still holding over until B steers it.
  deliver(clock, announce_from(kMasterB, 2, 110), first_from_b + 250 * kMs);
  status = clock.status();
  CHECK(status.port_state == PortState::kUncalibrated);
  CHECK(status.grandmaster_identity == kMasterB.clock);
  CHECK(status.holdover);
  CHECK(status.holdovers == 1);
}

TEST_CASE("the rate a clock holds over on is the mean of its last locked frequencies, not the last correction") {
  HoldoverRate rate;
  CHECK(!rate.rate_ppb());
  for (int i = 0; i < 100; ++i) rate.locked_sample(i % 2 == 0 ? -8000.0 : 8400.0);  // the PI's swings
  REQUIRE(rate.rate_ppb());
  CHECK(*rate.rate_ppb() == Approx(200.0));
  rate.reset();
  CHECK(!rate.rate_ppb());
  rate.locked_sample(12.5);
  CHECK(*rate.rate_ppb() == Approx(12.5));
}
