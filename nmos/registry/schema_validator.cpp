#include "nmos/registry/schema_validator.hpp"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <boost/asio/ip/address.hpp>

namespace crosspoint::nmos::registry {

namespace {

// Schemas nest a few levels; anything deeper is a reference loop.
constexpr int kMaxDepth = 64;
// libstdc++'s regex recurses per character; no NMOS value that has a pattern is anywhere near this long.
constexpr std::size_t kMaxPatternSubject = 4096;

std::optional<SchemaViolation> violation(const std::string& path, std::string reason) {
  return SchemaViolation{path, std::move(reason)};
}

std::string member_path(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

std::string json_type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::boolean: return "boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "integer";
    case nlohmann::json::value_t::number_float: return "number";
    case nlohmann::json::value_t::string: return "string";
    case nlohmann::json::value_t::array: return "array";
    case nlohmann::json::value_t::object: return "object";
    default: return "unknown";
  }
}

bool has_type(const nlohmann::json& value, const std::string& type) {
  if (type == "number") return value.is_number();
  if (type == "integer") return value.is_number_integer();
  return json_type_name(value) == type;
}

// JSON Schema equality: numbers compare by value whatever their representation.
bool json_equal(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!json_equal(a[i], b[i])) return false;
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (const auto& [key, value] : a.items()) {
      const auto other = b.find(key);
      if (other == b.end() || !json_equal(value, *other)) return false;
    }
    return true;
  }
  return a == b;
}

std::size_t utf8_length(const std::string& text) {
  std::size_t count = 0;
  for (const unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++count;
  return count;
}

bool is_hostname(const std::string& text) {
  if (text.empty() || text.size() > 253) return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.') {
      if (label == 0 || text[i - 1] == '-') return false;
      label = 0;
      continue;
    }
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && !(c == '-' && label > 0)) return false;
    if (++label > 63) return false;
  }
  return text.back() != '-';
}

bool is_uri(const std::string& text) {
  // An absolute URI: a scheme (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )) then ':' and no spaces.
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = text[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!(alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))) return false;
  }
  return text.find_first_of(" \t\r\n\"<>") == std::string::npos;
}

bool matches_format(const std::string& text, const std::string& format) {
  boost::system::error_code ec;
  if (format == "ipv4") {
    boost::asio::ip::make_address_v4(text, ec);
    return !ec;
  }
  if (format == "ipv6") {
    boost::asio::ip::make_address_v6(text, ec);
    return !ec;
  }
  if (format == "hostname") return is_hostname(text);
  if (format == "uri") return is_uri(text);
  return true;  // formats draft-04 leaves optional
}

void collect_patterns(const nlohmann::json& schema, std::set<std::string>& patterns) {
  if (schema.is_object()) {
    for (const auto& [key, value] : schema.items()) {
      if (key == "pattern" && value.is_string()) patterns.insert(value.get<std::string>());
      if (key == "patternProperties" && value.is_object())
        for (const auto& [pattern, sub] : value.items()) patterns.insert(pattern);
      collect_patterns(value, patterns);
    }
  } else if (schema.is_array()) {
    for (const auto& value : schema) collect_patterns(value, patterns);
  }
}

}  // namespace

Expected<SchemaValidator, std::string> SchemaValidator::from_texts(const std::map<std::string, std::string>& schemas) {
  SchemaValidator validator;
  std::set<std::string> patterns;
  for (const auto& [name, text] : schemas) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded()) return Unexpected{"schema " + name + " is not valid JSON"};
    collect_patterns(parsed, patterns);
    validator.schemas_.emplace(name, std::move(parsed));
  }
  auto compiled = std::make_shared<std::map<std::string, std::regex>>();
  for (const auto& pattern : patterns) {
    try {
      compiled->emplace(pattern, std::regex(pattern, std::regex::ECMAScript));
    } catch (const std::regex_error& error) {
      return Unexpected{"schema pattern " + pattern + " does not compile: " + error.what()};
    }
  }
  validator.patterns_ = std::move(compiled);
  return validator;
}

Expected<SchemaValidator, std::string> SchemaValidator::from_directory(const std::filesystem::path& directory) {
  std::map<std::string, std::string> texts;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream file(entry.path());
    std::stringstream text;
    text << file.rdbuf();
    texts.emplace(entry.path().filename().string(), text.str());
  }
  if (ec) return Unexpected{"cannot read schema directory " + directory.string() + ": " + ec.message()};
  if (texts.empty()) return Unexpected{"no *.json schemas in " + directory.string()};
  return from_texts(texts);
}

const std::regex& SchemaValidator::regex_for(const std::string& pattern) const { return patterns_->at(pattern); }

