// The analyzer's capture reader (a sliding memory map over classic pcap, libpcap for the rest) gives
// exactly the records libpcap gives: same times, bytes and wire lengths, in either byte order, and stops
// at the same record with a reason when the file is cut.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "cap_test_support.hpp"
#include "capture_source.hpp"
#include "crosspoint/capture/pcap_reader.hpp"
#include "skip.hpp"

using namespace crosspoint::cap;

namespace {

struct Record {
  std::uint64_t timestamp_ns;
  std::vector<std::uint8_t> bytes;
  std::uint32_t original_length;
  bool operator==(const Record&) const = default;
};

struct Reading {
  std::vector<Record> records;
  bool failed = false;
};

template <class Reader>
Reading read_with(Reader& reader) {
  Reading out;
  while (auto record = reader.next()) {
    out.records.push_back(Record{record->timestamp_ns, {record->bytes.begin(), record->bytes.end()},
                                 record->original_length});
  }
  out.failed = !reader.error().empty();
  return out;
}

Reading with_libpcap(const std::string& path) {
  auto reader = crosspoint::capture::PcapReader::open(path);
  REQUIRE(reader);
  return read_with(*reader);
}

Reading with_capture_source(const std::string& path) {
  auto source = CaptureSource::open(path);
  REQUIRE(source);
  return read_with(*source);
}

std::vector<char> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::vector<char>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The same capture written big-endian: every header field byte-swapped, the packets untouched.
std::vector<char> byte_swapped(const std::vector<char>& little) {
  std::vector<char> big = little;
  const auto swap4 = [&](std::size_t at) { std::reverse(big.begin() + static_cast<std::ptrdiff_t>(at), big.begin() + static_cast<std::ptrdiff_t>(at + 4)); };
  const auto swap2 = [&](std::size_t at) { std::swap(big[at], big[at + 1]); };
  swap4(0);
  swap2(4);
  swap2(6);
  for (std::size_t at = 8; at < 24; at += 4) swap4(at);
  std::size_t at = 24;
  while (at + 16 <= little.size()) {
    std::uint32_t captured = 0;
    std::memcpy(&captured, little.data() + at + 8, 4);
    for (std::size_t field = 0; field < 16; field += 4) swap4(at + field);
    at += 16 + captured;
  }
  return big;
}

}  // namespace

TEST_CASE("the mapped reader gives libpcap's records for every committed and third-party capture", "[reader]") {
  const std::filesystem::path root = std::filesystem::path(cap_test::committed_capture(""));
  std::size_t files = 0;
  for (const auto& folder : {root, root / "third-party"}) {
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (entry.path().extension() != ".pcap") continue;
      INFO(entry.path().string());
      const Reading expected = with_libpcap(entry.path().string());
      const Reading read = with_capture_source(entry.path().string());
      CHECK_FALSE(read.failed);
      CHECK(read.records.size() == expected.records.size());
      CHECK(read.records == expected.records);
      ++files;
    }
  }
  CHECK(files > 15);  // microsecond and nanosecond files among them
}

TEST_CASE("a big-endian capture reads as its little-endian original", "[reader]") {
  cap_test::ScratchDir dir("reader-endian");
  for (const char* name : {"video_320x180i50.pcap", "third-party/tcpdump_ptp_management.pcap"}) {
    INFO(name);
    const std::string original = cap_test::committed_capture(name);
    const std::string big = dir.file("big.pcap");
    write_bytes(big, byte_swapped(file_bytes(original)));
    const Reading expected = with_libpcap(original);
    REQUIRE_FALSE(expected.records.empty());
    CHECK(with_capture_source(big).records == expected.records);
    CHECK(with_libpcap(big).records == expected.records);
  }
}

TEST_CASE("a cut capture stops at the record libpcap stops at, with a reason", "[reader]") {
  cap_test::ScratchDir dir("reader-cut");
  const std::vector<char> whole = file_bytes(cap_test::committed_capture("programme_320x180p50.pcap"));
  const std::string cut = dir.file("cut.pcap");
  for (const std::size_t length : {std::size_t{24 + 7}, std::size_t{24 + 16 + 3}, whole.size() / 2, whole.size() - 1}) {
    INFO("cut at " << length);
    write_bytes(cut, std::vector<char>(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(length)));
    const Reading expected = with_libpcap(cut);
    const Reading read = with_capture_source(cut);
    CHECK(expected.failed);
    CHECK(read.failed);
    CHECK(read.records == expected.records);
  }
  // A file that is not a capture at all does not open.
  write_bytes(cut, std::vector<char>(100, 'x'));
  CHECK_FALSE(CaptureSource::open(cut));
}

TEST_CASE("a pcapng capture is read through libpcap with the same records", "[reader-pcapng]") {
  if (std::system("command -v editcap > /dev/null 2>&1") != 0) {
    CROSSPOINT_SKIP("editcap is not installed (apt-get install wireshark-common)");
  }
  cap_test::ScratchDir dir("reader-pcapng");
  const std::string original = cap_test::committed_capture("audio_2022-7.pcap");
  const std::string pcapng = dir.file("audio.pcapng");
  REQUIRE(std::system(("editcap -F pcapng '" + original + "' '" + pcapng + "'").c_str()) == 0);
  const Reading read = with_capture_source(pcapng);
  CHECK_FALSE(read.failed);
  CHECK(read.records == with_libpcap(original).records);
  // And the analysis of it is the analysis of the original.
  CHECK(cap_test::analyze(pcapng).flows.size() == cap_test::analyze(original).flows.size());
}
