// ST 2110-40 flow analysis: the RFC 8331 payloads' ANC packets by DID/SDID and line, empty payloads, field
// signalling, and every parity, checksum or length error by name and by the DID/SDID it hit. A payload
// cut by the capture's snap length is read as far as it goes; the packets cut off are counted apart.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "analysis_report.hpp"
#include "crosspoint/expected.hpp"
#include "crosspoint/st2110/anc.hpp"
#include "crosspoint/st2110/bytes.hpp"
#include "crosspoint/st2110/rtp.hpp"
#include "rtp_arrival.hpp"

namespace crosspoint::cap {

// Whether a payload reads as RFC 8331: a valid header whose Length matches the payload's `wire_length`,
// and every announced ANC packet the capture kept intact.
bool looks_like_rfc8331(st2110::Bytes payload, std::size_t wire_length);

// A reader over the captured part of a payload of `wire_length` octets: when the capture cut it, Length is
// shortened (in `scratch`, a copy) to the octets kept, so the reader ends where the capture does.
Expected<st2110::AncPayloadReader, st2110::ParseError> open_captured_anc(st2110::Bytes payload,
                                                                         std::size_t wire_length,
                                                                         std::vector<std::uint8_t>& scratch);

class AncAnalyzer {
 public:
  // False when the payload header does not parse; packet-level errors are counted, not refused.
  bool add(const st2110::RtpHeader& rtp, st2110::Bytes payload, std::size_t wire_length);
  // `cadence`: the flow's unit cadence at 90 kHz (unit_cadence.hpp); its rate is filled in here.
  [[nodiscard]] AncReport finish(const std::optional<st2110::AncFormat>& sdp, CadenceReport& cadence) const;

 private:
  struct IdTally {
    std::uint64_t packets = 0;
    std::set<std::uint16_t> lines;
    std::map<std::string, std::uint64_t> errors;
  };
  std::map<std::pair<std::uint8_t, std::uint8_t>, IdTally> ids_;
  std::set<std::uint8_t> fields_;
  std::map<std::string, std::uint64_t> errors_;
  std::vector<std::uint8_t> scratch_;
  std::uint64_t anc_packets_ = 0;
  std::uint64_t empty_ = 0;
  std::uint64_t padded_ = 0;
  std::uint64_t cut_ = 0;
};

}  // namespace crosspoint::cap
