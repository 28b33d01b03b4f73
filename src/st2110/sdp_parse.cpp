// RFC 4566 session descriptions read line by line: line order and counts checked as section 5 prescribes,
// then each media section turned into an ST 2110 leg.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "crosspoint/st2110/sdp.hpp"
#include "crosspoint/st2110/sdp_media_format.hpp"
#include "crosspoint/st2110/sdp_text.hpp"

namespace crosspoint::st2110 {
namespace {

// RFC 4566 section 5: session-level lines in this order; `a=` lines last; then media sections.
constexpr std::string_view kSessionOrder = "vosiuepcbtrzka";
constexpr std::string_view kSessionSingletons = "vosiuczk";
constexpr std::string_view kMediaOrder = "micbka";
constexpr std::string_view kMediaSingletons = "mick";
constexpr std::string_view kIp4 = "IP4";

struct SdpLine {
  char type = 0;
  std::string_view value;
  std::size_t number = 0;
};

Unexpected<SdpError> fail(std::size_t line, std::string reason) {
  return Unexpected{SdpError{line, std::move(reason)}};
}

std::string type_name(char type) { return std::string{type} + "="; }

bool is_among(char type, std::string_view types) { return types.find(type) != std::string_view::npos; }

// Splits the text into typed lines; CRLF or LF; blank lines are skipped.
Expected<std::vector<SdpLine>, SdpError> split_lines(std::string_view text) {
  std::vector<SdpLine> lines;
  std::size_t number = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z') {
      return fail(number, "malformed line: expected <type>=<value>");
    }
    if (!is_among(line[0], kSessionOrder) && line[0] != 'm') {
      return fail(number, "unknown line type '" + type_name(line[0]) + "'");
    }
    lines.push_back(SdpLine{line[0], line.substr(2), number});
  }
  return lines;
}

// `a=<name>[:<value>]`
struct SdpAttributeText {
  std::string_view name;
  std::string_view value;
};

SdpAttributeText split_attribute(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return {text, {}};
  return {text.substr(0, colon), text.substr(colon + 1)};
}

bool is_nmos_extension(std::string_view name) { return name.starts_with("x-nmos"); }

Expected<Ipv4Address, std::string> parse_ip4(const std::string& field, std::string_view network,
                                             std::string_view address_type, std::string_view address) {
  if (network != "IN") return refuse(field + " network type must be IN");
  if (address_type != kIp4) return refuse(field + " only IP4 addresses are supported");
  const auto parsed = Ipv4Address::parse(address);
  if (!parsed) return refuse(field + " '" + std::string{address} + "' is not an IPv4 address");
  return *parsed;
}

Expected<SdpOrigin, std::string> parse_origin(std::string_view value) {
  const auto words = sdp_text::split_words(value);
  if (words.size() != 6) return refuse("o=: expected <username> <sess-id> <sess-version> IN IP4 <address>");
  SdpOrigin origin;
  origin.username = std::string{words[0]};
  const auto id = sdp_text::parse_unsigned<std::uint64_t>(words[1]);
  const auto version = sdp_text::parse_unsigned<std::uint64_t>(words[2]);
  if (!id) return refuse("o=: session id must be a non-negative integer");
  if (!version) return refuse("o=: session version must be a non-negative integer");
  origin.session_id = *id;
  origin.session_version = *version;
  auto address = parse_ip4("o=:", words[3], words[4], words[5]);
  if (!address) return Unexpected{address.error()};
  origin.address = address.value();
  return origin;
}

// `IN IP4 <address>[/<ttl>]`; a third part (a range of addresses) is not something a flow uses.
Expected<SdpConnection, std::string> parse_connection(std::string_view value) {
  const auto words = sdp_text::split_words(value);
  if (words.size() != 3) return refuse("c=: expected IN IP4 <address>[/<ttl>]");
  const std::string_view full = words[2];
  const auto slash = full.find('/');
  auto address = parse_ip4("c=:", words[0], words[1], full.substr(0, slash));
  if (!address) return Unexpected{address.error()};
  SdpConnection connection{address.value(), std::nullopt};
  if (slash == std::string_view::npos) return connection;
  if (!connection.address.is_multicast()) return refuse("c=: a TTL is for multicast addresses only");
  const std::string_view suffix = full.substr(slash + 1);
  if (suffix.find('/') != std::string_view::npos) return refuse("c=: address ranges are not supported");
  const auto ttl = sdp_text::parse_unsigned<std::uint8_t>(suffix);
  if (!ttl) return refuse("c=: TTL must be an integer from 0 to 255");
  connection.ttl = *ttl;
  return connection;
}