std::optional<SchemaViolation> SchemaValidator::validate(const nlohmann::json& document, std::string_view schema_name,
                                                         std::string_view document_path) const {
  const auto schema = schemas_.find(schema_name);
  if (schema == schemas_.end()) return violation(std::string(document_path), "no schema " + std::string(schema_name));
  return check(document, schema->second, schema->first, std::string(document_path), 0);
}

std::optional<SchemaViolation> SchemaValidator::check(const nlohmann::json& document, const nlohmann::json& schema,
                                                      const std::string& file, const std::string& path,
                                                      int depth) const {
  if (depth > kMaxDepth) return violation(path, "schema nesting too deep");
  if (!schema.is_object()) return std::nullopt;

  if (const auto ref = schema.find("$ref"); ref != schema.end() && ref->is_string()) {
    const std::string target = ref->get<std::string>();
    const auto hash = target.find('#');
    const std::string target_file = hash == 0 ? file : target.substr(0, hash);
    const auto found = schemas_.find(target_file);
    if (found == schemas_.end()) return violation(path, "schema reference " + target + " is unknown");
    const nlohmann::json* resolved = &found->second;
    if (hash != std::string::npos && hash + 1 < target.size()) {
      const nlohmann::json::json_pointer pointer(target.substr(hash + 1));
      if (!resolved->contains(pointer)) return violation(path, "schema reference " + target + " is unknown");
      resolved = &resolved->at(pointer);
    }
    return check(document, *resolved, target_file, path, depth + 1);  // draft-04: $ref replaces its siblings
  }

  if (const auto type = schema.find("type"); type != schema.end()) {
    bool ok = false;
    std::string expected;
    for (const auto& candidate : type->is_array() ? *type : nlohmann::json::array({*type})) {
      const auto name = candidate.get<std::string>();
      ok = ok || has_type(document, name);
      expected += (expected.empty() ? "" : " or ") + name;
    }
    if (!ok) return violation(path, "must be " + expected + ", not " + json_type_name(document));
  }
  if (const auto choices = schema.find("enum"); choices != schema.end()) {
    bool ok = false;
    for (const auto& choice : *choices) ok = ok || json_equal(document, choice);
    if (!ok) return violation(path, "must be one of " + choices->dump());
  }
  if (auto broken = check_combinators(document, schema, file, path, depth)) return broken;
  if (document.is_object()) return check_object(document, schema, file, path, depth);
  if (document.is_array()) return check_array(document, schema, file, path, depth);
  if (document.is_string()) return check_string(document.get_ref<const std::string&>(), schema, path);
  if (document.is_number()) {
    const double value = document.get<double>();
    if (const auto minimum = schema.find("minimum"); minimum != schema.end()) {
      const bool exclusive = schema.value("exclusiveMinimum", false);
      if (exclusive ? value <= minimum->get<double>() : value < minimum->get<double>())
        return violation(path, "must be at least " + minimum->dump() + (exclusive ? " (exclusive)" : ""));
    }
    if (const auto maximum = schema.find("maximum"); maximum != schema.end()) {
      const bool exclusive = schema.value("exclusiveMaximum", false);
      if (exclusive ? value >= maximum->get<double>() : value > maximum->get<double>())
        return violation(path, "must be at most " + maximum->dump() + (exclusive ? " (exclusive)" : ""));
    }
    if (const auto step = schema.find("multipleOf"); step != schema.end()) {
      const double ratio = value / step->get<double>();
      if (std::abs(ratio - std::round(ratio)) > 1e-9) return violation(path, "must be a multiple of " + step->dump());
    }
  }
  return std::nullopt;
}

std::optional<SchemaViolation> SchemaValidator::check_combinators(const nlohmann::json& document,
                                                                  const nlohmann::json& schema,
                                                                  const std::string& file, const std::string& path,
                                                                  int depth) const {
  if (const auto all = schema.find("allOf"); all != schema.end()) {
    for (const auto& sub : *all)
      if (auto broken = check(document, sub, file, path, depth + 1)) return broken;
  }
  // For anyOf/oneOf the most telling failure is the one that got deepest into the document.
  const auto best_of = [](std::optional<SchemaViolation>& best, std::optional<SchemaViolation> candidate) {
    if (candidate && (!best || candidate->path.size() > best->path.size())) best = std::move(candidate);
  };
  if (const auto any = schema.find("anyOf"); any != schema.end()) {
    std::optional<SchemaViolation> best;
    bool matched = false;
    for (const auto& sub : *any) {
      auto broken = check(document, sub, file, path, depth + 1);
      if (!broken) {
        matched = true;
        break;
      }
      best_of(best, std::move(broken));
    }
    if (!matched) return violation(best->path, best->reason + " (no alternative of anyOf matches)");
  }
  if (const auto one = schema.find("oneOf"); one != schema.end()) {
    std::optional<SchemaViolation> best;
    int matches = 0;
    for (const auto& sub : *one) {
      auto broken = check(document, sub, file, path, depth + 1);
      if (!broken) ++matches;
      else best_of(best, std::move(broken));
    }
    if (matches == 0) return violation(best->path, best->reason + " (no alternative of oneOf matches)");
    if (matches > 1) return violation(path, "matches more than one alternative of oneOf");
  }
  if (const auto negated = schema.find("not"); negated != schema.end()) {
    if (!check(document, *negated, file, path, depth + 1)) return violation(path, "matches a schema it must not");
  }
  return std::nullopt;
}

