// Every PTP message in the third-party captures decodes without a false error, and what the decoder reads
// (message type, domain, sequence id) is what tshark reads from the same frames.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "crosspoint/capture/pcap_reader.hpp"
#include "message.hpp"
#include "crosspoint/st2110/ethernet.hpp"
#include "crosspoint/st2110/ipv4.hpp"
#include "crosspoint/st2110/udp.hpp"
#include "skip.hpp"

using namespace crosspoint;

namespace {

// The PTP captures of captures/third-party/ (sources and licences in its README.md).
const char* const kPtpCaptures[] = {
    "pilist_PTP_clock.pcap",     "pilist_wireshark-wiki_ptpv2.pcap", "tcpdump_ptp.pcap",
    "tcpdump_ptp_corrections.pcap", "tcpdump_ptp_ethernet.pcap",    "tcpdump_ptp_management.pcap",
    "tcpdump_ptp_v2_1.pcap",
};

struct Reading {
  unsigned type = 0;
  unsigned domain = 0;
  unsigned sequence = 0;
  friend bool operator==(const Reading&, const Reading&) = default;
};

std::string capture_path(const std::string& name) {
  const char* root = std::getenv("CROSSPOINT_SOURCE_DIR");
  return std::string(root ? root : ".") + "/captures/third-party/" + name;
}

// The PTP payload of a frame: over Ethernet (0x88F7) or UDP ports 319/320 in IPv4.
std::optional<std::span<const std::uint8_t>> ptp_payload(std::span<const std::uint8_t> frame) {
  const auto ethernet = st2110::parse_ethernet(frame);
  if (!ethernet) return std::nullopt;
  const auto after_ethernet = frame.subspan(ethernet->length());
  if (ethernet->ether_type == st2110::kEtherTypePtp) return after_ethernet;
  if (ethernet->ether_type != st2110::kEtherTypeIpv4) return std::nullopt;
  const auto ip = st2110::parse_ipv4(after_ethernet);
  if (!ip || ip->protocol != st2110::kIpProtocolUdp) return std::nullopt;
  const auto datagram = after_ethernet.subspan(ip->header_length, ip->total_length - ip->header_length);
  const auto udp = st2110::parse_udp(datagram);
  if (!udp) return std::nullopt;
  const bool ptp_port = udp->destination_port == 319 || udp->destination_port == 320;
  if (!ptp_port) return std::nullopt;
  return datagram.subspan(st2110::kUdpHeaderLength, udp->length - st2110::kUdpHeaderLength);
}

// tshark's reading of each PTPv2 frame, by frame number.
std::optional<std::map<unsigned, Reading>> tshark_readings(const std::string& path) {
  const std::string command = "tshark -r '" + path +
                              "' -T fields -E separator=, -e frame.number -e ptp.v2.messagetype "
                              "-e ptp.v2.domainnumber -e ptp.v2.sequenceid 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::map<unsigned, Reading> readings;
  char line[256];
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    std::stringstream fields(line);
    std::string frame, type, domain, sequence;
    std::getline(fields, frame, ',');
    std::getline(fields, type, ',');
    std::getline(fields, domain, ',');
    std::getline(fields, sequence, ',');
    if (type.empty()) continue;  // not PTPv2
    readings[static_cast<unsigned>(std::stoul(frame))] =
        Reading{static_cast<unsigned>(std::stoul(type, nullptr, 16)), static_cast<unsigned>(std::stoul(domain)),
                static_cast<unsigned>(std::stoul(sequence))};
  }
  if (pclose(pipe) != 0) return std::nullopt;
  return readings;
}

}  // namespace

TEST_CASE("every PTP message of the third-party captures decodes as tshark reads it", "[needs-tshark]") {
  if (std::system("tshark -v > /dev/null 2>&1") != 0) CROSSPOINT_SKIP("tshark is not installed");
  std::size_t total = 0;
  for (const char* name : kPtpCaptures) {
    INFO("capture " << name);
    const std::string path = capture_path(name);
    const auto expected = tshark_readings(path);
    REQUIRE(expected.has_value());
    REQUIRE_FALSE(expected->empty());

    auto reader = capture::PcapReader::open(path);
    REQUIRE(reader.has_value());
    std::map<unsigned, Reading> decoded;
    std::map<std::string, unsigned> errors;
    unsigned frame_number = 0;
    while (auto record = reader->next()) {
      ++frame_number;
      const auto payload = ptp_payload(record->bytes);
      if (!payload) continue;
      const auto message = ptp::decode_message(*payload);
      if (!message) {
        // Only a frame tshark does not take for PTPv2 may fail (e.g. PTPv1).
        if (expected->count(frame_number) != 0) ++errors[std::string(ptp::to_string(message.error()))];
        continue;
      }
      decoded[frame_number] = Reading{static_cast<unsigned>(message->header.type), message->header.domain,
                                      message->header.sequence_id};
    }
    CHECK(reader->error().empty());
    CHECK(errors.empty());
    for (const auto& [reason, count] : errors) WARN(name << ": " << count << " x " << reason);
    CHECK(decoded == *expected);
    total += decoded.size();
  }
  CHECK(total == 39 + 5 + 3 + 205 + 10 + 38 + 8);
}

TEST_CASE("the management TLVs of the tcpdump capture name their ids") {
  auto reader = capture::PcapReader::open(capture_path("tcpdump_ptp_management.pcap"));
  REQUIRE(reader.has_value());
  std::size_t management = 0;
  while (auto record = reader->next()) {
    const auto payload = ptp_payload(record->bytes);
    REQUIRE(payload.has_value());
    const auto message = ptp::decode_message(*payload);
    REQUIRE(message.has_value());
    const auto& body = std::get<ptp::Management>(message->body);
    CHECK(body.action <= ptp::ManagementAction::kAcknowledge);
    ++management;
  }
  CHECK(management == 10);
}
