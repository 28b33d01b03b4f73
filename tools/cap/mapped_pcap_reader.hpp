// Classic pcap files (either byte order, microsecond or nanosecond timestamps) read in place through a
// sliding memory map: records are views into the mapped file, never copies, and only one window of the
// file is mapped at a time, so reading a capture of any size takes the same memory. pcapng and anything
// else libpcap reads go through capture::PcapReader instead (see capture_source.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "crosspoint/capture/pcap_record.hpp"
#include "crosspoint/expected.hpp"

namespace crosspoint::cap {

class MappedPcapReader {
 public:
  // Whether the file starts with a classic pcap magic number (false for pcapng, garbage or a short file).
  static bool is_classic_pcap(const std::string& path);
  // Fails with a reason when the file cannot be opened or its file header is not a classic pcap header.
  static Expected<MappedPcapReader, std::string> open(const std::string& path);

  MappedPcapReader(MappedPcapReader&& other) noexcept;
  MappedPcapReader& operator=(MappedPcapReader&&) = delete;
  MappedPcapReader(const MappedPcapReader&) = delete;
  MappedPcapReader& operator=(const MappedPcapReader&) = delete;
  ~MappedPcapReader();

  // The next record, or nullopt at the end of the file or at the first damaged record (see error()).
  // The record's bytes stay valid until the next call.
  std::optional<capture::PcapRecord> next();

  // Empty after a clean end of file; otherwise why reading stopped.
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] std::uint64_t records_read() const { return records_read_; }
  [[nodiscard]] int link_type() const { return link_type_; }
  [[nodiscard]] std::uint32_t snap_length() const { return snap_length_; }

 private:
  MappedPcapReader(int fd, std::uint64_t file_size);
  // Maps the window that holds [offset, offset + length) of the file; false when mmap fails.
  bool map_window(std::uint64_t offset, std::size_t length);
  void unmap();
  [[nodiscard]] std::uint32_t field32(const std::uint8_t* at) const;
  void fail(const std::string& why);

  int fd_ = -1;
  std::uint64_t file_size_ = 0;
  std::uint64_t position_ = 0;  // file offset of the next record header
  const std::uint8_t* window_ = nullptr;
  std::uint64_t window_offset_ = 0;
  std::size_t window_length_ = 0;
  bool swapped_ = false;
  bool nanoseconds_ = false;
  int link_type_ = 0;
  std::uint32_t snap_length_ = 0;
  std::string error_;
  std::uint64_t records_read_ = 0;
};

}  // namespace crosspoint::cap
