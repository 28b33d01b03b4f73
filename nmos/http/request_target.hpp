// Splitting a request target ("/a/b%20c/?x=1&y") into a decoded path and query parameters.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nmos/http/http_types.hpp"

namespace crosspoint::nmos::http {

struct RequestTarget {
  std::string path;                   // decoded; "/" or without a trailing slash
  std::vector<std::string> segments;  // decoded path segments, empty for "/"
  bool had_trailing_slash = false;
  QueryParams query;
};

// Percent-decoding (and '+' as space when `plus_is_space`); nullopt for a broken escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// Percent-encoding of everything but RFC 3986 unreserved characters.
std::string percent_encode(std::string_view text);

// nullopt when the target is not an origin-form path or contains a broken escape.
std::optional<RequestTarget> parse_request_target(std::string_view target);

}  // namespace crosspoint::nmos::http
