// The management answer of an ordinary clock (IEEE 1588-2008 15) as a pure function: a request and the data
// sets in, the response out.
#include <catch2/catch.hpp>

#include <array>

#include "management.hpp"

using namespace crosspoint::ptp;

namespace {

const PortIdentity kOurPort{ClockIdentity{{0x02, 0, 0, 0xff, 0xfe, 0, 0, 1}}, 1};
const PortIdentity kManager{ClockIdentity{{0x02, 0, 0, 0xff, 0xfe, 0, 0, 9}}, 7};

DataSets our_data_sets() {
  DataSets sets;
  sets.default_ds.identity = kOurPort.clock;
  sets.default_ds.priority1 = 77;
  sets.current.steps_removed = 1;
  sets.current.offset_from_master_scaled = -1234 * 65536;
  sets.port.identity = kOurPort;
  sets.port.state = PortState::kSlave;
  return sets;
}

Management get(ManagementId id) {
  Management request;
  request.target = PortIdentity{ClockIdentity{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}, 0xffff};
  request.starting_boundary_hops = 3;
  request.boundary_hops = 1;
  request.action = ManagementAction::kGet;
  request.id = id;
  return request;
}

}  // namespace

TEST_CASE("a GET of a data set is answered with that data set, to the one who asked") {
  const DataSets sets = our_data_sets();
  std::array<std::uint8_t, kMaxManagementDataLength> data{};

  const Management current = answer_management(get(ManagementId::kCurrentDataSet), kManager, sets, data);
  CHECK(current.action == ManagementAction::kResponse);
  CHECK(current.id == ManagementId::kCurrentDataSet);
  CHECK(current.target == kManager);
  CHECK_FALSE(current.error.has_value());
  CHECK(current.starting_boundary_hops == 2);  // the hops the request used, as the response's budget
  CHECK(current.boundary_hops == 2);
  CHECK(decode_current_data_set(current.data) == sets.current);

  const Management port = answer_management(get(ManagementId::kPortDataSet), kManager, sets, data);
  CHECK(decode_port_data_set(port.data) == sets.port);
  const Management default_ds = answer_management(get(ManagementId::kDefaultDataSet), kManager, sets, data);
  CHECK(decode_default_data_set(default_ds.data) == sets.default_ds);
}

TEST_CASE("SET and ids the clock does not serve are NOT_SUPPORTED, unknown ids NO_SUCH_ID") {
  const DataSets sets = our_data_sets();
  std::array<std::uint8_t, kMaxManagementDataLength> data{};

  Management set = get(ManagementId::kPriority1);
  set.action = ManagementAction::kSet;
  CHECK(answer_management(set, kManager, sets, data).error == ManagementErrorId::kNotSupported);
  CHECK(answer_management(get(ManagementId::kDomain), kManager, sets, data).error ==
        ManagementErrorId::kNotSupported);
  const Management unknown = answer_management(get(static_cast<ManagementId>(0x6000)), kManager, sets, data);
  CHECK(unknown.error == ManagementErrorId::kNoSuchId);
  CHECK(unknown.data.empty());
}

TEST_CASE("a data set larger than the room given is RESPONSE_TOO_BIG, not a truncated answer") {
  std::array<std::uint8_t, 8> small{};
  const Management answer = answer_management(get(ManagementId::kParentDataSet), kManager, our_data_sets(), small);
  CHECK(answer.error == ManagementErrorId::kResponseTooBig);
  CHECK(answer.data.empty());
}

TEST_CASE("a request is for this port when it names the clock or all clocks, and the port or all ports") {
  CHECK(addresses(kOurPort, kOurPort));
  CHECK(addresses(PortIdentity{kOurPort.clock, 0xffff}, kOurPort));
  CHECK(addresses(PortIdentity{ClockIdentity{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}, 1}, kOurPort));
  CHECK_FALSE(addresses(kManager, kOurPort));
  CHECK_FALSE(addresses(PortIdentity{kOurPort.clock, 2}, kOurPort));
  CHECK(is_request(ManagementAction::kGet));
  CHECK_FALSE(is_request(ManagementAction::kResponse));
  CHECK_FALSE(is_request(ManagementAction::kAcknowledge));
}
