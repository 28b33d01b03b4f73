#include "crosspoint/signal/leg_writer.hpp"

#include <charconv>

#include "crosspoint/signal/flow_address.hpp"

namespace crosspoint::cap {

Expected<LossPattern, std::string> LossPattern::parse_indices(const std::string& text) {
  LossPattern pattern;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t comma = text.find(',', at);
    const std::size_t end = comma == std::string::npos ? text.size() : comma;
    std::uint64_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data() + at, text.data() + end, value);
    if (ec != std::errc{} || ptr != text.data() + end) {
      return Unexpected{"loss list '" + text + "': '" + text.substr(at, end - at) + "' is not a packet index"};
    }
    pattern.indices.insert(value);
    at = end + 1;
  }
  return pattern;
}

LegWriter::LegWriter(capture::PcapWriter& writer, std::optional<st2110::Ipv4Address> second_leg, LossPattern leg_a,
                     LossPattern leg_b, std::uint64_t leg_b_delay_ns)
    : writer_(writer), second_leg_(second_leg), patterns_{std::move(leg_a), std::move(leg_b)}, leg_b_delay_ns_(leg_b_delay_ns) {
  random_state_[0] = patterns_[0].seed * 0x9E3779B97F4A7C15ULL + 1;
  random_state_[1] = patterns_[1].seed * 0xBF58476D1CE4E5B9ULL + 2;
}

bool LegWriter::loses(std::size_t leg, std::uint64_t index) {
  const LossPattern& pattern = patterns_[leg];
  if (pattern.indices.count(index) != 0) return true;
  if (pattern.rate <= 0.0) return false;
  // xorshift64*: a fixed sequence, so a rate gives the same losses every run.
  std::uint64_t& x = random_state_[leg];
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  const double draw = static_cast<double>((x * 0x2545F4914F6CDD1DULL) >> 11) / 9007199254740992.0;
  return draw < pattern.rate;
}

bool LegWriter::write(const GeneratedPacket& packet) {
  const auto timestamp = static_cast<std::uint64_t>(packet.send_time_ns);
  if (loses(0, packet.index)) {
    ++lost_[0];
  } else if (!writer_.write(timestamp, packet.frame)) {
    return false;
  }
  if (!second_leg_) return true;
  if (loses(1, packet.index)) {
    ++lost_[1];
    return true;
  }
  copy_.assign(packet.frame.begin(), packet.frame.end());
  retarget_frame(copy_, *second_leg_);
  if (leg_b_delay_ns_ == 0) return writer_.write(timestamp, copy_);
  delayed_.emplace_back(timestamp + leg_b_delay_ns_, copy_);
  return true;
}

std::optional<std::uint64_t> LegWriter::next_delayed() const {
  if (delayed_.empty()) return std::nullopt;
  return delayed_.front().first;
}

bool LegWriter::write_next_delayed() {
  const bool written = writer_.write(delayed_.front().first, delayed_.front().second);
  delayed_.pop_front();
  return written;
}

}  // namespace crosspoint::cap
