#include "nmos/registry/store/registration_rules.hpp"

#include "nmos/registry/nmos_id.hpp"
#include "nmos/registry/parent_reference.hpp"

namespace crosspoint::nmos::registry {

namespace {

RegistryError refusal(std::string message) { return RegistryError{400, std::move(message), std::nullopt}; }

}  // namespace

Expected<std::shared_ptr<RegisteredResource>, RegistryError> prepare_registration(ResourceType type,
                                                                                  nlohmann::json data,
                                                                                  ApiVersion api_version) {
  if (!data.is_object()) return Unexpected{refusal("the resource must be a JSON object")};
  const auto id_field = data.find("id");
  if (id_field == data.end() || !id_field->is_string() || !is_nmos_id(id_field->get_ref<const std::string&>())) {
    return Unexpected{refusal("id must be a lower-case UUID")};
  }
  const auto version_field = data.find("version");
  if (version_field == data.end() || !version_field->is_string()) {
    return Unexpected{refusal("version must be a string")};
  }
  if (!PtpTime::parse_nmos(version_field->get_ref<const std::string&>())) {
    return Unexpected{refusal("version must be <seconds>:<nanoseconds>")};
  }
  auto next = std::make_shared<RegisteredResource>();
  next->type = type;
  next->id = id_field->get<std::string>();
  next->api_version = api_version;
  next->data = std::move(data);
  next->serialized = next->data.dump();
  return next;
}

std::optional<RegistryError> check_update(const RegisteredResource& existing, const RegisteredResource& next) {
  if (existing.type != next.type) {
    return refusal(next.id + " is already registered as a " + std::string(singular_name(existing.type)));
  }
  if (existing.api_version != next.api_version) return registered_elsewhere(existing);
  for (const auto& reference : parent_references(next.type)) {
    if (!reference) continue;
    const auto before = existing.data.find(reference->key);
    const auto after = next.data.find(reference->key);
    const bool same = (before == existing.data.end()) == (after == next.data.end()) &&
                      (before == existing.data.end() || *before == *after);
    if (!same) return refusal(std::string(reference->key) + " of a registered resource cannot change");
  }
  const auto held = PtpTime::parse_nmos(existing.data.value("version", std::string{}));
  const auto version = PtpTime::parse_nmos(next.data.value("version", std::string{}));
  if (held && version && *version < *held) return refusal("version is earlier than the registered one");
  return std::nullopt;
}

std::optional<RegistryError> check_parents(ResourceType type, const nlohmann::json& data,
                                           const ResourceLookup& lookup) {
  const auto references = parent_references(type);
  for (std::size_t i = 0; i < references.size(); ++i) {
    const auto& reference = references[i];
    if (!reference) continue;
    const auto found = data.find(reference->key);
    if (found == data.end() || found->is_null()) {
      // Only the first reference is mandatory: v1.0 flows name their source but not their device.
      if (i == 0) return refusal(std::string(singular_name(type)) + " has no " + std::string(reference->key));
      continue;
    }
    if (!found->is_string()) return refusal(std::string(reference->key) + " must be a string");
    const auto& parent_id = found->get_ref<const std::string&>();
    const auto parent = lookup(parent_id);
    if (!parent) {
      return refusal(std::string(reference->key) + " " + parent_id + " names no registered " +
                     std::string(singular_name(reference->parent_type)));
    }
    if (parent->type != reference->parent_type) {
      return refusal(std::string(reference->key) + " " + parent_id + " names a " +
                     std::string(singular_name(parent->type)) + ", not a " +
                     std::string(singular_name(reference->parent_type)));
    }
  }
  return std::nullopt;
}

std::vector<std::string> parent_ids(const RegisteredResource& resource) {
  std::vector<std::string> ids;
  for (const auto& reference : parent_references(resource.type)) {
    if (!reference) continue;
    const auto found = resource.data.find(reference->key);
    if (found != resource.data.end() && found->is_string()) ids.push_back(found->get<std::string>());
  }
  return ids;
}

RegistryError not_registered(ResourceType type, const std::string& id) {
  return RegistryError{404, std::string(singular_name(type)) + " " + id + " is not registered", std::nullopt};
}

RegistryError registered_elsewhere(const RegisteredResource& existing) {
  return RegistryError{409,
                       std::string(singular_name(existing.type)) + " " + existing.id +
                           " is registered at API version " + existing.api_version.to_string(),
                       existing.api_version};
}

}  // namespace crosspoint::nmos::registry
