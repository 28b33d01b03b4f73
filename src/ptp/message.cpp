#include "message.hpp"

#include "field_codec.hpp"
#include "synchronization_metadata_tlv.hpp"

namespace crosspoint::ptp {
namespace {

// Body octets after the header, by type (13.5-13.12); Signaling and Management have TLVs after these.
std::optional<std::size_t> body_length(MessageType type) {
  switch (type) {
    case MessageType::kSync:
    case MessageType::kDelayReq:
    case MessageType::kFollowUp: return 10;
    case MessageType::kDelayResp:
    case MessageType::kPdelayReq:
    case MessageType::kPdelayResp:
    case MessageType::kPdelayRespFollowUp: return 20;
    case MessageType::kAnnounce: return 30;
    case MessageType::kSignaling: return 10;
    case MessageType::kManagement: return 14;
  }
  return std::nullopt;
}

std::uint8_t control_field(MessageType type) {
  switch (type) {
    case MessageType::kSync: return 0;
    case MessageType::kDelayReq: return 1;
    case MessageType::kFollowUp: return 2;
    case MessageType::kDelayResp: return 3;
    case MessageType::kManagement: return 4;
    default: return 5;
  }
}

bool is_known_type(std::uint8_t nibble) {
  switch (nibble) {
    case 0x0: case 0x1: case 0x2: case 0x3: case 0x8: case 0x9: case 0xA: case 0xB: case 0xC: case 0xD: return true;
    default: return false;
  }
}

Header read_header(WireReader& in) {
  Header h;
  const std::uint8_t first = in.u8();
  h.transport_specific = static_cast<std::uint8_t>(first >> 4);
  h.type = static_cast<MessageType>(first & 0x0F);
  const std::uint8_t version = in.u8();
  h.minor_version = static_cast<std::uint8_t>(version >> 4);
  h.version = static_cast<std::uint8_t>(version & 0x0F);
  h.length = in.u16();
  h.domain = in.u8();
  h.minor_sdo_id = in.u8();
  h.flags = in.u16();
  h.correction = in.i64();
  in.skip(4);
  h.source = read_port_identity(in);
  h.sequence_id = in.u16();
  h.control = in.u8();
  h.log_message_interval = in.i8();
  return h;
}

// Walks the TLVs of an Announce: the SM TLV is kept, others are skipped; any overrun is malformed.
Expected<std::optional<SynchronizationMetadata>, MessageError> read_announce_tlvs(WireReader& in) {
  std::optional<SynchronizationMetadata> metadata;
  while (in.remaining() > 0) {
    if (in.remaining() < 4) return Unexpected{MessageError::kMalformedTlv};
    const std::uint16_t type = in.u16();
    const std::uint16_t length = in.u16();
    const auto value = in.take(length);
    if (!in.ok()) return Unexpected{MessageError::kMalformedTlv};
    if (type == kTlvTypeOrganizationExtension && is_synchronization_metadata(value)) {
      metadata = decode_synchronization_metadata(value);
      if (!metadata) return Unexpected{MessageError::kMalformedTlv};
    }
  }
  return metadata;
}

Expected<Management, MessageError> read_management(WireReader& in) {
  Management m;
  m.target = read_port_identity(in);
  m.starting_boundary_hops = in.u8();
  m.boundary_hops = in.u8();
  m.action = static_cast<ManagementAction>(in.u8() & 0x0F);
  in.skip(1);
  if (in.remaining() < 4) return Unexpected{MessageError::kMalformedTlv};
  const std::uint16_t tlv_type = in.u16();
  const std::uint16_t length = in.u16();
  auto value = in.take(length);
  if (!in.ok()) return Unexpected{MessageError::kMalformedTlv};
  WireReader tlv(value);
  if (tlv_type == kTlvTypeManagementErrorStatus) {
    m.error = static_cast<ManagementErrorId>(tlv.u16());
    m.id = static_cast<ManagementId>(tlv.u16());
    tlv.skip(4);
    if (!tlv.ok()) return Unexpected{MessageError::kMalformedTlv};
  } else {
    m.id = static_cast<ManagementId>(tlv.u16());
    if (!tlv.ok()) return Unexpected{MessageError::kMalformedTlv};
  }
  m.data = tlv.take(tlv.remaining());
  return m;
}

void write_header(const Header& h, MessageType type, WireWriter& out) {
  out.u8(static_cast<std::uint8_t>((h.transport_specific << 4) | static_cast<std::uint8_t>(type)));
  out.u8(static_cast<std::uint8_t>((h.minor_version << 4) | (h.version & 0x0F)));
  out.u16(0);  // length, patched at the end
  out.u8(h.domain);
  out.u8(h.minor_sdo_id);
  out.u16(h.flags);
  out.i64(h.correction);
  out.zeros(4);
  write_field(h.source, out);
  out.u16(h.sequence_id);
  out.u8(control_field(type));
  out.i8(h.log_message_interval);
}

struct BodyWriter {
  WireWriter& out;

