#include <catch2/catch.hpp>

#include <array>
#include <vector>

#include "message.hpp"

using namespace crosspoint;
using namespace crosspoint::ptp;

namespace {

const PortIdentity kMaster{ClockIdentity{{0x00, 0x1b, 0x21, 0xff, 0xfe, 0x0a, 0x0b, 0x0c}}, 1};
const PortIdentity kSlave{ClockIdentity{{0x02, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x00, 0x02}}, 1};

Header header_for(std::uint16_t sequence) {
  Header h;
  h.domain = 127;
  h.source = kMaster;
  h.sequence_id = sequence;
  h.correction = 12345 * 65536LL + 0x8000;
  h.log_message_interval = -3;
  h.flags = flags::kTwoStep | flags::kPtpTimescale;
  return h;
}

// Decoded TLV data points into the encoded bytes, so the buffer outlives each call.
Message round_trip(const Message& message, std::size_t expected_length) {
  static std::array<std::uint8_t, kMaxMessageLength> buffer{};
  const auto length = encode_message(message, buffer);
  REQUIRE(length.has_value());
  CHECK(*length == expected_length);
  auto decoded = decode_message(std::span<const std::uint8_t>(buffer.data(), *length));
  REQUIRE(decoded.has_value());
  CHECK(decoded->header.length == expected_length);
  CHECK(decoded->header.type == type_of(message.body));
  return *decoded;
}

}  // namespace

