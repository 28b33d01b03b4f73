// An SDP session description (RFC 4566) as ST 2110 senders publish it: one or more media sections ("legs"),
// each carrying one essence flow, optionally paired as ST 2022-7 duplicates (`a=group:DUP`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "crosspoint/st2110/sdp_clock.hpp"

namespace crosspoint::st2110 {

// `o=<username> <sess-id> <sess-version> IN IP4 <address>`.
struct SdpOrigin {
  std::string username = "-";
  std::uint64_t session_id = 0;
  std::uint64_t session_version = 0;
  Ipv4Address address;
  friend bool operator==(const SdpOrigin&, const SdpOrigin&) = default;
};

// `t=<start> <stop>` in NTP seconds; 0 0 is a permanent session, which is what every ST 2110 sender says.
struct SdpTiming {
  std::uint64_t start = 0;
  std::uint64_t stop = 0;
  friend bool operator==(const SdpTiming&, const SdpTiming&) = default;
};

// `c=IN IP4 <address>[/<ttl>]`: the TTL is present exactly when the address is multicast.
struct SdpConnection {
  Ipv4Address address;
  std::optional<std::uint8_t> ttl;
  friend bool operator==(const SdpConnection&, const SdpConnection&) = default;
};

// `a=source-filter: incl IN IP4 <destination> <source>` (RFC 4570): receive only from this sender.
struct SourceFilter {
  Ipv4Address destination;
  Ipv4Address source;
  friend bool operator==(const SourceFilter&, const SourceFilter&) = default;
};

// An attribute kept verbatim because something above us reads it (the `x-nmos-*` family).
struct SdpAttribute {
  std::string name;
  std::string value;  // empty for a property attribute (`a=<name>`)
  friend bool operator==(const SdpAttribute&, const SdpAttribute&) = default;
};

// One media section: one RTP stream of one essence.
struct SdpMediaLeg {
  MediaFormat format;
  std::uint16_t port = 5004;
  std::uint8_t payload_type = 96;
  SdpConnection connection;
  std::optional<SourceFilter> source_filter;
  std::vector<ReferenceClock> reference_clocks;  // `a=ts-refclk:`; a sender may name several
  std::optional<MediaClock> media_clock;
  std::string mid;   // `a=mid:`, empty when absent
  std::string info;  // `i=`, empty when absent
  std::vector<SdpAttribute> extensions;
  friend bool operator==(const SdpMediaLeg&, const SdpMediaLeg&) = default;
};

// `a=group:DUP <mid> <mid>`: the named legs carry the same packets over separate paths (ST 2022-7).
struct DupGroup {
  std::vector<std::string> mids;
  friend bool operator==(const DupGroup&, const DupGroup&) = default;
};

struct SessionDescription {
  SdpOrigin origin;
  std::string session_name = "crosspoint";
  std::string info;  // `i=`, empty when absent
  SdpTiming timing;
  std::vector<DupGroup> dup_groups;
  std::vector<SdpAttribute> extensions;
  std::vector<SdpMediaLeg> legs;
  friend bool operator==(const SessionDescription&, const SessionDescription&) = default;
};

// Where one leg goes: destination (multicast or unicast), UDP port, and the sender's address.
struct SdpLegAddress {
  Ipv4Address destination;
  std::uint16_t port = 5004;
  Ipv4Address source;
};

// What every leg of a generated session shares beyond its format.
struct SdpSessionOptions {
  std::string session_name = "crosspoint";
  std::uint64_t session_id = 0;
  std::uint64_t session_version = 0;
  std::uint8_t payload_type = 96;
  std::uint8_t multicast_ttl = 64;
  ReferenceClock reference_clock = PtpReferenceClock{};  // traceable PTP unless told otherwise
  MediaClock media_clock = MediaClock{};                 // direct=0
};

// A one-leg session; a multicast destination gets a TTL and a source filter.
SessionDescription make_single_leg_session(const MediaFormat& format, const SdpLegAddress& leg,
                                           const SdpSessionOptions& options = {});
// Two legs of one format grouped as ST 2022-7 duplicates, with mids "primary" and "secondary".
SessionDescription make_dup_session(const MediaFormat& format, const SdpLegAddress& primary,
                                    const SdpLegAddress& secondary, const SdpSessionOptions& options = {});

}  // namespace crosspoint::st2110
