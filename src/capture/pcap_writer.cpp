#include "crosspoint/capture/pcap_writer.hpp"

#include <pcap/pcap.h>

#include <algorithm>
#include <cstdio>

namespace crosspoint::capture {

void PcapWriter::Closer::operator()(pcap* handle) const { pcap_close(handle); }
void PcapWriter::DumperCloser::operator()(pcap_dumper* dumper) const { pcap_dump_close(dumper); }

PcapWriter::PcapWriter(pcap* handle, pcap_dumper* dumper, std::uint32_t snap_length)
    : handle_(handle), dumper_(dumper), snap_length_(snap_length) {}

Expected<PcapWriter, std::string> PcapWriter::create(const std::string& path, std::uint32_t snap_length,
                                                     int link_type) {
  pcap* handle = pcap_open_dead_with_tstamp_precision(link_type, static_cast<int>(snap_length),
                                                      PCAP_TSTAMP_PRECISION_NANO);
  if (handle == nullptr) return Unexpected{std::string("cannot create a pcap handle for ") + path};
  pcap_dumper* dumper = pcap_dump_open(handle, path.c_str());
  if (dumper == nullptr) {
    std::string reason = path + ": " + pcap_geterr(handle);
    pcap_close(handle);
    return Unexpected{reason};
  }
  return PcapWriter(handle, dumper, snap_length);
}

bool PcapWriter::write(std::uint64_t timestamp_ns, std::span<const std::uint8_t> frame) {
  return write(timestamp_ns, frame, static_cast<std::uint32_t>(frame.size()));
}

bool PcapWriter::write(std::uint64_t timestamp_ns, std::span<const std::uint8_t> frame,
                       std::uint32_t original_length) {
  if (!dumper_) {
    if (error_.empty()) error_ = "writer is closed";
    return false;
  }
  pcap_pkthdr header{};
  header.ts.tv_sec = static_cast<time_t>(timestamp_ns / 1'000'000'000ULL);
  // With a nanosecond handle libpcap writes tv_usec as nanoseconds.
  header.ts.tv_usec = static_cast<suseconds_t>(timestamp_ns % 1'000'000'000ULL);
  header.caplen = static_cast<bpf_u_int32>(std::min<std::size_t>(frame.size(), snap_length_));
  header.len = std::max<std::uint32_t>(original_length, static_cast<std::uint32_t>(frame.size()));
  pcap_dump(reinterpret_cast<u_char*>(dumper_.get()), &header, frame.data());
  if (std::ferror(pcap_dump_file(dumper_.get())) != 0) {
    error_ = "cannot write to the capture file";
    return false;
  }
  ++records_written_;
  return true;
}

bool PcapWriter::flush() {
  if (!dumper_) return error_.empty();
  if (pcap_dump_flush(dumper_.get()) != 0) {
    error_ = "cannot flush the capture file";
    return false;
  }
  return true;
}

bool PcapWriter::close() {
  const bool flushed = flush();
  dumper_.reset();
  handle_.reset();
  return flushed;
}

}  // namespace crosspoint::capture
