// PTPv2 messages (IEEE 1588-2008 13): the common header, every message body, and their encoding and
// decoding with bounds checks. Decoded TLVs are views into the caller's buffer: no allocation per message.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>

#include "crosspoint/expected.hpp"
#include "crosspoint/ptp/identity.hpp"
#include "crosspoint/ptp/synchronization_metadata.hpp"
#include "crosspoint/time/ptp_time.hpp"
#include "management.hpp"

namespace crosspoint::ptp {

enum class MessageType : std::uint8_t {
  kSync = 0x0,
  kDelayReq = 0x1,
  kPdelayReq = 0x2,
  kPdelayResp = 0x3,
  kFollowUp = 0x8,
  kDelayResp = 0x9,
  kPdelayRespFollowUp = 0xA,
  kAnnounce = 0xB,
  kSignaling = 0xC,
  kManagement = 0xD,
};
[[nodiscard]] std::string_view to_string(MessageType type);
// Event messages are timestamped and travel on UDP port 319; the others on 320.
[[nodiscard]] constexpr bool is_event(MessageType type) { return static_cast<std::uint8_t>(type) < 0x8; }

// flagField bits (13.3.2.6): octet 0 in the high byte.
namespace flags {
constexpr std::uint16_t kAlternateMaster = 0x0100;
constexpr std::uint16_t kTwoStep = 0x0200;
constexpr std::uint16_t kUnicast = 0x0400;
constexpr std::uint16_t kLeap61 = 0x0001;
constexpr std::uint16_t kLeap59 = 0x0002;
constexpr std::uint16_t kCurrentUtcOffsetValid = 0x0004;
constexpr std::uint16_t kPtpTimescale = 0x0008;
constexpr std::uint16_t kTimeTraceable = 0x0010;
constexpr std::uint16_t kFrequencyTraceable = 0x0020;
}  // namespace flags

constexpr std::size_t kHeaderLength = 34;
constexpr std::int8_t kLogIntervalUnused = 0x7F;  // logMessageInterval of Delay_Req, Management, Signaling

struct Header {
  std::uint8_t transport_specific = 0;
  MessageType type = MessageType::kSync;
  std::uint8_t version = 2;
  std::uint8_t minor_version = 0;
  std::uint16_t length = 0;  // filled in by encode_message
  std::uint8_t domain = 127;
  std::uint8_t minor_sdo_id = 0;
  std::uint16_t flags = 0;
  std::int64_t correction = 0;  // nanoseconds x 2^16
  PortIdentity source;
  std::uint16_t sequence_id = 0;
  std::uint8_t control = 0;  // the v1-compatible controlField; set from the type when encoding
  std::int8_t log_message_interval = kLogIntervalUnused;

  [[nodiscard]] bool has(std::uint16_t flag) const { return (flags & flag) != 0; }
  // correctionField in whole nanoseconds (sub-nanosecond part truncated toward zero).
  [[nodiscard]] Nanoseconds correction_ns() const { return correction / 65536; }

  friend bool operator==(const Header&, const Header&) = default;
};

struct Sync {
  PtpTime origin;
  friend bool operator==(const Sync&, const Sync&) = default;
};
struct DelayReq {
  PtpTime origin;
  friend bool operator==(const DelayReq&, const DelayReq&) = default;
};
struct FollowUp {
  PtpTime precise_origin;
  friend bool operator==(const FollowUp&, const FollowUp&) = default;
};
struct DelayResp {
  PtpTime receive;
  PortIdentity requesting;
  friend bool operator==(const DelayResp&, const DelayResp&) = default;
};
struct PdelayReq {
  PtpTime origin;
  friend bool operator==(const PdelayReq&, const PdelayReq&) = default;
};
struct PdelayResp {
  PtpTime request_receipt;
  PortIdentity requesting;
  friend bool operator==(const PdelayResp&, const PdelayResp&) = default;
};
struct PdelayRespFollowUp {
  PtpTime response_origin;
  PortIdentity requesting;
  friend bool operator==(const PdelayRespFollowUp&, const PdelayRespFollowUp&) = default;
};

struct Announce {
  PtpTime origin;
  std::int16_t current_utc_offset = 37;
  std::uint8_t grandmaster_priority1 = 128;
  ClockQuality grandmaster_quality;
  std::uint8_t grandmaster_priority2 = 128;
  ClockIdentity grandmaster_identity;
  std::uint16_t steps_removed = 0;
  std::uint8_t time_source = static_cast<std::uint8_t>(TimeSource::kInternalOscillator);
  std::optional<SynchronizationMetadata> synchronization_metadata;  // the ST 2059-2 SM TLV, when present

  friend bool operator==(const Announce&, const Announce&) = default;
};

// TLVs the clock does not interpret are carried as bytes: a view into the decoded buffer.
struct Signaling {
  PortIdentity target;
  std::span<const std::uint8_t> tlvs;

  friend bool operator==(const Signaling& a, const Signaling& b) {
    return a.target == b.target && std::equal(a.tlvs.begin(), a.tlvs.end(), b.tlvs.begin(), b.tlvs.end());
  }
};

using MessageBody = std::variant<Sync, DelayReq, FollowUp, DelayResp, PdelayReq, PdelayResp, PdelayRespFollowUp,
                                 Announce, Signaling, Management>;

struct Message {
  Header header;
  MessageBody body;
};

// Why a message was not decoded; each has a drop counter in the clock.
enum class MessageError : std::uint8_t {
  kTruncatedHeader,      // fewer than 34 octets
  kUnsupportedVersion,   // versionPTP is not 2
  kLengthBeyondBuffer,   // messageLength larger than what arrived
  kLengthTooSmall,       // messageLength shorter than the header or the type's body
  kUnknownType,          // a reserved messageType
  kMalformedTlv,         // a TLV whose length runs past the message
  kCount,
};
[[nodiscard]] std::string_view to_string(MessageError error);

[[nodiscard]] Expected<Message, MessageError> decode_message(std::span<const std::uint8_t> bytes);

// Writes the message with its length and controlField filled in; the octet count, or nullopt when `out` is
// too small.
[[nodiscard]] std::optional<std::size_t> encode_message(const Message& message, std::span<std::uint8_t> out);

// The largest message crosspoint sends (an Announce with the SM TLV, a management response).
constexpr std::size_t kMaxMessageLength = 256;

[[nodiscard]] MessageType type_of(const MessageBody& body);

}  // namespace crosspoint::ptp
