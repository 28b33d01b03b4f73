#include "mapped_pcap_reader.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace crosspoint::cap {

namespace {

constexpr std::size_t kFileHeaderLength = 24;
constexpr std::size_t kRecordHeaderLength = 16;
constexpr std::uint32_t kMagicMicroseconds = 0xa1b2c3d4;
constexpr std::uint32_t kMagicNanoseconds = 0xa1b23c4d;
// Larger than any record libpcap accepts (its MAXIMUM_SNAPLEN is 262144), small enough to stay a window.
constexpr std::size_t kWindowLength = std::size_t{8} << 20;
constexpr std::uint32_t kLargestRecord = 262144;

std::uint32_t native32(const std::uint8_t* at) {
  std::uint32_t value = 0;
  std::memcpy(&value, at, sizeof value);
  return value;
}

std::uint16_t native16(const std::uint8_t* at) {
  std::uint16_t value = 0;
  std::memcpy(&value, at, sizeof value);
  return value;
}

struct Magic {
  bool classic = false;
  bool swapped = false;
  bool nanoseconds = false;
};

Magic magic_of(std::uint32_t value) {
  if (value == kMagicMicroseconds) return {true, false, false};
  if (value == kMagicNanoseconds) return {true, false, true};
  if (value == __builtin_bswap32(kMagicMicroseconds)) return {true, true, false};
  if (value == __builtin_bswap32(kMagicNanoseconds)) return {true, true, true};
  return {};
}

bool read_header(int fd, std::uint8_t (&header)[kFileHeaderLength]) {
  return ::pread(fd, header, kFileHeaderLength, 0) == static_cast<ssize_t>(kFileHeaderLength);
}

}  // namespace

bool MappedPcapReader::is_classic_pcap(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  std::uint8_t header[kFileHeaderLength];
  const bool classic = read_header(fd, header) && magic_of(native32(header)).classic;
  ::close(fd);
  return classic;
}

Expected<MappedPcapReader, std::string> MappedPcapReader::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Unexpected{path + ": " + std::strerror(errno)};
  struct stat status {};
  std::uint8_t header[kFileHeaderLength];
  if (::fstat(fd, &status) != 0 || !read_header(fd, header)) {
    ::close(fd);
    return Unexpected{path + ": truncated pcap file header"};
  }
  const Magic magic = magic_of(native32(header));
  if (!magic.classic) {
    ::close(fd);
    return Unexpected{path + ": not a classic pcap file"};
  }
  MappedPcapReader reader(fd, static_cast<std::uint64_t>(status.st_size));
  reader.swapped_ = magic.swapped;
  reader.nanoseconds_ = magic.nanoseconds;
  const std::uint16_t major = magic.swapped ? __builtin_bswap16(native16(header + 4)) : native16(header + 4);
  if (major != 2) return Unexpected{path + ": pcap version " + std::to_string(major) + " is not 2"};
  reader.snap_length_ = reader.field32(header + 16);
  // The link type is the low 16 bits; the upper bits carry FCS flags libpcap also masks away.
  reader.link_type_ = static_cast<int>(reader.field32(header + 20) & 0xffff);
  reader.position_ = kFileHeaderLength;
  return reader;
}

MappedPcapReader::MappedPcapReader(int fd, std::uint64_t file_size) : fd_(fd), file_size_(file_size) {}

