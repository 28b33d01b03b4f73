// Management messages (IEEE 1588-2008 15): the management TLV ids, actions and the encodings of the data
// sets that a GET of DEFAULT_DATA_SET, CURRENT_DATA_SET, PARENT_DATA_SET, TIME_PROPERTIES_DATA_SET and
// PORT_DATA_SET returns.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "crosspoint/ptp/data_sets.hpp"
#include "crosspoint/ptp/identity.hpp"
#include "wire_cursor.hpp"

namespace crosspoint::ptp {

enum class ManagementAction : std::uint8_t { kGet = 0, kSet = 1, kResponse = 2, kCommand = 3, kAcknowledge = 4 };

enum class ManagementId : std::uint16_t {
  kNullManagement = 0x0000,
  kClockDescription = 0x0001,
  kUserDescription = 0x0002,
  kDefaultDataSet = 0x2000,
  kCurrentDataSet = 0x2001,
  kParentDataSet = 0x2002,
  kTimePropertiesDataSet = 0x2003,
  kPortDataSet = 0x2004,
  kPriority1 = 0x2005,
  kPriority2 = 0x2006,
  kDomain = 0x2007,
};

enum class ManagementErrorId : std::uint16_t {
  kResponseTooBig = 0x0001,
  kNoSuchId = 0x0002,
  kWrongLength = 0x0003,
  kWrongValue = 0x0004,
  kNotSetable = 0x0005,
  kNotSupported = 0x0006,
  kGeneralError = 0xFFFE,
};

constexpr std::uint16_t kTlvTypeManagement = 0x0001;
constexpr std::uint16_t kTlvTypeManagementErrorStatus = 0x0002;

[[nodiscard]] std::string_view to_string(ManagementId id);

// One management TLV (or a management error status TLV); data is the TLV's dataField.
struct Management {
  PortIdentity target;
  std::uint8_t starting_boundary_hops = 0;
  std::uint8_t boundary_hops = 0;
  ManagementAction action = ManagementAction::kGet;
  ManagementId id = ManagementId::kNullManagement;
  std::optional<ManagementErrorId> error;  // set: this is a MANAGEMENT_ERROR_STATUS TLV
  std::span<const std::uint8_t> data;

  friend bool operator==(const Management& a, const Management& b) {
    return a.target == b.target && a.starting_boundary_hops == b.starting_boundary_hops &&
           a.boundary_hops == b.boundary_hops && a.action == b.action && a.id == b.id && a.error == b.error &&
           std::equal(a.data.begin(), a.data.end(), b.data.begin(), b.data.end());
  }
};

// Whether a request's target names this port: its clock (or all clocks) and its port number (or all ports).
[[nodiscard]] bool addresses(const PortIdentity& target, const PortIdentity& port);

// Responses and acknowledgements are for management nodes; a clock answers everything else.
[[nodiscard]] constexpr bool is_request(ManagementAction action) {
  return action != ManagementAction::kResponse && action != ManagementAction::kAcknowledge;
}

// Room for the largest data set a GET returns (PARENT_DATA_SET, 32 octets) with margin.
constexpr std::size_t kMaxManagementDataLength = 64;

// An ordinary clock's answer to a management request from `requester`, given its data sets: a GET of one of the
// five data sets returns it (encoded into `data`, which the response's data then views), a known id it does not
// serve or a SET or COMMAND is NOT_SUPPORTED, an unknown id NO_SUCH_ID (15.5.4). Pure: nothing is read but the
// arguments.
[[nodiscard]] Management answer_management(const Management& request, const PortIdentity& requester,
                                           const DataSets& data_sets, std::span<std::uint8_t> data);

// Data set encodings (15.5.3): each writes/reads exactly the data field of the management TLV.
void encode_data_set(const DefaultDataSet& ds, WireWriter& out);
void encode_data_set(const CurrentDataSet& ds, WireWriter& out);
void encode_data_set(const ParentDataSet& ds, WireWriter& out);
void encode_data_set(const TimePropertiesDataSet& ds, WireWriter& out);
void encode_data_set(const PortDataSet& ds, WireWriter& out);

[[nodiscard]] std::optional<DefaultDataSet> decode_default_data_set(std::span<const std::uint8_t> data);
[[nodiscard]] std::optional<CurrentDataSet> decode_current_data_set(std::span<const std::uint8_t> data);
[[nodiscard]] std::optional<ParentDataSet> decode_parent_data_set(std::span<const std::uint8_t> data);
[[nodiscard]] std::optional<TimePropertiesDataSet> decode_time_properties_data_set(std::span<const std::uint8_t> data);
[[nodiscard]] std::optional<PortDataSet> decode_port_data_set(std::span<const std::uint8_t> data);

}  // namespace crosspoint::ptp
