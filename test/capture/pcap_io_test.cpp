#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "crosspoint/capture/pcap_reader.hpp"
#include "crosspoint/capture/pcap_writer.hpp"
#include "skip.hpp"

using crosspoint::capture::PcapReader;
using crosspoint::capture::PcapRecord;
using crosspoint::capture::PcapWriter;

namespace {

// A per-process folder for the files the tests write, removed when the tests end.
struct ScratchDirectory {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("crosspoint-capture-test-" + std::to_string(getpid()));
  ScratchDirectory() { std::filesystem::create_directories(path); }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

std::filesystem::path scratch_file(const std::string& name) {
  static const ScratchDirectory directory;
  return directory.path / name;
}

std::vector<std::uint8_t> frame_of(std::size_t size, std::uint8_t seed) {
  std::vector<std::uint8_t> frame(size);
  for (std::size_t i = 0; i < size; ++i) frame[i] = static_cast<std::uint8_t>(seed + i);
  return frame;
}

std::vector<char> file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Seen {
  std::uint64_t timestamp_ns;
  std::vector<std::uint8_t> bytes;
  std::uint32_t original_length;
};

std::vector<Seen> read_all(PcapReader& reader) {
  std::vector<Seen> seen;
  while (auto record = reader.next()) {
    seen.push_back({record->timestamp_ns, {record->bytes.begin(), record->bytes.end()}, record->original_length});
  }
  return seen;
}

}  // namespace

TEST_CASE("a written capture reads back with nanosecond timestamps, bytes and lengths") {
  const auto path = scratch_file("roundtrip.pcap");
  const std::uint64_t t0 = 1'700'000'037ULL * 1'000'000'000ULL + 123'456'789ULL;
  {
    auto writer = PcapWriter::create(path.string());
    REQUIRE(writer.has_value());
    REQUIRE(writer->write(t0, frame_of(60, 1)));
    REQUIRE(writer->write(t0 + 1, frame_of(1514, 2)));
    REQUIRE(writer->write(t0 + 999'999'999ULL, frame_of(128, 3), 1242));
    CHECK(writer->records_written() == 3);
    REQUIRE(writer->close());
    CHECK_FALSE(writer->write(t0, frame_of(60, 1)));
  }
  auto reader = PcapReader::open(path.string());
  REQUIRE(reader.has_value());
  CHECK(reader->link_type() == crosspoint::capture::kLinkTypeEthernet);
  const auto seen = read_all(*reader);
  CHECK(reader->error().empty());
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].timestamp_ns == t0);
  CHECK(seen[0].bytes == frame_of(60, 1));
  CHECK(seen[1].timestamp_ns == t0 + 1);
  CHECK(seen[1].bytes == frame_of(1514, 2));
  CHECK(seen[1].original_length == 1514);
  CHECK(seen[2].timestamp_ns == t0 + 999'999'999ULL);
  CHECK(seen[2].bytes.size() == 128);
  CHECK(seen[2].original_length == 1242);
  CHECK(reader->records_read() == 3);
  CHECK_FALSE(reader->next().has_value());
}

TEST_CASE("the writer uses the nanosecond pcap magic") {
  const auto path = scratch_file("magic.pcap");
  {
    auto writer = PcapWriter::create(path.string());
    REQUIRE(writer.has_value());
    REQUIRE(writer->write(1, frame_of(60, 0)));
  }
  const auto bytes = file_bytes(path);
  REQUIRE(bytes.size() == 24 + 16 + 60);
  const auto magic = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[0])) |
                     static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[1])) << 8 |
                     static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[2])) << 16 |
                     static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[3])) << 24;
  CHECK(magic == 0xa1b23c4dU);
}

TEST_CASE("frames longer than the snap length are cut and keep their wire length") {
  const auto path = scratch_file("snap.pcap");
  {
    auto writer = PcapWriter::create(path.string(), 128);
    REQUIRE(writer.has_value());
    REQUIRE(writer->write(5, frame_of(1242, 9)));
  }
  auto reader = PcapReader::open(path.string());
  REQUIRE(reader.has_value());
  CHECK(reader->snap_length() == 128);
  auto record = reader->next();
  REQUIRE(record.has_value());
  CHECK(record->bytes.size() == 128);
  CHECK(record->original_length == 1242);
  CHECK(record->truncated());
}