Expected<SdpTiming, std::string> parse_timing(std::string_view value) {
  const auto words = sdp_text::split_words(value);
  const auto start = words.size() == 2 ? sdp_text::parse_unsigned<std::uint64_t>(words[0]) : std::nullopt;
  const auto stop = words.size() == 2 ? sdp_text::parse_unsigned<std::uint64_t>(words[1]) : std::nullopt;
  if (!start || !stop) return refuse("t=: expected <start> <stop> as integers");
  return SdpTiming{*start, *stop};
}

// A source filter as written; a destination of "*" applies to whatever address the media uses.
struct SourceFilterText {
  std::optional<Ipv4Address> destination;  // absent for "*"
  Ipv4Address source;
};

Expected<SourceFilterText, std::string> parse_source_filter(std::string_view value) {
  const auto words = sdp_text::split_words(value);
  if (words.size() < 5) {
    return refuse("source-filter: expected incl IN IP4 <destination> <source>");
  }
  if (words[0] != "incl") return refuse("source-filter: only incl filters are supported");
  if (words.size() > 5) return refuse("source-filter: only one source address is supported");
  SourceFilterText filter;
  if (words[3] != "*") {
    auto destination = parse_ip4("source-filter:", words[1], words[2], words[3]);
    if (!destination) return Unexpected{destination.error()};
    filter.destination = destination.value();
  }
  auto source = parse_ip4("source-filter:", words[1], words[2], words[4]);
  if (!source) return Unexpected{source.error()};
  filter.source = source.value();
  return filter;
}

// Attributes that may sit at session level and apply to every media section that does not override them.
struct SharedAttributes {
  std::optional<SdpConnection> connection;
  std::optional<SourceFilterText> source_filter;
  std::vector<ReferenceClock> reference_clocks;
  std::optional<MediaClock> media_clock;
};

// Handles the attributes that mean the same at session and media level; false when `name` is not one.
Expected<bool, std::string> read_shared_attribute(const SdpAttributeText& attribute, SharedAttributes& into) {
  if (attribute.name == "ts-refclk") {
    auto clock = parse_reference_clock(attribute.value);
    if (!clock) return Unexpected{clock.error()};
    into.reference_clocks.push_back(clock.value());
    return true;
  }
  if (attribute.name == "mediaclk") {
    if (into.media_clock) return refuse("mediaclk: appears twice");
    auto clock = parse_media_clock(attribute.value);
    if (!clock) return Unexpected{clock.error()};
    into.media_clock = clock.value();
    return true;
  }
  if (attribute.name == "source-filter") {
    if (into.source_filter) return refuse("source-filter: only one per level is supported");
    auto filter = parse_source_filter(attribute.value);
    if (!filter) return Unexpected{filter.error()};
    into.source_filter = filter.value();
    return true;
  }
  return false;
}

// A DUP group and the line that declared it, checked once every media section is known.
struct DupGroupAt {
  DupGroup group;
  std::size_t line = 0;
};

// One media section as read, before it becomes a leg.
struct MediaSection {
  std::size_t line = 0;
  std::string_view media;
  std::uint16_t port = 0;
  std::uint8_t payload_type = 0;
  SharedAttributes attributes;
  SdpFormatLines format;
  std::string mid;
  std::string info;
  std::vector<SdpAttribute> extensions;
};

