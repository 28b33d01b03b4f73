#include "capture_source.hpp"

namespace crosspoint::cap {

Expected<CaptureSource, std::string> CaptureSource::open(const std::string& path) {
  if (MappedPcapReader::is_classic_pcap(path)) {
    auto mapped = MappedPcapReader::open(path);
    if (!mapped) return Unexpected{mapped.error()};
    return CaptureSource(Reader(std::in_place_type<MappedPcapReader>, std::move(*mapped)));
  }
  auto other = capture::PcapReader::open(path);
  if (!other) return Unexpected{other.error()};
  return CaptureSource(Reader(std::in_place_type<capture::PcapReader>, std::move(*other)));
}

std::optional<capture::PcapRecord> CaptureSource::next() {
  return std::visit([](auto& reader) { return reader.next(); }, reader_);
}

const std::string& CaptureSource::error() const {
  return std::visit([](const auto& reader) -> const std::string& { return reader.error(); }, reader_);
}

int CaptureSource::link_type() const {
  return std::visit([](const auto& reader) { return reader.link_type(); }, reader_);
}

std::uint32_t CaptureSource::snap_length() const {
  return std::visit([](const auto& reader) { return reader.snap_length(); }, reader_);
}

}  // namespace crosspoint::cap