TEST_CASE("a capture cut at every offset yields the whole records before the cut and a reason") {
  const auto path = scratch_file("whole.pcap");
  {
    auto writer = PcapWriter::create(path.string());
    REQUIRE(writer.has_value());
    for (std::uint8_t i = 0; i < 3; ++i) REQUIRE(writer->write(1000U * i, frame_of(40, i)));
  }
  const auto whole = file_bytes(path);
  REQUIRE(whole.size() == 24 + 3 * (16 + 40));
  const auto cut_path = scratch_file("cut.pcap");
  for (std::size_t cut = 0; cut < whole.size(); ++cut) {
    INFO("cut at " << cut);
    {
      std::ofstream out(cut_path, std::ios::binary | std::ios::trunc);
      out.write(whole.data(), static_cast<std::streamsize>(cut));
    }
    auto reader = PcapReader::open(cut_path.string());
    if (cut < 24) {
      REQUIRE_FALSE(reader.has_value());
      CHECK_FALSE(reader.error().empty());
      continue;
    }
    REQUIRE(reader.has_value());
    const auto seen = read_all(*reader);
    const std::size_t whole_records = (cut - 24) / 56;
    CHECK(seen.size() == whole_records);
    const bool cut_inside_a_record = (cut - 24) % 56 != 0;
    CHECK(reader->error().empty() == !cut_inside_a_record);
    for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i].bytes == frame_of(40, static_cast<std::uint8_t>(i)));
  }
}

TEST_CASE("a missing or foreign file is refused with a reason") {
  auto missing = PcapReader::open("/nonexistent/crosspoint.pcap");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().find("/nonexistent/crosspoint.pcap") != std::string::npos);

  const auto path = scratch_file("not-a-capture.txt");
  {
    std::ofstream out(path);
    out << "this is not a capture file, only text that is long enough to hold a header\n";
  }
  auto foreign = PcapReader::open(path.string());
  REQUIRE_FALSE(foreign.has_value());
  CHECK_FALSE(foreign.error().empty());

  auto unwritable = PcapWriter::create("/nonexistent/dir/out.pcap");
  REQUIRE_FALSE(unwritable.has_value());
  CHECK_FALSE(unwritable.error().empty());
}

TEST_CASE("a microsecond capture reads with its timestamps scaled to nanoseconds") {
  const char* root = std::getenv("CROSSPOINT_SOURCE_DIR");
  REQUIRE(root != nullptr);
  // Captured by EBU LIST's tooling with microsecond timestamps (magic 0xa1b2c3d4).
  auto reader = PcapReader::open(std::string(root) + "/captures/third-party/pilist_eemebe_t_1080i59_hdr128.pcap");
  REQUIRE(reader.has_value());
  std::uint64_t previous = 0;
  std::size_t records = 0;
  while (auto record = reader->next()) {
    ++records;
    REQUIRE(record->timestamp_ns % 1000 == 0);
    REQUIRE(record->timestamp_ns >= previous);
    REQUIRE(record->truncated());
    previous = record->timestamp_ns;
  }
  CHECK(records == 21600);
  CHECK(reader->error().empty());
  CHECK(reader->snap_length() == 128);
}

TEST_CASE("a pcapng file (what Wireshark saves) reads like a pcap", "[needs-editcap]") {
  if (std::system("command -v editcap >/dev/null 2>&1") != 0) {
    CROSSPOINT_SKIP("editcap (wireshark-common) is not installed to convert a capture to pcapng");
  }
  const auto path = scratch_file("source.pcap");
  const auto ng_path = scratch_file("converted.pcapng");
  const std::uint64_t t0 = 1'700'000'037ULL * 1'000'000'000ULL + 987'654'321ULL;
  {
    auto writer = PcapWriter::create(path.string());
    REQUIRE(writer.has_value());
    REQUIRE(writer->write(t0, frame_of(90, 7)));
    REQUIRE(writer->write(t0 + 125'000, frame_of(200, 8)));
  }
  const std::string command = "editcap -F pcapng '" + path.string() + "' '" + ng_path.string() + "'";
  REQUIRE(std::system(command.c_str()) == 0);
  auto reader = PcapReader::open(ng_path.string());
  REQUIRE(reader.has_value());
  const auto seen = read_all(*reader);
  CHECK(reader->error().empty());
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].timestamp_ns == t0);
  CHECK(seen[0].bytes == frame_of(90, 7));
  CHECK(seen[1].timestamp_ns == t0 + 125'000);
  CHECK(seen[1].bytes == frame_of(200, 8));
}
