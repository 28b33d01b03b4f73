#include "crosspoint/capture/pcap_reader.hpp"

#include <pcap/pcap.h>

namespace crosspoint::capture {

void PcapReader::Closer::operator()(pcap* handle) const { pcap_close(handle); }

PcapReader::PcapReader(pcap* handle)
    : handle_(handle),
      link_type_(pcap_datalink(handle)),
      snap_length_(static_cast<std::uint32_t>(pcap_snapshot(handle))) {}

Expected<PcapReader, std::string> PcapReader::open(const std::string& path) {
  char error[PCAP_ERRBUF_SIZE] = {};
  // Nanosecond precision makes libpcap scale microsecond files up, so callers see one unit.
  pcap* handle = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, error);
  if (handle == nullptr) return Unexpected{path + ": " + error};
  return PcapReader(handle);
}

std::optional<PcapRecord> PcapReader::next() {
  if (!handle_ || !error_.empty()) return std::nullopt;
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  const int status = pcap_next_ex(handle_.get(), &header, &data);
  if (status == PCAP_ERROR_BREAK) return std::nullopt;  // clean end of file
  if (status != 1) {
    error_ = pcap_geterr(handle_.get());
    if (error_.empty()) error_ = "unreadable record";
    error_ += " (after " + std::to_string(records_read_) + " records)";
    return std::nullopt;
  }
  ++records_read_;
  PcapRecord record;
  record.timestamp_ns = static_cast<std::uint64_t>(header->ts.tv_sec) * 1'000'000'000ULL +
                        static_cast<std::uint64_t>(header->ts.tv_usec);
  record.bytes = std::span<const std::uint8_t>(data, header->caplen);
  record.original_length = header->len;
  return record;
}

}  // namespace crosspoint::capture