MappedPcapReader::MappedPcapReader(MappedPcapReader&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      file_size_(other.file_size_),
      position_(other.position_),
      window_(std::exchange(other.window_, nullptr)),
      window_offset_(other.window_offset_),
      window_length_(std::exchange(other.window_length_, 0)),
      swapped_(other.swapped_),
      nanoseconds_(other.nanoseconds_),
      link_type_(other.link_type_),
      snap_length_(other.snap_length_),
      error_(std::move(other.error_)),
      records_read_(other.records_read_) {}

MappedPcapReader::~MappedPcapReader() {
  unmap();
  if (fd_ >= 0) ::close(fd_);
}

std::uint32_t MappedPcapReader::field32(const std::uint8_t* at) const {
  const std::uint32_t value = native32(at);
  return swapped_ ? __builtin_bswap32(value) : value;
}

void MappedPcapReader::unmap() {
  if (window_ != nullptr) ::munmap(const_cast<std::uint8_t*>(window_), window_length_);
  window_ = nullptr;
  window_length_ = 0;
}

bool MappedPcapReader::map_window(std::uint64_t offset, std::size_t length) {
  unmap();
  const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  const std::uint64_t start = offset / page * page;
  const std::uint64_t end = std::min(file_size_, std::max(offset + length, start + kWindowLength));
  void* mapped = ::mmap(nullptr, end - start, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd_, static_cast<off_t>(start));
  if (mapped == MAP_FAILED) return false;
  ::madvise(mapped, end - start, MADV_SEQUENTIAL);
  window_ = static_cast<const std::uint8_t*>(mapped);
  window_offset_ = start;
  window_length_ = end - start;
  return true;
}

void MappedPcapReader::fail(const std::string& why) {
  error_ = why + " (after " + std::to_string(records_read_) + " records)";
}

std::optional<capture::PcapRecord> MappedPcapReader::next() {
  if (fd_ < 0 || !error_.empty() || position_ == file_size_) return std::nullopt;
  if (file_size_ - position_ < kRecordHeaderLength) {
    fail("truncated dump file; tried to read 16 header bytes, only got " + std::to_string(file_size_ - position_));
    return std::nullopt;
  }
  const auto in_window = [&](std::uint64_t length) {
    return window_ != nullptr && position_ >= window_offset_ && position_ + length <= window_offset_ + window_length_;
  };
  if (!in_window(kRecordHeaderLength) && !map_window(position_, kRecordHeaderLength + kLargestRecord)) {
    fail(std::string("mmap: ") + std::strerror(errno));
    return std::nullopt;
  }
  const std::uint8_t* header = window_ + (position_ - window_offset_);
  const std::uint32_t seconds = field32(header);
  const std::uint32_t fraction = field32(header + 4);
  const std::uint32_t captured = field32(header + 8);
  const std::uint32_t original = field32(header + 12);
  if (captured > std::max(snap_length_, kLargestRecord)) {
    fail("invalid packet capture length " + std::to_string(captured) + ", bigger than snaplen of " +
         std::to_string(std::max(snap_length_, kLargestRecord)));
    return std::nullopt;
  }
  if (file_size_ - position_ - kRecordHeaderLength < captured) {
    fail("truncated dump file; tried to read " + std::to_string(captured) + " captured bytes, only got " +
         std::to_string(file_size_ - position_ - kRecordHeaderLength));
    return std::nullopt;
  }
  if (!in_window(kRecordHeaderLength + captured)) {
    if (!map_window(position_, kRecordHeaderLength + captured)) {
      fail(std::string("mmap: ") + std::strerror(errno));
      return std::nullopt;
    }
    header = window_ + (position_ - window_offset_);
  }
  capture::PcapRecord record;
  record.timestamp_ns = std::uint64_t{seconds} * 1'000'000'000ULL + (nanoseconds_ ? fraction : std::uint64_t{fraction} * 1000);
  record.bytes = std::span<const std::uint8_t>(header + kRecordHeaderLength, captured);
  record.original_length = original;
  position_ += kRecordHeaderLength + captured;
  // The next record's header and packet headers, fetched while this record is analysed.
  if (in_window(kRecordHeaderLength + 64)) __builtin_prefetch(window_ + (position_ - window_offset_) + 64);
  if (in_window(kRecordHeaderLength)) __builtin_prefetch(window_ + (position_ - window_offset_));
  ++records_read_;
  return record;
}

}  // namespace crosspoint::cap
