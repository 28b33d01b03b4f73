#include "natural_groups.hpp"

#include <vector>

namespace crosspoint::app {
namespace {

std::string media_role(st2110::MediaType media) {
  switch (media) {
    case st2110::MediaType::kVideo: return "Video";
    case st2110::MediaType::kAudio: return "Audio";
    case st2110::MediaType::kAncillary: return "Data";
  }
  return "Data";
}

std::vector<std::string> split_on_colons(const std::string& text) {
  std::vector<std::string> parts(1);
  for (const char c : text) {
    if (c == ':') {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

// All inputs and outputs live on the node's one device, so device scope is one namespace.
std::string slot(const nmos::GroupHint& hint) {
  return std::string(hint.node_scope ? "node" : "device") + "/" + hint.group + "/" + hint.role;
}

}  // namespace

nmos::GroupHint NaturalGroups::claim_configured(const ConfigNode& node, st2110::MediaType media) {
  const std::string text = node.string("group_hint");
  const auto parts = split_on_colons(text);
  if (parts.size() > 3) node.fail("group_hint", "\"" + text + "\" is not <group>[:<role>[:<scope>]]");
  nmos::GroupHint hint{parts[0], parts.size() > 1 ? parts[1] : media_role(media), false};
  if (hint.group.empty()) node.fail("group_hint", "\"" + text + "\" has an empty group name");
  if (hint.role.empty()) node.fail("group_hint", "\"" + text + "\" has an empty role");
  if (parts.size() == 3) {
    if (parts[2] != "device" && parts[2] != "node")
      node.fail("group_hint", "scope \"" + parts[2] + "\" is not one of device, node");
    hint.node_scope = parts[2] == "node";
  }
  const std::string path = node.path() + ".group_hint";
  const auto [held, inserted] = holders_.emplace(slot(hint), path);
  if (!inserted)
    node.fail("group_hint",
              "role \"" + hint.role + "\" of group \"" + hint.group + "\" is already taken by " + held->second);
  return hint;
}

nmos::GroupHint NaturalGroups::claim_default(const std::string& label, st2110::MediaType media) {
  nmos::GroupHint hint{label, media_role(media), false};
  for (char& c : hint.group) c = c == ':' ? '-' : c;  // ':' separates the tag's parts
  for (unsigned n = 2; holders_.contains(slot(hint)); ++n) hint.role = media_role(media) + " " + std::to_string(n);
  holders_.emplace(slot(hint), "a default");
  return hint;
}

}  // namespace crosspoint::app