TEST_CASE("every event and general message survives an encode-decode round trip") {
  const PtpTime t{1'700'000'000, 123'456'789};
  const std::vector<std::pair<MessageBody, std::size_t>> bodies = {
      {Sync{t}, 44},
      {DelayReq{t}, 44},
      {FollowUp{t}, 44},
      {DelayResp{t, kSlave}, 54},
      {PdelayReq{t}, 54},
      {PdelayResp{t, kSlave}, 54},
      {PdelayRespFollowUp{t, kSlave}, 54},
  };
  for (const auto& [body, length] : bodies) {
    const Message message{header_for(7), body};
    const Message back = round_trip(message, length);
    CHECK(back.body == message.body);
    CHECK(back.header.source == kMaster);
    CHECK(back.header.sequence_id == 7);
    CHECK(back.header.correction == message.header.correction);
    CHECK(back.header.correction_ns() == 12345);
    CHECK(back.header.flags == message.header.flags);
    CHECK(back.header.log_message_interval == -3);
  }
}

TEST_CASE("the controlField follows the message type") {
  std::array<std::uint8_t, kMaxMessageLength> buffer{};
  const auto control_of = [&](MessageBody body) {
    REQUIRE(encode_message(Message{header_for(1), body}, buffer));
    return buffer[32];
  };
  CHECK(control_of(Sync{}) == 0);
  CHECK(control_of(DelayReq{}) == 1);
  CHECK(control_of(FollowUp{}) == 2);
  CHECK(control_of(DelayResp{}) == 3);
  CHECK(control_of(Management{}) == 4);
  CHECK(control_of(Announce{}) == 5);
}

TEST_CASE("an Announce carries the ST 2059-2 synchronization metadata TLV") {
  Announce announce;
  announce.origin = PtpTime{1'700'000'000, 5};
  announce.current_utc_offset = 37;
  announce.grandmaster_priority1 = 100;
  announce.grandmaster_quality = ClockQuality{6, 0x21, 0x4E5D};
  announce.grandmaster_priority2 = 101;
  announce.grandmaster_identity = kMaster.clock;
  announce.steps_removed = 1;
  announce.time_source = 0x20;
  SynchronizationMetadata sm;
  sm.frame_rate_numerator = 50;
  sm.frame_rate_denominator = 1;
  sm.master_locking_status = MasterLockingStatus::kLocked;
  sm.time_address_flags = 2;
  sm.current_local_offset = 3600;
  sm.jump_seconds = -3600;
  sm.time_of_next_jump = 0x123456789ALL;
  sm.time_of_next_jam = 0x0000FFFFFFFFLL;
  sm.time_of_previous_jam = 42;
  sm.previous_jam_local_offset = 7200;
  sm.daylight_saving = 3;
  sm.leap_second_jump = 1;
  announce.synchronization_metadata = sm;

  const Message back = round_trip(Message{header_for(9), announce}, 64 + 52);
  CHECK(std::get<Announce>(back.body) == announce);

  SECTION("the TLV is type 3, length 48, organization 68-97-E8, subtype 1") {
    std::array<std::uint8_t, kMaxMessageLength> buffer{};
    REQUIRE(encode_message(Message{header_for(9), announce}, buffer));
    const std::array<std::uint8_t, 10> expected = {0x00, 0x03, 0x00, 0x30, 0x68, 0x97, 0xE8, 0x00, 0x00, 0x01};
    CHECK(std::equal(expected.begin(), expected.end(), buffer.begin() + 64));
  }
}

TEST_CASE("an Announce without TLVs decodes with no synchronization metadata") {
  const Message back = round_trip(Message{header_for(1), Announce{}}, 64);
  CHECK_FALSE(std::get<Announce>(back.body).synchronization_metadata.has_value());
}

TEST_CASE("a management GET and its response carry each common data set") {
  Management get;
  get.target = PortIdentity{ClockIdentity{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}, 0xffff};
  get.starting_boundary_hops = 1;
  get.boundary_hops = 1;
  get.action = ManagementAction::kGet;
  get.id = ManagementId::kParentDataSet;
  const Message back = round_trip(Message{header_for(3), get}, 54);
  CHECK(std::get<Management>(back.body) == get);

  std::array<std::uint8_t, 64> data{};
  const auto response_with = [&](ManagementId id, auto encode) {
    WireWriter writer(data);
    encode(writer);
    REQUIRE(writer.ok());
    Management response = get;
    response.action = ManagementAction::kResponse;
    response.id = id;
    response.data = std::span<const std::uint8_t>(data.data(), writer.position());
    const Message decoded = round_trip(Message{header_for(3), response}, 54 + writer.position());
    return std::vector<std::uint8_t>(std::get<Management>(decoded.body).data.begin(),
                                     std::get<Management>(decoded.body).data.end());
  };

  DefaultDataSet def;
  def.identity = kMaster.clock;
  def.priority1 = 90;
  def.slave_only = true;
  auto bytes = response_with(ManagementId::kDefaultDataSet, [&](WireWriter& w) { encode_data_set(def, w); });
  CHECK(bytes.size() == 20);
  CHECK(decode_default_data_set(bytes) == def);

  CurrentDataSet current{1, -5 * 65536, 2500 * 65536};
  bytes = response_with(ManagementId::kCurrentDataSet, [&](WireWriter& w) { encode_data_set(current, w); });
  CHECK(bytes.size() == 18);
  CHECK(decode_current_data_set(bytes) == current);

  ParentDataSet parent;
  parent.parent_port = kMaster;
  parent.grandmaster_identity = kMaster.clock;
  parent.grandmaster_priority1 = 7;
  bytes = response_with(ManagementId::kParentDataSet, [&](WireWriter& w) { encode_data_set(parent, w); });
  CHECK(bytes.size() == 32);
  CHECK(decode_parent_data_set(bytes) == parent);

  TimePropertiesDataSet time;
  time.current_utc_offset_valid = true;
  time.frequency_traceable = true;
  bytes = response_with(ManagementId::kTimePropertiesDataSet, [&](WireWriter& w) { encode_data_set(time, w); });
  CHECK(bytes.size() == 4);
  CHECK(decode_time_properties_data_set(bytes) == time);

  PortDataSet port;
  port.identity = kSlave;
  port.state = PortState::kSlave;
  bytes = response_with(ManagementId::kPortDataSet, [&](WireWriter& w) { encode_data_set(port, w); });
  CHECK(bytes.size() == 26);
  CHECK(decode_port_data_set(bytes) == port);
}

TEST_CASE("a management error status names the error and the management id") {
  Management error;
  error.action = ManagementAction::kResponse;
  error.id = ManagementId::kClockDescription;
  error.error = ManagementErrorId::kNoSuchId;
  const Message back = round_trip(Message{header_for(4), error}, 60);
  CHECK(std::get<Management>(back.body) == error);
}

TEST_CASE("malformed messages are rejected with their reason") {
  std::array<std::uint8_t, kMaxMessageLength> buffer{};
  const auto length = *encode_message(Message{header_for(1), DelayResp{}}, buffer);
  const auto bytes = [&](std::size_t n) { return std::span<const std::uint8_t>(buffer.data(), n); };

  CHECK(decode_message(bytes(20)).error() == MessageError::kTruncatedHeader);
  CHECK(decode_message(bytes(length - 1)).error() == MessageError::kLengthBeyondBuffer);

  SECTION("a messageLength too short for the body") {
    buffer[3] = 44;
    CHECK(decode_message(bytes(length)).error() == MessageError::kLengthTooSmall);
  }
  SECTION("PTP version 1") {
    buffer[1] = 1;
    CHECK(decode_message(bytes(length)).error() == MessageError::kUnsupportedVersion);
  }
  SECTION("a reserved message type") {
    buffer[0] = 0x05;
    CHECK(decode_message(bytes(length)).error() == MessageError::kUnknownType);
  }
  SECTION("padding after messageLength is ignored") {
    CHECK(decode_message(bytes(length + 10)).has_value());
  }
  SECTION("minorVersionPTP 1 (IEEE 1588-2019) is read as version 2") {
    buffer[1] = 0x12;
    const auto decoded = decode_message(bytes(length));
    REQUIRE(decoded.has_value());
    CHECK(decoded->header.minor_version == 1);
  }
}

TEST_CASE("a TLV that runs past the message end is malformed") {
  Announce announce;
  announce.synchronization_metadata = SynchronizationMetadata{};
  std::array<std::uint8_t, kMaxMessageLength> buffer{};
  const auto length = *encode_message(Message{header_for(1), announce}, buffer);
  buffer[64 + 3] = 60;  // lengthField beyond the message
  CHECK(decode_message(std::span<const std::uint8_t>(buffer.data(), length)).error() == MessageError::kMalformedTlv);
}

TEST_CASE("encoding into a buffer too small fails instead of overrunning") {
  std::array<std::uint8_t, 40> small{};
  CHECK_FALSE(encode_message(Message{header_for(1), Sync{}}, small).has_value());
}

TEST_CASE("a Signaling message keeps its target and its TLVs as they were") {
  // A REQUEST_UNICAST_TRANSMISSION TLV (type 4): Announce, log interval 1, 300 s.
  const std::array<std::uint8_t, 10> tlv = {0x00, 0x04, 0x00, 0x06, 0xB0, 0x01, 0x00, 0x00, 0x01, 0x2C};
  const Signaling signaling{kSlave, tlv};
  const Message back = round_trip(Message{header_for(5), signaling}, 44 + tlv.size());
  CHECK(std::get<Signaling>(back.body) == signaling);
  CHECK(back.header.type == MessageType::kSignaling);
}
