// Writes nanosecond-precision pcap files (magic 0xa1b23c4d) of Ethernet frames, the format crosspoint-cap
// generates and the engine records; Wireshark, tcpdump and EBU LIST read it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>

#include "crosspoint/expected.hpp"

struct pcap;
struct pcap_dumper;

namespace crosspoint::capture {

constexpr int kLinkTypeEthernet = 1;  // DLT_EN10MB
constexpr std::uint32_t kDefaultSnapLength = 262144;

class PcapWriter {
 public:
  // Creates (truncates) `path`; fails with a reason when it cannot be opened.
  static Expected<PcapWriter, std::string> create(const std::string& path,
                                                  std::uint32_t snap_length = kDefaultSnapLength,
                                                  int link_type = kLinkTypeEthernet);

  // Appends one frame captured at `timestamp_ns` (Unix epoch as the caller chooses; crosspoint uses PTP time).
  // Bytes beyond the snap length are cut and the record keeps the full length. False after a write error.
  bool write(std::uint64_t timestamp_ns, std::span<const std::uint8_t> frame);
  // As above, for a frame of which only the first bytes are at hand (original_length >= frame.size()).
  bool write(std::uint64_t timestamp_ns, std::span<const std::uint8_t> frame, std::uint32_t original_length);

  // Pushes buffered records to the file; false (with error()) when the file cannot take them.
  bool flush();
  // Flushes and closes; further writes fail. The destructor closes too.
  bool close();

  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] std::uint64_t records_written() const { return records_written_; }

 private:
  struct Closer {
    void operator()(pcap* handle) const;
  };
  struct DumperCloser {
    void operator()(pcap_dumper* dumper) const;
  };
  PcapWriter(pcap* handle, pcap_dumper* dumper, std::uint32_t snap_length);

  // Members are destroyed in reverse: the dumper closes before the handle it belongs to.
  std::unique_ptr<pcap, Closer> handle_;
  std::unique_ptr<pcap_dumper, DumperCloser> dumper_;
  std::uint32_t snap_length_ = 0;
  std::string error_;
  std::uint64_t records_written_ = 0;
};

}  // namespace crosspoint::capture
