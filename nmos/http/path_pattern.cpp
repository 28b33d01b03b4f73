#include "nmos/http/path_pattern.hpp"

namespace crosspoint::nmos::http {

PathPattern::PathPattern(std::string_view pattern) : text_(pattern) {
  while (!pattern.empty()) {
    const auto slash = pattern.find('/');
    const std::string_view segment = pattern.substr(0, slash);
    pattern = slash == std::string_view::npos ? std::string_view{} : pattern.substr(slash + 1);
    if (segment.empty()) continue;
    if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}')
      segments_.push_back({std::string(segment.substr(1, segment.size() - 2)), true});
    else
      segments_.push_back({std::string(segment), false});
  }
}

bool PathPattern::prefix_matches(const std::vector<std::string>& path) const {
  if (path.size() > segments_.size()) return false;
  for (std::size_t i = 0; i < path.size(); ++i)
    if (!segments_[i].is_parameter && segments_[i].text != path[i]) return false;
  return true;
}

std::optional<PathParams> PathPattern::match(const std::vector<std::string>& path) const {
  if (path.size() != segments_.size() || !prefix_matches(path)) return std::nullopt;
  PathParams params;
  for (std::size_t i = 0; i < path.size(); ++i)
    if (segments_[i].is_parameter) params.emplace(segments_[i].text, path[i]);
  return params;
}

std::optional<std::string_view> PathPattern::literal_after(const std::vector<std::string>& path) const {
  if (path.size() >= segments_.size() || !prefix_matches(path)) return std::nullopt;
  const Segment& next = segments_[path.size()];
  if (next.is_parameter) return std::nullopt;
  return std::string_view(next.text);
}

}  // namespace crosspoint::nmos::http
