// The records of a capture file, whichever reader fits it: a classic pcap file is read in place through a
// sliding memory map (MappedPcapReader); pcapng and the rest go through libpcap (capture::PcapReader).
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "crosspoint/capture/pcap_reader.hpp"
#include "crosspoint/capture/pcap_record.hpp"
#include "crosspoint/expected.hpp"
#include "mapped_pcap_reader.hpp"

namespace crosspoint::cap {

class CaptureSource {
 public:
  static Expected<CaptureSource, std::string> open(const std::string& path);

  // The next record (valid until the next call), or nullopt at the end or at the first damaged record.
  std::optional<capture::PcapRecord> next();
  [[nodiscard]] const std::string& error() const;
  [[nodiscard]] int link_type() const;
  [[nodiscard]] std::uint32_t snap_length() const;

 private:
  using Reader = std::variant<MappedPcapReader, capture::PcapReader>;
  explicit CaptureSource(Reader reader) : reader_(std::move(reader)) {}
  Reader reader_;
};

}  // namespace crosspoint::cap
