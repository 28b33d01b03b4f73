// Reads pcap and pcapng files through libpcap, with nanosecond timestamps whatever the file's precision.
// A damaged file ends the iteration with a reason; every record before the damage is still delivered.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "crosspoint/capture/pcap_record.hpp"
#include "crosspoint/expected.hpp"

struct pcap;

namespace crosspoint::capture {

class PcapReader {
 public:
  // Fails with libpcap's reason when the file is missing or its file header is unreadable.
  static Expected<PcapReader, std::string> open(const std::string& path);

  // The next record, or nullopt at the end of the file or at the first damaged record (see error()).
  // The record's bytes stay valid until the next call.
  std::optional<PcapRecord> next();

  // Empty after a clean end of file; otherwise why reading stopped, e.g. "truncated dump file; ...".
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] std::uint64_t records_read() const { return records_read_; }
  // DLT_* link-layer type of the file (1 = Ethernet).
  [[nodiscard]] int link_type() const { return link_type_; }
  [[nodiscard]] std::uint32_t snap_length() const { return snap_length_; }

 private:
  struct Closer {
    void operator()(pcap* handle) const;
  };
  explicit PcapReader(pcap* handle);

  std::unique_ptr<pcap, Closer> handle_;
  std::string error_;
  std::uint64_t records_read_ = 0;
  int link_type_ = 0;
  std::uint32_t snap_length_ = 0;
};

}  // namespace crosspoint::capture
