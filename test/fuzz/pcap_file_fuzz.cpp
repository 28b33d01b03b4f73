// Capture files as crosspoint-cap and the replay source open them: the bytes become a file (in memory, by
// memfd), PcapReader opens it or says why, reads records until the end or the first damaged one, and each
// record's frame goes to the packet parser with its wire length, as the analyzer does.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "crosspoint/capture/pcap_reader.hpp"
#include "crosspoint/st2110/rtp_packet.hpp"
#include "fuzz_check.hpp"

using namespace crosspoint;
using crosspoint::fuzz::inside;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const int fd = memfd_create("pcap-fuzz", 0);
  if (fd < 0) return 0;
  if (write(fd, data, size) != static_cast<ssize_t>(size)) {
    close(fd);
    return 0;
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  auto reader = capture::PcapReader::open(path);
  if (reader) {
    std::uint64_t records = 0;
    while (const auto record = reader->next()) {
      ++records;
      FUZZ_REQUIRE(record->bytes.size() <= size);
      if (reader->link_type() != 1) continue;
      if (const auto view = st2110::parse_rtp_packet(record->bytes, record->original_length)) {
        FUZZ_REQUIRE(inside(view->payload, record->bytes));
      }
    }
    FUZZ_REQUIRE(records == reader->records_read());
  }
  close(fd);
  return 0;
}
