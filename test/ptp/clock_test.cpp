// The ordinary clock end to end on an in-memory segment: BMCA, grandmaster role, following and locking,
// management GETs, and the counting of messages it ignores. (Interop with ptp4l over real sockets is
// test/ptp/interop.py.)
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "crosspoint/ptp/clock.hpp"
#include "drop_counters.hpp"
#include "memory_segment.hpp"
#include "message.hpp"

using namespace crosspoint;
using namespace crosspoint::ptp;
using crosspoint::ptp::testing::MemorySegment;
using crosspoint::ptp::testing::MemoryTransport;

namespace {

ClockConfig config_with_priority(std::uint8_t priority1) {
  ClockConfig config;
  config.interface = "memory";
  config.priority1 = priority1;
  return config;
}

std::unique_ptr<Clock> make_clock(const ClockConfig& config, ClockModel& model, MemorySegment& segment,
                                  std::uint8_t mac_last) {
  auto clock = Clock::create(config, model, std::make_unique<MemoryTransport>(segment, mac_last));
  REQUIRE(clock.has_value());
  return std::move(*clock);
}

// Waits (at most `seconds`) until `done` holds; the tests assert outcomes, not how fast they came.
template <class Predicate>
bool eventually(Predicate done, double seconds = 10.0) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < give_up) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

std::vector<std::uint8_t> encoded(const Message& message) {
  std::array<std::uint8_t, kMaxMessageLength> buffer{};
  const auto length = encode_message(message, buffer);
  REQUIRE(length.has_value());
  return std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*length));
}

}  // namespace

TEST_CASE("a configuration outside the ST 2059-2 ranges is refused at start-up with the reason") {
  MemorySegment segment;
  ClockModel model;
  ClockConfig config = config_with_priority(128);
  config.log_sync_interval = 0;
  config.log_min_delay_req_interval = 0;
  auto clock = Clock::create(config, model, std::make_unique<MemoryTransport>(segment, 1));
  REQUIRE_FALSE(clock.has_value());
  CHECK(clock.error() == "PTP configuration rejected: logSyncInterval 0 is outside the ST 2059-2 range -7..-1");
}

TEST_CASE("alone on its segment a clock becomes the grandmaster and says so in the time base") {
  MemorySegment segment;
  ClockModel model;
  auto clock = make_clock(config_with_priority(128), model, segment, 1);
  clock->start();
  REQUIRE(eventually([&] { return clock->status().port_state == PortState::kMaster; }));
  const ClockTraceability traceability = model.traceability();
  CHECK(traceability.grandmaster_id == clock->identity().octets);
  CHECK(traceability.locked);
  CHECK(traceability.timescale == Timescale::kPtp);
  CHECK(traceability.domain == 127);
  CHECK(clock->status().steps_removed == 0);
  clock->stop();
}

