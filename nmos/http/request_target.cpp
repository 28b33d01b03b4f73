#include "nmos/http/request_target.hpp"

namespace crosspoint::nmos::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                            u == '-' || u == '.' || u == '_' || u == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xF]);
    }
  }
  return out;
}

std::optional<RequestTarget> parse_request_target(std::string_view target) {
  if (target.empty() || target.front() != '/') return std::nullopt;
  RequestTarget result;
  const auto question = target.find('?');
  const std::string_view raw_path = target.substr(0, question);
  if (question != std::string_view::npos) {
    std::string_view rest = target.substr(question + 1);
    if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
    while (!rest.empty()) {
      const auto amp = rest.find('&');
      const std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
      if (pair.empty()) continue;
      const auto eq = pair.find('=');
      auto key = percent_decode(pair.substr(0, eq), true);
      auto value = eq == std::string_view::npos ? std::optional<std::string>{""} : percent_decode(pair.substr(eq + 1), true);
      if (!key || !value) return std::nullopt;
      result.query.emplace_back(std::move(*key), std::move(*value));
    }
  }
  std::string_view remaining = raw_path.substr(1);
  result.had_trailing_slash = remaining.size() > 0 && remaining.back() == '/';
  while (!remaining.empty()) {
    const auto slash = remaining.find('/');
    const std::string_view raw_segment = remaining.substr(0, slash);
    remaining = slash == std::string_view::npos ? std::string_view{} : remaining.substr(slash + 1);
    // Empty segments ("//") are collapsed, as most servers do.
    if (raw_segment.empty()) continue;
    auto segment = percent_decode(raw_segment, false);
    if (!segment) return std::nullopt;
    result.segments.push_back(std::move(*segment));
  }
  result.path = "/";
  for (std::size_t i = 0; i < result.segments.size(); ++i) {
    if (i > 0) result.path += '/';
    result.path += result.segments[i];
  }
  return result;
}

}  // namespace crosspoint::nmos::http