// `m=<media> <port> RTP/AVP <payload type>`
Expected<MediaSection, std::string> parse_media_line(std::string_view value) {
  const auto words = sdp_text::split_words(value);
  if (words.size() < 4) return refuse("m=: expected <media> <port> RTP/AVP <payload type>");
  MediaSection section;
  section.media = words[0];
  if (section.media != "video" && section.media != "audio") {
    return refuse("m=: unsupported media '" + std::string{section.media} + "' (video or audio)");
  }
  if (words[1].find('/') != std::string_view::npos) return refuse("m=: port counts are not supported");
  const auto port = sdp_text::parse_unsigned<std::uint16_t>(words[1]);
  if (!port || *port == 0) return refuse("m=: port must be an integer from 1 to 65535");
  section.port = *port;
  if (words[2] != "RTP/AVP") return refuse("m=: transport must be RTP/AVP, got '" + std::string{words[2]} + "'");
  if (words.size() > 4) return refuse("m=: ST 2110 media carry exactly one payload type");
  const auto payload_type = sdp_text::parse_unsigned<std::uint8_t>(words[3]);
  if (!payload_type || *payload_type > 127) return refuse("m=: payload type must be an integer from 0 to 127");
  section.payload_type = *payload_type;
  return section;
}

// "<pt> <rest>" of rtpmap and fmtp; nullopt when the payload type is not a number.
std::optional<std::pair<std::uint8_t, std::string_view>> split_payload_type(std::string_view value) {
  const auto space = value.find(' ');
  const auto payload_type = sdp_text::parse_unsigned<std::uint8_t>(value.substr(0, space));
  if (!payload_type) return std::nullopt;
  const std::string_view rest = space == std::string_view::npos ? std::string_view{} : value.substr(space + 1);
  return std::pair{*payload_type, sdp_text::trim(rest)};
}

class SdpReader {
 public:
  Expected<SessionDescription, SdpError> read(const std::vector<SdpLine>& lines) {
    for (const SdpLine& line : lines) {
      auto handled = line.type == 'm' || in_media_ ? read_media_line(line) : read_session_line(line);
      if (!handled) return Unexpected{handled.error()};
    }
    if (lines.empty()) return fail(0, "empty SDP");
    const std::size_t last_line = lines.back().number;
    if (auto missing = check_mandatory(last_line, 't')) return Unexpected{*missing};
    if (auto finished = finish_media(); !finished) return Unexpected{finished.error()};
    if (session_.legs.empty()) return fail(last_line, "no media (m=) sections");
    if (auto groups = check_dup_groups(); !groups) return Unexpected{groups.error()};
    return session_;
  }

 private:
  using Step = Expected<bool, SdpError>;

  // v=, o= and s= must all have been seen before any line of a later kind.
  std::optional<SdpError> check_mandatory(std::size_t line, char type) const {
    const auto rank = kSessionOrder.find(type);
    if (rank > 0 && !is_among('v', session_seen_)) return SdpError{line, "missing v= (an SDP starts with v=0)"};
    if (rank > 1 && !is_among('o', session_seen_)) return SdpError{line, "missing o= (it follows v=)"};
    if (rank > 2 && !is_among('s', session_seen_)) return SdpError{line, "missing s= (it follows o=)"};
    return std::nullopt;
  }

  Step read_session_line(const SdpLine& line) {
    const auto rank = kSessionOrder.find(line.type);
    if (auto missing = check_mandatory(line.number, line.type)) return Unexpected{*missing};
    const bool t_after_r = line.type == 't' && last_type_ == 'r';
    if (last_type_ != 0 && rank < kSessionOrder.find(last_type_) && !t_after_r) {
      return fail(line.number, "order: " + type_name(line.type) + " may not follow " + type_name(last_type_));
    }
    if (is_among(line.type, session_seen_) && is_among(line.type, kSessionSingletons)) {
      return fail(line.number, "duplicate " + type_name(line.type));
    }
    session_seen_.push_back(line.type);
    last_type_ = line.type;
    return read_session_value(line);
  }

