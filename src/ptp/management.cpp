#include "management.hpp"

#include "field_codec.hpp"

namespace crosspoint::ptp {

std::string_view to_string(ManagementId id) {
  switch (id) {
    case ManagementId::kNullManagement: return "NULL_MANAGEMENT";
    case ManagementId::kClockDescription: return "CLOCK_DESCRIPTION";
    case ManagementId::kUserDescription: return "USER_DESCRIPTION";
    case ManagementId::kDefaultDataSet: return "DEFAULT_DATA_SET";
    case ManagementId::kCurrentDataSet: return "CURRENT_DATA_SET";
    case ManagementId::kParentDataSet: return "PARENT_DATA_SET";
    case ManagementId::kTimePropertiesDataSet: return "TIME_PROPERTIES_DATA_SET";
    case ManagementId::kPortDataSet: return "PORT_DATA_SET";
    case ManagementId::kPriority1: return "PRIORITY1";
    case ManagementId::kPriority2: return "PRIORITY2";
    case ManagementId::kDomain: return "DOMAIN";
  }
  return "OTHER";
}

void encode_data_set(const DefaultDataSet& ds, WireWriter& out) {
  out.u8(static_cast<std::uint8_t>((ds.two_step ? 0x01 : 0) | (ds.slave_only ? 0x02 : 0)));
  out.u8(0);
  out.u16(ds.number_ports);
  out.u8(ds.priority1);
  write_field(ds.quality, out);
  out.u8(ds.priority2);
  write_field(ds.identity, out);
  out.u8(ds.domain);
  out.u8(0);
}

void encode_data_set(const CurrentDataSet& ds, WireWriter& out) {
  out.u16(ds.steps_removed);
  out.i64(ds.offset_from_master_scaled);
  out.i64(ds.mean_path_delay_scaled);
}

void encode_data_set(const ParentDataSet& ds, WireWriter& out) {
  write_field(ds.parent_port, out);
  out.u8(ds.parent_stats ? 0x01 : 0);
  out.u8(0);
  out.u16(ds.observed_parent_offset_scaled_log_variance);
  out.i32(ds.observed_parent_clock_phase_change_rate);
  out.u8(ds.grandmaster_priority1);
  write_field(ds.grandmaster_quality, out);
  out.u8(ds.grandmaster_priority2);
  write_field(ds.grandmaster_identity, out);
}

void encode_data_set(const TimePropertiesDataSet& ds, WireWriter& out) {
  out.i16(ds.current_utc_offset);
  out.u8(static_cast<std::uint8_t>((ds.leap61 ? 0x01 : 0) | (ds.leap59 ? 0x02 : 0) |
                                   (ds.current_utc_offset_valid ? 0x04 : 0) | (ds.ptp_timescale ? 0x08 : 0) |
                                   (ds.time_traceable ? 0x10 : 0) | (ds.frequency_traceable ? 0x20 : 0)));
  out.u8(ds.time_source);
}

void encode_data_set(const PortDataSet& ds, WireWriter& out) {
  write_field(ds.identity, out);
  out.u8(static_cast<std::uint8_t>(ds.state));
  out.i8(ds.log_min_delay_req_interval);
  out.i64(ds.peer_mean_path_delay_scaled);
  out.i8(ds.log_announce_interval);
  out.u8(ds.announce_receipt_timeout);
  out.i8(ds.log_sync_interval);
  out.u8(static_cast<std::uint8_t>(ds.delay_mechanism));
  out.i8(ds.log_min_pdelay_req_interval);
  out.u8(ds.version & 0x0F);
}

std::optional<DefaultDataSet> decode_default_data_set(std::span<const std::uint8_t> data) {
  WireReader in(data);
  DefaultDataSet ds;
  const std::uint8_t bits = in.u8();
  ds.two_step = (bits & 0x01) != 0;
  ds.slave_only = (bits & 0x02) != 0;
  in.skip(1);
  ds.number_ports = in.u16();
  ds.priority1 = in.u8();
  ds.quality = read_clock_quality(in);
  ds.priority2 = in.u8();
  ds.identity = read_clock_identity(in);
  ds.domain = in.u8();
  in.skip(1);
  if (!in.ok()) return std::nullopt;
  return ds;
}

std::optional<CurrentDataSet> decode_current_data_set(std::span<const std::uint8_t> data) {
  WireReader in(data);
  CurrentDataSet ds;
  ds.steps_removed = in.u16();
  ds.offset_from_master_scaled = in.i64();
  ds.mean_path_delay_scaled = in.i64();
  if (!in.ok()) return std::nullopt;
  return ds;
}

std::optional<ParentDataSet> decode_parent_data_set(std::span<const std::uint8_t> data) {
  WireReader in(data);
  ParentDataSet ds;
  ds.parent_port = read_port_identity(in);
  ds.parent_stats = (in.u8() & 0x01) != 0;
  in.skip(1);
  ds.observed_parent_offset_scaled_log_variance = in.u16();
  ds.observed_parent_clock_phase_change_rate = in.i32();
  ds.grandmaster_priority1 = in.u8();
  ds.grandmaster_quality = read_clock_quality(in);
  ds.grandmaster_priority2 = in.u8();
  ds.grandmaster_identity = read_clock_identity(in);
  if (!in.ok()) return std::nullopt;
  return ds;
}

std::optional<TimePropertiesDataSet> decode_time_properties_data_set(std::span<const std::uint8_t> data) {
  WireReader in(data);
  TimePropertiesDataSet ds;
  ds.current_utc_offset = in.i16();
  const std::uint8_t bits = in.u8();
  ds.leap61 = (bits & 0x01) != 0;
  ds.leap59 = (bits & 0x02) != 0;
  ds.current_utc_offset_valid = (bits & 0x04) != 0;
  ds.ptp_timescale = (bits & 0x08) != 0;
  ds.time_traceable = (bits & 0x10) != 0;
  ds.frequency_traceable = (bits & 0x20) != 0;
  ds.time_source = in.u8();
  if (!in.ok()) return std::nullopt;
  return ds;
}

std::optional<PortDataSet> decode_port_data_set(std::span<const std::uint8_t> data) {
  WireReader in(data);
  PortDataSet ds;
  ds.identity = read_port_identity(in);
  ds.state = static_cast<PortState>(in.u8());
  ds.log_min_delay_req_interval = in.i8();
  ds.peer_mean_path_delay_scaled = in.i64();
  ds.log_announce_interval = in.i8();
  ds.announce_receipt_timeout = in.u8();
  ds.log_sync_interval = in.i8();
  ds.delay_mechanism = static_cast<DelayMechanism>(in.u8());
  ds.log_min_pdelay_req_interval = in.i8();
  ds.version = in.u8() & 0x0F;
  if (!in.ok()) return std::nullopt;
  return ds;
}

namespace {
constexpr ClockIdentity kAllClocks{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
constexpr std::uint16_t kAllPorts = 0xFFFF;
}  // namespace

bool addresses(const PortIdentity& target, const PortIdentity& port) {
  return (target.clock == kAllClocks || target.clock == port.clock) &&
         (target.port == kAllPorts || target.port == port.port);
}

Management answer_management(const Management& request, const PortIdentity& requester, const DataSets& data_sets,
                             std::span<std::uint8_t> data) {
  WireWriter writer(data);
  Management response;
  response.target = requester;
  response.starting_boundary_hops = static_cast<std::uint8_t>(request.starting_boundary_hops - request.boundary_hops);
  response.boundary_hops = response.starting_boundary_hops;
  response.action = ManagementAction::kResponse;
  response.id = request.id;
  if (request.action != ManagementAction::kGet) {
    response.error = ManagementErrorId::kNotSupported;
  } else {
    switch (request.id) {
      case ManagementId::kDefaultDataSet: encode_data_set(data_sets.default_ds, writer); break;
      case ManagementId::kCurrentDataSet: encode_data_set(data_sets.current, writer); break;
      case ManagementId::kParentDataSet: encode_data_set(data_sets.parent, writer); break;
      case ManagementId::kTimePropertiesDataSet: encode_data_set(data_sets.time_properties, writer); break;
      case ManagementId::kPortDataSet: encode_data_set(data_sets.port, writer); break;
      case ManagementId::kNullManagement:
      case ManagementId::kClockDescription:
      case ManagementId::kUserDescription:
      case ManagementId::kPriority1:
      case ManagementId::kPriority2:
      case ManagementId::kDomain: response.error = ManagementErrorId::kNotSupported; break;
      default: response.error = ManagementErrorId::kNoSuchId; break;
    }
  }
  if (!writer.ok()) {
    response.error = ManagementErrorId::kResponseTooBig;
    return response;
  }
  response.data = data.first(writer.position());
  return response;
}

}  // namespace crosspoint::ptp