  void operator()(const Sync& m) const { write_field(m.origin, out); }
  void operator()(const DelayReq& m) const { write_field(m.origin, out); }
  void operator()(const FollowUp& m) const { write_field(m.precise_origin, out); }
  void operator()(const DelayResp& m) const {
    write_field(m.receive, out);
    write_field(m.requesting, out);
  }
  void operator()(const PdelayReq& m) const {
    write_field(m.origin, out);
    out.zeros(10);
  }
  void operator()(const PdelayResp& m) const {
    write_field(m.request_receipt, out);
    write_field(m.requesting, out);
  }
  void operator()(const PdelayRespFollowUp& m) const {
    write_field(m.response_origin, out);
    write_field(m.requesting, out);
  }
  void operator()(const Announce& m) const {
    write_field(m.origin, out);
    out.i16(m.current_utc_offset);
    out.u8(0);
    out.u8(m.grandmaster_priority1);
    write_field(m.grandmaster_quality, out);
    out.u8(m.grandmaster_priority2);
    write_field(m.grandmaster_identity, out);
    out.u16(m.steps_removed);
    out.u8(m.time_source);
    if (m.synchronization_metadata) encode_synchronization_metadata(*m.synchronization_metadata, out);
  }
  void operator()(const Signaling& m) const {
    write_field(m.target, out);
    out.bytes(m.tlvs);
  }
  void operator()(const Management& m) const {
    write_field(m.target, out);
    out.u8(m.starting_boundary_hops);
    out.u8(m.boundary_hops);
    out.u8(static_cast<std::uint8_t>(m.action));
    out.u8(0);
    if (m.error) {
      out.u16(kTlvTypeManagementErrorStatus);
      out.u16(static_cast<std::uint16_t>(8 + m.data.size()));
      out.u16(static_cast<std::uint16_t>(*m.error));
      out.u16(static_cast<std::uint16_t>(m.id));
      out.zeros(4);
    } else {
      out.u16(kTlvTypeManagement);
      out.u16(static_cast<std::uint16_t>(2 + m.data.size()));
      out.u16(static_cast<std::uint16_t>(m.id));
    }
    out.bytes(m.data);
  }
};

}  // namespace

std::string_view to_string(MessageType type) {
  switch (type) {
    case MessageType::kSync: return "Sync";
    case MessageType::kDelayReq: return "Delay_Req";
    case MessageType::kPdelayReq: return "Pdelay_Req";
    case MessageType::kPdelayResp: return "Pdelay_Resp";
    case MessageType::kFollowUp: return "Follow_Up";
    case MessageType::kDelayResp: return "Delay_Resp";
    case MessageType::kPdelayRespFollowUp: return "Pdelay_Resp_Follow_Up";
    case MessageType::kAnnounce: return "Announce";
    case MessageType::kSignaling: return "Signaling";
    case MessageType::kManagement: return "Management";
  }
  return "Reserved";
}

std::string_view to_string(MessageError error) {
  switch (error) {
    case MessageError::kTruncatedHeader: return "truncated header";
    case MessageError::kUnsupportedVersion: return "unsupported PTP version";
    case MessageError::kLengthBeyondBuffer: return "messageLength beyond the received octets";
    case MessageError::kLengthTooSmall: return "messageLength shorter than the message body";
    case MessageError::kUnknownType: return "reserved messageType";
    case MessageError::kMalformedTlv: return "malformed TLV";
    case MessageError::kCount: break;
  }
  return "unknown";
}

MessageType type_of(const MessageBody& body) {
  static constexpr MessageType kByIndex[] = {
      MessageType::kSync,       MessageType::kDelayReq,   MessageType::kFollowUp,
      MessageType::kDelayResp,  MessageType::kPdelayReq,  MessageType::kPdelayResp,
      MessageType::kPdelayRespFollowUp, MessageType::kAnnounce, MessageType::kSignaling,
      MessageType::kManagement};
  static_assert(std::size(kByIndex) == std::variant_size_v<MessageBody>);
  return kByIndex[body.index()];
}

Expected<Message, MessageError> decode_message(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kHeaderLength) return Unexpected{MessageError::kTruncatedHeader};
  WireReader header_reader(bytes);
  const Header header = read_header(header_reader);
  if (header.version != 2) return Unexpected{MessageError::kUnsupportedVersion};
  if (!is_known_type(static_cast<std::uint8_t>(header.type))) return Unexpected{MessageError::kUnknownType};
  if (header.length > bytes.size()) return Unexpected{MessageError::kLengthBeyondBuffer};
  const auto body_octets = body_length(header.type);
  if (header.length < kHeaderLength + *body_octets) return Unexpected{MessageError::kLengthTooSmall};

