// A route pattern such as "/x-nmos/node/v1.3/senders/{senderId}": literal segments and named parameters.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nmos/http/http_types.hpp"

namespace crosspoint::nmos::http {

class PathPattern {
 public:
  struct Segment {
    std::string text;  // the literal, or the parameter name without braces
    bool is_parameter = false;
  };

  explicit PathPattern(std::string_view pattern);

  // The parameters when every segment matches (same count, equal literals).
  [[nodiscard]] std::optional<PathParams> match(const std::vector<std::string>& path) const;

  // The literal segment that follows `path` when `path` is a proper prefix of this pattern; for listings.
  [[nodiscard]] std::optional<std::string_view> literal_after(const std::vector<std::string>& path) const;

  [[nodiscard]] const std::vector<Segment>& segments() const { return segments_; }
  [[nodiscard]] const std::string& text() const { return text_; }

 private:
  [[nodiscard]] bool prefix_matches(const std::vector<std::string>& path) const;

  std::string text_;
  std::vector<Segment> segments_;
};

}  // namespace crosspoint::nmos::http