  Step read_session_value(const SdpLine& line) {
    const auto at_line = [&line](const std::string& reason) { return fail(line.number, reason); };
    switch (line.type) {
      case 'v':
        if (line.value != "0") return at_line("v=: version must be 0");
        return true;
      case 'o': {
        auto origin = parse_origin(line.value);
        if (!origin) return at_line(origin.error());
        session_.origin = origin.value();
        return true;
      }
      case 's':
        session_.session_name = std::string{sdp_text::trim(line.value)};
        return true;
      case 'i':
        session_.info = std::string{sdp_text::trim(line.value)};
        return true;
      case 'c': {
        auto connection = parse_connection(line.value);
        if (!connection) return at_line(connection.error());
        session_attributes_.connection = connection.value();
        return true;
      }
      case 't': {
        if (timing_seen_) return true;  // further t= lines repeat the session; the first says when it starts
        auto timing = parse_timing(line.value);
        if (!timing) return at_line(timing.error());
        session_.timing = timing.value();
        timing_seen_ = true;
        return true;
      }
      case 'a':
        return read_session_attribute(line);
      default:
        return true;  // u=, e=, p=, b=, r=, z=, k= say nothing about the flow
    }
  }

  Step read_session_attribute(const SdpLine& line) {
    const SdpAttributeText attribute = split_attribute(line.value);
    auto shared = read_shared_attribute(attribute, session_attributes_);
    if (!shared) return fail(line.number, shared.error());
    if (shared.value()) return true;
    if (attribute.name == "group") {
      const auto words = sdp_text::split_words(attribute.value);
      if (words.empty() || words.front() != "DUP") return true;  // other groupings (LS, FID) are not ours
      if (words.size() < 3) return fail(line.number, "group:DUP: needs at least two mids");
      DupGroupAt group{{}, line.number};
      for (std::size_t i = 1; i < words.size(); ++i) {
        if (std::find(words.begin() + 1, words.begin() + static_cast<std::ptrdiff_t>(i), words[i]) !=
            words.begin() + static_cast<std::ptrdiff_t>(i)) {
          return fail(line.number, "group:DUP: names '" + std::string{words[i]} + "' twice");
        }
        group.group.mids.emplace_back(words[i]);
      }
      dup_groups_.push_back(std::move(group));
    } else if (is_nmos_extension(attribute.name)) {
      session_.extensions.push_back(SdpAttribute{std::string{attribute.name}, std::string{attribute.value}});
    }
    return true;
  }

  Step read_media_line(const SdpLine& line) {
    if (line.type == 'm') {
      if (auto missing = check_mandatory(line.number, line.type)) return Unexpected{*missing};
      if (auto finished = finish_media(); !finished) return finished;
      auto section = parse_media_line(line.value);
      if (!section) return fail(line.number, section.error());
      section_ = std::move(section.value());
      section_.line = line.number;
      section_.format.media = SdpLineText{section_.media, line.number};
      in_media_ = true;
      last_type_ = 'm';
      media_seen_ = "m";
      return true;
    }
    const auto rank = kMediaOrder.find(line.type);
    if (rank == std::string_view::npos) {
      return fail(line.number, "order: " + type_name(line.type) + " belongs before the first m=");
    }
    if (rank < kMediaOrder.find(last_type_)) {
      return fail(line.number, "order: " + type_name(line.type) + " may not follow " + type_name(last_type_));
    }
    if (is_among(line.type, media_seen_) && is_among(line.type, kMediaSingletons)) {
      return fail(line.number, "duplicate " + type_name(line.type) + " in a media section");
    }
    media_seen_.push_back(line.type);
    last_type_ = line.type;
    switch (line.type) {
      case 'i':
        section_.info = std::string{sdp_text::trim(line.value)};
        return true;
      case 'c': {
        auto connection = parse_connection(line.value);
        if (!connection) return fail(line.number, connection.error());
        section_.attributes.connection = connection.value();
        return true;
      }
      case 'a':
        return read_media_attribute(line);
      default:
        return true;  // b=, k=
    }
  }

