#include "nmos/registry/resource_store.hpp"

#include "nmos/registry/nmos_id.hpp"
#include "nmos/registry/parent_reference.hpp"

namespace crosspoint::nmos::registry {

namespace {

Unexpected<RegistryError> refuse(int status, std::string message) {
  return Unexpected{RegistryError{status, std::move(message), std::nullopt}};
}

Unexpected<RegistryError> conflict(const RegisteredResource& existing) {
  return Unexpected{RegistryError{409,
                                  std::string(singular_name(existing.type)) + " " + existing.id +
                                      " is registered at API version " + existing.api_version.to_string(),
                                  existing.api_version}};
}

std::size_t slot(ResourceType type) { return static_cast<std::size_t>(type); }

}  // namespace

ResourceStore::ResourceStore(const ClockModel& clock, Nanoseconds garbage_collection_interval)
    : clock_(clock), garbage_collection_interval_(garbage_collection_interval) {}

PtpTime ResourceStore::next_stamp() {
  PtpTime stamp = clock_.now();
  if (stamp <= latest_stamp_) stamp = latest_stamp_.plus(1);
  latest_stamp_ = stamp;
  return stamp;
}

std::vector<std::string> ResourceStore::parent_ids(const RegisteredResource& resource) const {
  std::vector<std::string> ids;
  for (const auto& reference : parent_references(resource.type)) {
    if (!reference) continue;
    const auto found = resource.data.find(reference->key);
    if (found != resource.data.end() && found->is_string()) ids.push_back(found->get<std::string>());
  }
  return ids;
}

std::optional<RegistryError> ResourceStore::check_parents(ResourceType type, const nlohmann::json& data) const {
  const auto references = parent_references(type);
  for (std::size_t i = 0; i < references.size(); ++i) {
    const auto& reference = references[i];
    if (!reference) continue;
    const auto found = data.find(reference->key);
    if (found == data.end() || found->is_null()) {
      // Only the first reference is mandatory: v1.0 flows name their source but not their device.
      if (i == 0) return refuse(400, std::string(singular_name(type)) + " has no " + std::string(reference->key)).error;
      continue;
    }
    if (!found->is_string()) return refuse(400, std::string(reference->key) + " must be a string").error;
    const auto& parent_id = found->get_ref<const std::string&>();
    const auto parent = by_id_.find(parent_id);
    if (parent == by_id_.end()) {
      return refuse(400, std::string(reference->key) + " " + parent_id + " names no registered " +
                             std::string(singular_name(reference->parent_type))).error;
    }
    if (parent->second->type != reference->parent_type) {
      return refuse(400, std::string(reference->key) + " " + parent_id + " names a " +
                             std::string(singular_name(parent->second->type)) + ", not a " +
                             std::string(singular_name(reference->parent_type))).error;
    }
  }
  return std::nullopt;
}

Expected<UpsertOutcome, RegistryError> ResourceStore::upsert(ResourceType type, nlohmann::json data,
                                                             ApiVersion api_version) {
  if (!data.is_object()) return refuse(400, "the resource must be a JSON object");
  const auto id_field = data.find("id");
  if (id_field == data.end() || !id_field->is_string() || !is_nmos_id(id_field->get_ref<const std::string&>())) {
    return refuse(400, "id must be a lower-case UUID");
  }
  const auto version_field = data.find("version");
  if (version_field == data.end() || !version_field->is_string()) return refuse(400, "version must be a string");
  const auto version = PtpTime::parse_nmos(version_field->get_ref<const std::string&>());
  if (!version) return refuse(400, "version must be <seconds>:<nanoseconds>");
  auto next = std::make_shared<RegisteredResource>();
  next->type = type;
  next->id = id_field->get<std::string>();
  next->api_version = api_version;
  next->data = std::move(data);
  next->serialized = next->data.dump();  // before locking: readers never wait for it
  const std::string& id = next->id;

  std::unique_lock lock(mutex_);
  ResourcePtr existing;
  if (const auto found = by_id_.find(id); found != by_id_.end()) existing = found->second;
  if (existing) {
    if (existing->type != type) {
      return refuse(400, id + " is already registered as a " + std::string(singular_name(existing->type)));
    }
    if (existing->api_version != api_version) return conflict(*existing);
    for (const auto& reference : parent_references(type)) {
      if (!reference) continue;
      const auto before = existing->data.find(reference->key);
      const auto after = next->data.find(reference->key);
      const bool same = (before == existing->data.end()) == (after == next->data.end()) &&
                        (before == existing->data.end() || *before == *after);
      if (!same) return refuse(400, std::string(reference->key) + " of a registered resource cannot change");
    }
    const auto held = PtpTime::parse_nmos(existing->data.value("version", std::string{}));
    if (held && *version < *held) return refuse(400, "version is earlier than the registered one");
  }
  if (auto refused = check_parents(type, next->data)) return Unexpected{std::move(*refused)};

  next->updated = next_stamp();
  next->created = existing ? existing->created : next->updated;
  store(existing, next);
  if (type == ResourceType::kNode) health_[id] = Health{monotonic_raw_now(), clock_.now()};
  notify(ResourceChange{type, id, existing, next});
  return UpsertOutcome{!existing, next};
}

void ResourceStore::store(const ResourcePtr& previous, const ResourcePtr& next) {
  auto& indexes = indexes_[slot(next->type)];
  if (previous) {
    indexes.by_created.erase(previous->created);
    indexes.by_updated.erase(previous->updated);
  }
  indexes.by_created[next->created] = next;
  indexes.by_updated[next->updated] = next;
  by_id_[next->id] = next;
  if (!previous) {
    for (const auto& parent : parent_ids(*next)) children_[parent].insert(next->id);
  }
}

void ResourceStore::remove_tree(ResourcePtr root, std::vector<ResourceChange>& changes) {
  if (const auto kids = children_.find(root->id); kids != children_.end()) {
    const std::set<std::string> child_ids = kids->second;  // removal below edits the set
    for (const auto& child_id : child_ids) {
      const auto child = by_id_.find(child_id);
      if (child != by_id_.end()) remove_tree(child->second, changes);
    }
    children_.erase(root->id);
  }
  for (const auto& parent : parent_ids(*root)) {
    if (const auto siblings = children_.find(parent); siblings != children_.end()) {
      siblings->second.erase(root->id);
      if (siblings->second.empty()) children_.erase(siblings);
    }
  }
  auto& indexes = indexes_[slot(root->type)];
  indexes.by_created.erase(root->created);
  indexes.by_updated.erase(root->updated);
  by_id_.erase(root->id);
  health_.erase(root->id);
  changes.push_back(ResourceChange{root->type, root->id, root, nullptr});
}

Expected<ResourcePtr, RegistryError> ResourceStore::remove(ResourceType type, const std::string& id,
                                                           ApiVersion api_version) {
  std::unique_lock lock(mutex_);
  const auto found = by_id_.find(id);
  if (found == by_id_.end() || found->second->type != type) {
    return refuse(404, std::string(singular_name(type)) + " " + id + " is not registered");
  }
  const ResourcePtr root = found->second;
  if (root->api_version != api_version) return conflict(*root);
  std::vector<ResourceChange> changes;
  remove_tree(root, changes);
  for (const auto& change : changes) notify(change);
  return root;
}

Expected<PtpTime, RegistryError> ResourceStore::heartbeat(const std::string& node_id, ApiVersion api_version) {
  std::unique_lock lock(mutex_);
  const auto found = by_id_.find(node_id);
  if (found == by_id_.end() || found->second->type != ResourceType::kNode) {
    return refuse(404, "node " + node_id + " is not registered");
  }
  if (found->second->api_version != api_version) return conflict(*found->second);
  const Health now{monotonic_raw_now(), clock_.now()};
  health_[node_id] = now;
  return now.tai;
}

Expected<PtpTime, RegistryError> ResourceStore::last_heartbeat(const std::string& node_id,
                                                               ApiVersion api_version) const {
  std::shared_lock lock(mutex_);
  const auto found = by_id_.find(node_id);
  if (found == by_id_.end() || found->second->type != ResourceType::kNode) {
    return refuse(404, "node " + node_id + " is not registered");
  }
  if (found->second->api_version != api_version) return conflict(*found->second);
  return health_.at(node_id).tai;
}

std::size_t ResourceStore::expire_stale_nodes(Nanoseconds local_now) {
  std::unique_lock lock(mutex_);
  std::vector<std::string> stale;
  for (const auto& [node_id, health] : health_) {
    if (local_now - health.local > garbage_collection_interval_) stale.push_back(node_id);
  }
  std::vector<ResourceChange> changes;
  for (const auto& node_id : stale) {
    if (const auto node = by_id_.find(node_id); node != by_id_.end()) remove_tree(node->second, changes);
  }
  for (const auto& change : changes) notify(change);
  return stale.size();
}

ResourcePtr ResourceStore::find(const std::string& id) const {
  std::shared_lock lock(mutex_);
  const auto found = by_id_.find(id);
  return found == by_id_.end() ? nullptr : found->second;
}

ResourcePtr ResourceStore::find(ResourceType type, const std::string& id) const {
  auto resource = find(id);
  return resource && resource->type == type ? resource : nullptr;
}

std::vector<ResourcePtr> ResourceStore::snapshot(ResourceType type, TimeIndex order) const {
  std::shared_lock lock(mutex_);
  const auto& indexes = indexes_[slot(type)];
  const auto& index = order == TimeIndex::kCreated ? indexes.by_created : indexes.by_updated;
  std::vector<ResourcePtr> resources;
  resources.reserve(index.size());
  for (const auto& entry : index) resources.push_back(entry.second);
  return resources;
}

PtpTime ResourceStore::latest_stamp() const {
  std::shared_lock lock(mutex_);
  return latest_stamp_;
}

std::size_t ResourceStore::size() const {
  std::shared_lock lock(mutex_);
  return by_id_.size();
}

void ResourceStore::add_change_listener(ChangeListener listener) {
  std::unique_lock lock(mutex_);
  listeners_.push_back(std::move(listener));
}

void ResourceStore::read_consistently(ResourceType type,
                                      const std::function<void(const std::vector<ResourcePtr>&)>& reader) const {
  std::shared_lock lock(mutex_);
  const auto& index = indexes_[slot(type)].by_updated;
  std::vector<ResourcePtr> resources;
  resources.reserve(index.size());
  for (const auto& entry : index) resources.push_back(entry.second);
  reader(resources);
}

void ResourceStore::notify(const ResourceChange& change) const {
  for (const auto& listener : listeners_) listener(change);
}

}  // namespace crosspoint::nmos::registry