std::optional<SchemaViolation> SchemaValidator::check_object(const nlohmann::json& document,
                                                             const nlohmann::json& schema, const std::string& file,
                                                             const std::string& path, int depth) const {
  if (const auto required = schema.find("required"); required != schema.end()) {
    for (const auto& key : *required) {
      if (!document.contains(key.get<std::string>()))
        return violation(member_path(path, key.get<std::string>()), "is required");
    }
  }
  const auto properties = schema.find("properties");
  const auto pattern_properties = schema.find("patternProperties");
  const auto additional = schema.find("additionalProperties");
  for (const auto& [key, value] : document.items()) {
    bool described = false;
    if (properties != schema.end()) {
      if (const auto property = properties->find(key); property != properties->end()) {
        described = true;
        if (auto broken = check(value, *property, file, member_path(path, key), depth + 1)) return broken;
      }
    }
    if (pattern_properties != schema.end()) {
      for (const auto& [pattern, sub] : pattern_properties->items()) {
        if (key.size() > kMaxPatternSubject || !std::regex_search(key, regex_for(pattern))) continue;
        described = true;
        if (auto broken = check(value, sub, file, member_path(path, key), depth + 1)) return broken;
      }
    }
    if (described || additional == schema.end()) continue;
    if (additional->is_boolean() && !additional->get<bool>()) return violation(member_path(path, key), "is not allowed");
    if (additional->is_object()) {
      if (auto broken = check(value, *additional, file, member_path(path, key), depth + 1)) return broken;
    }
  }
  return std::nullopt;
}

std::optional<SchemaViolation> SchemaValidator::check_array(const nlohmann::json& document,
                                                            const nlohmann::json& schema, const std::string& file,
                                                            const std::string& path, int depth) const {
  if (const auto minimum = schema.find("minItems"); minimum != schema.end() && document.size() < minimum->get<std::size_t>())
    return violation(path, "must have at least " + minimum->dump() + " items");
  if (const auto maximum = schema.find("maxItems"); maximum != schema.end() && document.size() > maximum->get<std::size_t>())
    return violation(path, "must have at most " + maximum->dump() + " items");
  if (schema.value("uniqueItems", false)) {
    for (std::size_t i = 0; i < document.size(); ++i)
      for (std::size_t j = i + 1; j < document.size(); ++j)
        if (json_equal(document[i], document[j]))
          return violation(path + "[" + std::to_string(j) + "]", "repeats item " + std::to_string(i));
  }
  if (const auto items = schema.find("items"); items != schema.end()) {
    for (std::size_t i = 0; i < document.size(); ++i) {
      const nlohmann::json* item_schema = &*items;
      if (items->is_array()) {
        if (i >= items->size()) break;
        item_schema = &(*items)[i];
      }
      if (auto broken = check(document[i], *item_schema, file, path + "[" + std::to_string(i) + "]", depth + 1))
        return broken;
    }
  }
  return std::nullopt;
}

std::optional<SchemaViolation> SchemaValidator::check_string(const std::string& text, const nlohmann::json& schema,
                                                             const std::string& path) const {
  if (const auto minimum = schema.find("minLength"); minimum != schema.end() && utf8_length(text) < minimum->get<std::size_t>())
    return violation(path, "must be at least " + minimum->dump() + " characters long");
  if (const auto maximum = schema.find("maxLength"); maximum != schema.end() && utf8_length(text) > maximum->get<std::size_t>())
    return violation(path, "must be at most " + maximum->dump() + " characters long");
  if (const auto pattern = schema.find("pattern"); pattern != schema.end()) {
    const auto& expression = pattern->get_ref<const std::string&>();
    if (text.size() > kMaxPatternSubject || !std::regex_search(text, regex_for(expression)))
      return violation(path, "must match " + expression);
  }
  if (const auto format = schema.find("format"); format != schema.end() && format->is_string()) {
    if (!matches_format(text, format->get<std::string>())) return violation(path, "must be a " + format->get<std::string>());
  }
  return std::nullopt;
}

}  // namespace crosspoint::nmos::registry