  Step read_media_attribute(const SdpLine& line) {
    const SdpAttributeText attribute = split_attribute(line.value);
    auto shared = read_shared_attribute(attribute, section_.attributes);
    if (!shared) return fail(line.number, shared.error());
    if (shared.value()) return true;
    const SdpLineText value{attribute.value, line.number};
    if (attribute.name == "rtpmap" || attribute.name == "fmtp") {
      const auto split = split_payload_type(attribute.value);
      if (!split) return fail(line.number, std::string{attribute.name} + ": expected <payload type> <value>");
      if (split->first != section_.payload_type) return true;  // describes a payload type this media does not use
      std::optional<SdpLineText>& slot = attribute.name == "rtpmap" ? section_.format.rtpmap : section_.format.fmtp;
      if (slot) return fail(line.number, std::string{attribute.name} + ": appears twice for one payload type");
      slot = SdpLineText{split->second, line.number};
    } else if (attribute.name == "ptime") {
      if (section_.format.ptime) return fail(line.number, "ptime: appears twice");
      section_.format.ptime = value;
    } else if (attribute.name == "mid") {
      if (!section_.mid.empty()) return fail(line.number, "mid: appears twice");
      section_.mid = std::string{sdp_text::trim(attribute.value)};
      if (section_.mid.empty()) return fail(line.number, "mid: empty identifier");
    } else if (is_nmos_extension(attribute.name)) {
      section_.extensions.push_back(SdpAttribute{std::string{attribute.name}, std::string{attribute.value}});
    }
    return true;  // framerate, recvonly, and every attribute we do not know
  }

  // Turns the media section read so far (if any) into a leg, with session-level attributes as defaults.
  Step finish_media() {
    if (!in_media_) return true;
    in_media_ = false;
    auto format = media_format_from_sdp(section_.format);
    if (!format) return Unexpected{format.error()};
    const auto& own = section_.attributes;
    const auto& shared = session_attributes_;
    SdpMediaLeg leg;
    leg.format = std::move(format.value());
    leg.port = section_.port;
    leg.payload_type = section_.payload_type;
    const auto connection = own.connection ? own.connection : shared.connection;
    if (!connection) return fail(section_.line, "c=: missing both at session level and in this media section");
    leg.connection = *connection;
    if (own.source_filter) {
      leg.source_filter = SourceFilter{own.source_filter->destination.value_or(leg.connection.address),
                                       own.source_filter->source};
    } else if (shared.source_filter &&
               shared.source_filter->destination.value_or(leg.connection.address) == leg.connection.address) {
      leg.source_filter = SourceFilter{leg.connection.address, shared.source_filter->source};
    }
    leg.reference_clocks = own.reference_clocks.empty() ? shared.reference_clocks : own.reference_clocks;
    leg.media_clock = own.media_clock ? own.media_clock : shared.media_clock;
    if (!section_.mid.empty()) {
      const bool taken = std::any_of(session_.legs.begin(), session_.legs.end(),
                                     [this](const SdpMediaLeg& other) { return other.mid == section_.mid; });
      if (taken) return fail(section_.line, "mid: '" + section_.mid + "' names two media sections");
    }
    leg.mid = std::move(section_.mid);
    leg.info = std::move(section_.info);
    leg.extensions = std::move(section_.extensions);
    session_.legs.push_back(std::move(leg));
    return true;
  }

  // Every DUP group names legs that exist, and its legs carry one format (they are the same packets).
  Step check_dup_groups() {
    for (const DupGroupAt& group : dup_groups_) {
      const SdpMediaLeg* first = nullptr;
      for (const std::string& mid : group.group.mids) {
        const auto leg = std::find_if(session_.legs.begin(), session_.legs.end(),
                                      [&mid](const SdpMediaLeg& candidate) { return candidate.mid == mid; });
        if (leg == session_.legs.end()) return fail(group.line, "group:DUP: no media section has mid '" + mid + "'");
        if (first == nullptr) {
          first = &*leg;
        } else if (first->format != leg->format) {
          return fail(group.line, "group:DUP: '" + first->mid + "' and '" + mid + "' carry different formats");
        }
      }
      session_.dup_groups.push_back(group.group);
    }
    return true;
  }

  SessionDescription session_;
  SharedAttributes session_attributes_;
  std::vector<DupGroupAt> dup_groups_;
  MediaSection section_;
  bool in_media_ = false;
  bool timing_seen_ = false;
  std::string session_seen_;  // line types seen before the first m=
  std::string media_seen_;    // line types seen in the current media section
  char last_type_ = 0;
};

}  // namespace

Expected<SessionDescription, SdpError> parse_sdp(std::string_view text) {
  auto lines = split_lines(text);
  if (!lines) return Unexpected{lines.error()};
  return SdpReader{}.read(lines.value());
}

}  // namespace crosspoint::st2110