TEST_CASE("of two clocks the better is grandmaster and the other follows it, locks and tells its time") {
  MemorySegment segment;
  ClockModel master_model;
  ClockModel slave_model;
  auto master = make_clock(config_with_priority(100), master_model, segment, 1);
  auto slave = make_clock(config_with_priority(200), slave_model, segment, 2);
  // The slave's time base starts 3 ms off: it must step.
  const ClockMapping start = slave_model.mapping();
  slave_model.publish(ClockMapping{start.base_local_ns, start.base_ptp_ns + 3'000'000, 0.0});
  master->start();
  slave->start();

  REQUIRE(eventually([&] {
    const ClockStatus s = slave->status();
    return s.port_state == PortState::kSlave && s.locked;
  }));
  const ClockStatus status = slave->status();
  CHECK(status.port_state == PortState::kSlave);
  CHECK(status.grandmaster_identity == master->identity());
  CHECK(status.parent == PortIdentity{master->identity(), 1});
  CHECK(status.steps_removed == 1);
  REQUIRE(status.grandmaster_metadata.has_value());  // the master's SM TLV
  CHECK(status.grandmaster_metadata->frame_rate_numerator == 30000);
  CHECK(status.grandmaster_metadata->master_locking_status == MasterLockingStatus::kFreeRun);
  CHECK_FALSE(status.history.empty());
  CHECK(master->status().port_state == PortState::kMaster);
  CHECK(slave_model.traceability().grandmaster_id == master->identity().octets);
  CHECK(slave_model.traceability().locked);
  // One process, one local clock: the two time bases agree to within the servo's residual.
  const Nanoseconds local = monotonic_raw_now();
  CHECK(std::llabs(slave_model.to_ptp(local).minus(master_model.to_ptp(local))) < 20'000);

  SECTION("and when the grandmaster stops, the other takes over") {
    master->stop();
    CHECK(eventually([&] { return slave->status().port_state == PortState::kMaster; }));
    CHECK(slave_model.traceability().grandmaster_id == slave->identity().octets);
  }
  slave->stop();
  master->stop();
}

TEST_CASE("malformed and foreign-domain messages are counted by reason and ignored") {
  MemorySegment segment;
  ClockModel model;
  auto clock = make_clock(config_with_priority(128), model, segment, 1);
  MemoryTransport injector(segment, 9);
  clock->start();

  Header header;
  header.source = PortIdentity{ClockIdentity{{2, 0, 0, 0xff, 0xfe, 0, 0, 9}}, 1};
  header.domain = 0;
  (void)injector.send_general(encoded(Message{header, Announce{}}));
  const std::array<std::uint8_t, 10> truncated{0x0b, 0x02};
  (void)injector.send_general(truncated);
  auto reserved_type = encoded(Message{header, Sync{}});
  reserved_type[0] = 0x05;
  (void)injector.send_event(reserved_type);

  REQUIRE(eventually([&] { return clock->drops().total() >= 3; }));
  CHECK(clock->drops().get(DropReason::kForeignDomain) == 1);
  CHECK(clock->drops().get(DropReason::kTruncatedHeader) == 1);
  CHECK(clock->drops().get(DropReason::kUnknownType) == 1);
  CHECK(to_string(DropReason::kForeignDomain) == "foreign domain");
  clock->stop();
}

TEST_CASE("a management GET is answered with the data set, an unknown id with an error") {
  MemorySegment segment;
  ClockModel model;
  auto clock = make_clock(config_with_priority(77), model, segment, 1);
  MemoryTransport manager(segment, 9);
  clock->start();
  REQUIRE(eventually([&] { return clock->status().port_state == PortState::kMaster; }));

  const auto ask = [&](ManagementId id) -> std::optional<Management> {
    Header header;
    header.source = PortIdentity{ClockIdentity{{2, 0, 0, 0xff, 0xfe, 0, 0, 9}}, 1};
    header.sequence_id = static_cast<std::uint16_t>(id);
    Management get;
    get.target = PortIdentity{ClockIdentity{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}, 0xffff};
    get.action = ManagementAction::kGet;
    get.id = id;
    (void)manager.send_general(encoded(Message{header, get}));
    static std::vector<std::uint8_t> kept;  // the answer's data points into it
    for (int i = 0; i < 100; ++i) {
      auto received = manager.receive(50'000'000);
      if (!received) continue;
      kept.assign(received->bytes.begin(), received->bytes.end());
      auto message = decode_message(kept);
      if (message && message->header.type == MessageType::kManagement &&
          message->header.sequence_id == static_cast<std::uint16_t>(id)) {
        return std::get<Management>(message->body);
      }
    }
    return std::nullopt;
  };

  const auto default_ds = ask(ManagementId::kDefaultDataSet);
  REQUIRE(default_ds.has_value());
  CHECK(default_ds->action == ManagementAction::kResponse);
  const auto decoded = decode_default_data_set(default_ds->data);
  REQUIRE(decoded.has_value());
  CHECK(decoded->priority1 == 77);
  CHECK(decoded->identity == clock->identity());
  CHECK(decoded->domain == 127);

  const auto port_ds = ask(ManagementId::kPortDataSet);
  REQUIRE(port_ds.has_value());
  CHECK(decode_port_data_set(port_ds->data)->state == PortState::kMaster);

  const auto unknown = ask(static_cast<ManagementId>(0x6000));
  REQUIRE(unknown.has_value());
  CHECK(unknown->error == ManagementErrorId::kNoSuchId);
  clock->stop();
}

namespace {

// Not the PI servo: it holds the clock at a fixed frequency and counts its samples.
class FixedFrequencyServo final : public Servo {
 public:
  static constexpr double kFrequencyPpb = -7.25;
  explicit FixedFrequencyServo(std::atomic<int>& samples) : samples_(samples) {}
  ServoOutput sample(Nanoseconds, Nanoseconds) override {
    ++samples_;
    return ServoOutput{ServoState::kLocked, kFrequencyPpb, 0};
  }
  void set_sync_interval(double) override {}
  void reset(double) override {}

 private:
  std::atomic<int>& samples_;
};

}  // namespace

TEST_CASE("a clock runs with the servo it is given instead of the PI servo") {
  MemorySegment segment;
  ClockModel model;
  std::atomic<int> samples{0};
  auto created = Clock::create(config_with_priority(128), model, std::make_unique<MemoryTransport>(segment, 1),
                               [&](double) { return std::make_unique<FixedFrequencyServo>(samples); });
  REQUIRE(created.has_value());
  auto& clock = *created;
  clock->start();
  // Alone it is the grandmaster and follows the host's clock through its servo: the given one.
  REQUIRE(eventually([&] { return samples.load() >= 2; }));
  CHECK(model.mapping().rate_ppb == FixedFrequencyServo::kFrequencyPpb);
  CHECK(clock->status().frequency_ppb == FixedFrequencyServo::kFrequencyPpb);
  clock->stop();
}
