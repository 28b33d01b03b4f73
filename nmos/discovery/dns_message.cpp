#include "nmos/discovery/dns_message.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace crosspoint::nmos {
namespace {

// RFC 1035 3.1: a name is at most 255 octets on the wire; a longer one (labels chained by pointers) is refused.
constexpr std::size_t kMaxNameLength = 255;

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> message) : message_(message) {}

  bool u16(std::uint16_t& out) {
    if (offset_ + 2 > message_.size()) return false;
    out = static_cast<std::uint16_t>(message_[offset_] << 8 | message_[offset_ + 1]);
    offset_ += 2;
    return true;
  }
  bool u32(std::uint32_t& out) {
    std::uint16_t hi = 0, lo = 0;
    if (!u16(hi) || !u16(lo)) return false;
    out = static_cast<std::uint32_t>(hi) << 16 | lo;
    return true;
  }
  // A possibly compressed name starting at the current offset.
  bool name(std::string& out) {
    std::size_t next = 0;
    if (!name_at(offset_, out, next)) return false;
    offset_ = next;
    return true;
  }
  bool name_at(std::size_t position, std::string& out, std::size_t& after) const {
    out.clear();
    bool jumped = false;
    std::size_t wire_length = 1;  // the name's octets uncompressed, its final zero included: at most 255
    for (int hops = 0; hops < 64; ++hops) {  // a pointer loop must not hang us
      if (position >= message_.size()) return false;
      const std::uint8_t length = message_[position];
      if (length == 0) {
        if (!jumped) after = position + 1;
        return true;
      }
      if ((length & 0xC0) == 0xC0) {
        if (position + 1 >= message_.size()) return false;
        if (!jumped) after = position + 2;
        jumped = true;
        position = static_cast<std::size_t>((length & 0x3F) << 8 | message_[position + 1]);
        continue;
      }
      if ((length & 0xC0) != 0 || position + 1 + length > message_.size()) return false;
      wire_length += 1 + length;
      if (wire_length > kMaxNameLength) return false;
      if (!out.empty()) out += '.';
      for (std::size_t i = 0; i < length; ++i)
        out += static_cast<char>(std::tolower(message_[position + 1 + i]));
      position += 1 + length;
    }
    return false;
  }
  [[nodiscard]] std::size_t offset() const { return offset_; }
  void skip(std::size_t n) { offset_ += n; }
  [[nodiscard]] std::span<const std::uint8_t> message() const { return message_; }

 private:
  std::span<const std::uint8_t> message_;
  std::size_t offset_ = 0;
};

bool read_record(Reader& reader, DnsRecord& record) {
  std::uint16_t klass = 0, length = 0;
  if (!reader.name(record.name) || !reader.u16(record.type) || !reader.u16(klass) || !reader.u32(record.ttl) ||
      !reader.u16(length))
    return false;
  const std::size_t start = reader.offset();
  const auto message = reader.message();
  if (start + length > message.size()) return false;
  const auto rdata = message.subspan(start, length);
  switch (static_cast<DnsType>(record.type)) {
    case DnsType::kPtr: {
      std::string target;
      std::size_t after = 0;
      if (!reader.name_at(start, target, after)) return false;
      record.data = target;
      break;
    }
    case DnsType::kSrv: {
      if (length < 7) return false;
      SrvData srv;
      srv.priority = static_cast<std::uint16_t>(rdata[0] << 8 | rdata[1]);
      srv.weight = static_cast<std::uint16_t>(rdata[2] << 8 | rdata[3]);
      srv.port = static_cast<std::uint16_t>(rdata[4] << 8 | rdata[5]);
      std::size_t after = 0;
      if (!reader.name_at(start + 6, srv.target, after)) return false;
      record.data = srv;
      break;
    }
    case DnsType::kTxt: {
      std::vector<std::string> strings;
      for (std::size_t i = 0; i < rdata.size();) {
        const std::size_t n = rdata[i];
        if (i + 1 + n > rdata.size()) return false;
        strings.emplace_back(reinterpret_cast<const char*>(rdata.data() + i + 1), n);
        i += 1 + n;
      }
      record.data = strings;
      break;
    }
    case DnsType::kA:
    case DnsType::kAaaa: {
      const bool v4 = record.type == static_cast<std::uint16_t>(DnsType::kA);
      if (length != (v4 ? 4 : 16)) return false;
      char text[INET6_ADDRSTRLEN] = {};
      inet_ntop(v4 ? AF_INET : AF_INET6, rdata.data(), text, sizeof text);
      record.data = std::string(text);
      break;
    }
  }
  reader.skip(length);
  return true;
}

}  // namespace

std::vector<std::uint8_t> make_dns_query(std::uint16_t id, std::string_view name, DnsType type) {
  std::vector<std::uint8_t> out = {static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id), 0x01, 0x00,
                                   0, 1, 0, 0, 0, 0, 0, 0};
  while (!name.empty()) {
    const auto dot = name.find('.');
    const std::string_view label = name.substr(0, dot);
    name = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
    if (label.empty()) continue;
    out.push_back(static_cast<std::uint8_t>(std::min<std::size_t>(label.size(), 63)));
    out.insert(out.end(), label.begin(), label.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(label.size(), 63)));
  }
  out.push_back(0);
  const auto t = static_cast<std::uint16_t>(type);
  out.insert(out.end(), {static_cast<std::uint8_t>(t >> 8), static_cast<std::uint8_t>(t), 0, 1});
  return out;
}

Expected<DnsResponse, std::string> parse_dns_response(std::span<const std::uint8_t> message) {
  Reader reader(message);
  DnsResponse response;
  std::uint16_t flags = 0, questions = 0, answers = 0, authorities = 0, additionals = 0;
  if (!reader.u16(response.id) || !reader.u16(flags) || !reader.u16(questions) || !reader.u16(answers) ||
      !reader.u16(authorities) || !reader.u16(additionals))
    return Unexpected{std::string("DNS message shorter than its header")};
  if ((flags & 0x8000) == 0) return Unexpected{std::string("DNS message is not a response")};
  response.rcode = static_cast<std::uint8_t>(flags & 0x0F);
  for (int i = 0; i < questions; ++i) {
    std::string name;
    std::uint16_t type = 0, klass = 0;
    if (!reader.name(name) || !reader.u16(type) || !reader.u16(klass))
      return Unexpected{std::string("DNS question section is truncated")};
  }
  for (int i = 0; i < answers; ++i) {
    DnsRecord record;
    if (!read_record(reader, record)) return Unexpected{"DNS answer " + std::to_string(i) + " is malformed"};
    response.answers.push_back(std::move(record));
  }
  for (int i = 0; i < authorities; ++i) {
    DnsRecord ignored;
    if (!read_record(reader, ignored)) return Unexpected{std::string("DNS authority section is malformed")};
  }
  for (int i = 0; i < additionals; ++i) {
    DnsRecord record;
    if (!read_record(reader, record)) break;  // EDNS OPT and friends at the end are not ours to need
    response.additionals.push_back(std::move(record));
  }
  return response;
}

}  // namespace crosspoint::nmos
