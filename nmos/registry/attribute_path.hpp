// Attribute paths of the Query API: "subscription.sender_id", "services.type", "tags.studio". A "." steps into
// an object, arrays are searched element by element, and keys that themselves hold dots (tag URNs such as
// "urn:x-nmos:tag:grouphint/v1.0") are matched whole.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace crosspoint::nmos::registry {

// Every scalar (or object) the path reaches; an array at the end contributes its elements.
void collect_attribute_values(const nlohmann::json& document, std::string_view path,
                              std::vector<const nlohmann::json*>& values);

// Removes what the path names (inside every element of arrays on the way); returns whether anything went.
bool erase_attribute(nlohmann::json& document, std::string_view path);

}  // namespace crosspoint::nmos::registry
