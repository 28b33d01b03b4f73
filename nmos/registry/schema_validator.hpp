// SchemaValidator: JSON Schema draft-04 validation of request bodies against the AMWA schema files: type, enum,
// required, properties, patternProperties, additionalProperties, items, min/maxItems, uniqueItems,
// min/maxLength, pattern, minimum/maximum (with draft-04 exclusive flags), multipleOf, format (ipv4, ipv6,
// hostname, uri), allOf, anyOf, oneOf, not, and $ref to other files of the set or to "#/..." within one.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "crosspoint/expected.hpp"

namespace crosspoint::nmos::registry {

// Where a document broke its schema: the offending field ("data.caps.media_types[0]") and why.
struct SchemaViolation {
  std::string path;
  std::string reason;
  [[nodiscard]] std::string to_string() const { return (path.empty() ? "the body" : path) + ": " + reason; }
};

class SchemaValidator {
 public:
  // Schemas by file name ("node.json") with their JSON text.
  static Expected<SchemaValidator, std::string> from_texts(const std::map<std::string, std::string>& schemas);
  // Every *.json file of a directory.
  static Expected<SchemaValidator, std::string> from_directory(const std::filesystem::path& directory);

  // nullopt when `document` is valid against the schema file `schema_name`.
  [[nodiscard]] std::optional<SchemaViolation> validate(const nlohmann::json& document, std::string_view schema_name,
                                                        std::string_view document_path = "") const;

  [[nodiscard]] bool has_schema(std::string_view name) const { return schemas_.count(std::string(name)) != 0; }

 private:
  std::optional<SchemaViolation> check(const nlohmann::json& document, const nlohmann::json& schema,
                                       const std::string& file, const std::string& path, int depth) const;
  std::optional<SchemaViolation> check_combinators(const nlohmann::json& document, const nlohmann::json& schema,
                                                   const std::string& file, const std::string& path, int depth) const;
  std::optional<SchemaViolation> check_object(const nlohmann::json& document, const nlohmann::json& schema,
                                              const std::string& file, const std::string& path, int depth) const;
  std::optional<SchemaViolation> check_array(const nlohmann::json& document, const nlohmann::json& schema,
                                             const std::string& file, const std::string& path, int depth) const;
  std::optional<SchemaViolation> check_string(const std::string& text, const nlohmann::json& schema,
                                              const std::string& path) const;
  const std::regex& regex_for(const std::string& pattern) const;

  std::map<std::string, nlohmann::json, std::less<>> schemas_;
  std::shared_ptr<const std::map<std::string, std::regex>> patterns_;  // compiled once, at load
};

}  // namespace crosspoint::nmos::registry