  // Octets past messageLength (Ethernet padding) are not part of the message.
  WireReader in(bytes.subspan(kHeaderLength, header.length - kHeaderLength));
  Message message{header, Sync{}};
  switch (header.type) {
    case MessageType::kSync: message.body = Sync{read_timestamp(in)}; break;
    case MessageType::kDelayReq: message.body = DelayReq{read_timestamp(in)}; break;
    case MessageType::kFollowUp: message.body = FollowUp{read_timestamp(in)}; break;
    case MessageType::kDelayResp: {
      const PtpTime receive = read_timestamp(in);
      message.body = DelayResp{receive, read_port_identity(in)};
      break;
    }
    case MessageType::kPdelayReq: message.body = PdelayReq{read_timestamp(in)}; break;
    case MessageType::kPdelayResp: {
      const PtpTime receipt = read_timestamp(in);
      message.body = PdelayResp{receipt, read_port_identity(in)};
      break;
    }
    case MessageType::kPdelayRespFollowUp: {
      const PtpTime origin = read_timestamp(in);
      message.body = PdelayRespFollowUp{origin, read_port_identity(in)};
      break;
    }
    case MessageType::kAnnounce: {
      Announce a;
      a.origin = read_timestamp(in);
      a.current_utc_offset = in.i16();
      in.skip(1);
      a.grandmaster_priority1 = in.u8();
      a.grandmaster_quality = read_clock_quality(in);
      a.grandmaster_priority2 = in.u8();
      a.grandmaster_identity = read_clock_identity(in);
      a.steps_removed = in.u16();
      a.time_source = in.u8();
      auto metadata = read_announce_tlvs(in);
      if (!metadata) return Unexpected{metadata.error()};
      a.synchronization_metadata = *metadata;
      message.body = a;
      break;
    }
    case MessageType::kSignaling: {
      Signaling s;
      s.target = read_port_identity(in);
      s.tlvs = in.take(in.remaining());
      message.body = s;
      break;
    }
    case MessageType::kManagement: {
      auto management = read_management(in);
      if (!management) return Unexpected{management.error()};
      message.body = *management;
      break;
    }
  }
  if (!in.ok()) return Unexpected{MessageError::kLengthTooSmall};
  return message;
}

std::optional<std::size_t> encode_message(const Message& message, std::span<std::uint8_t> out) {
  WireWriter writer(out);
  write_header(message.header, type_of(message.body), writer);
  std::visit(BodyWriter{writer}, message.body);
  if (!writer.ok()) return std::nullopt;
  const std::size_t length = writer.position();
  writer.patch_u16(2, static_cast<std::uint16_t>(length));
  return length;
}

}  // namespace crosspoint::ptp
