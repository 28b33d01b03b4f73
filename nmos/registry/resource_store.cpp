#include "nmos/registry/resource_store.hpp"

#include "nmos/registry/nmos_id.hpp"
#include "nmos/registry/parent_reference.hpp"

namespace crosspoint::nmos::registry {

namespace {

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

ResourcePtr ResourceStore::find_locked(const std::string& id) const {
  const auto found = by_id_.find(id);
  return found == by_id_.end() ? nullptr : found->second;
}

Expected<UpsertOutcome, RegistryError> ResourceStore::upsert(ResourceType type, nlohmann::json data,
                                                             ApiVersion api_version) {
  auto prepared = prepare_registration(type, std::move(data), api_version);
  if (!prepared) return Unexpected{std::move(prepared.error())};
  const std::shared_ptr<RegisteredResource> next = std::move(*prepared);
  const std::string& id = next->id;

  std::unique_lock lock(mutex_);
  const ResourcePtr existing = find_locked(id);
  if (existing) {
    if (auto refused = check_update(*existing, *next)) return Unexpected{std::move(*refused)};
  }
  if (auto refused = check_parents(type, next->data, [this](const std::string& parent) { return find_locked(parent); })) {
    return Unexpected{std::move(*refused)};
  }

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

void ResourceStore::unlink(const RegisteredResource& resource) {
  for (const auto& parent : parent_ids(resource)) {
    if (const auto siblings = children_.find(parent); siblings != children_.end()) {
      siblings->second.erase(resource.id);
      if (siblings->second.empty()) children_.erase(siblings);
    }
  }
  auto& indexes = indexes_[slot(resource.type)];
  indexes.by_created.erase(resource.created);
  indexes.by_updated.erase(resource.updated);
  by_id_.erase(resource.id);
  health_.erase(resource.id);
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
  unlink(*root);
  changes.push_back(ResourceChange{root->type, root->id, root, nullptr});
}

Expected<ResourcePtr, RegistryError> ResourceStore::remove(ResourceType type, const std::string& id,
                                                           ApiVersion api_version) {
  std::unique_lock lock(mutex_);
  const auto found = by_id_.find(id);
  if (found == by_id_.end() || found->second->type != type) {
    return Unexpected{not_registered(type, id)};
  }
  const ResourcePtr root = found->second;
  if (root->api_version != api_version) return Unexpected{registered_elsewhere(*root)};
  std::vector<ResourceChange> changes;
  remove_tree(root, changes);
  for (const auto& change : changes) notify(change);
  return root;
}

Expected<PtpTime, RegistryError> ResourceStore::heartbeat(const std::string& node_id, ApiVersion api_version) {
  std::unique_lock lock(mutex_);
  const auto found = by_id_.find(node_id);
  if (found == by_id_.end() || found->second->type != ResourceType::kNode) {
    return Unexpected{not_registered(ResourceType::kNode, node_id)};
  }
  if (found->second->api_version != api_version) return Unexpected{registered_elsewhere(*found->second)};
  const Health now{monotonic_raw_now(), clock_.now()};
  health_[node_id] = now;
  return now.tai;
}

Expected<PtpTime, RegistryError> ResourceStore::last_heartbeat(const std::string& node_id,
                                                               ApiVersion api_version) const {
  std::shared_lock lock(mutex_);
  const auto found = by_id_.find(node_id);
  if (found == by_id_.end() || found->second->type != ResourceType::kNode) {
    return Unexpected{not_registered(ResourceType::kNode, node_id)};
  }
  if (found->second->api_version != api_version) return Unexpected{registered_elsewhere(*found->second)};
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

void ResourceStore::apply_external(const std::vector<ExternalChange>& changes) {
  std::unique_lock lock(mutex_);
  for (const auto& change : changes) {
    const ResourcePtr previous = find_locked(change.id);
    if (change.next) {
      store(previous, change.next);
      latest_stamp_ = std::max(latest_stamp_, change.next->updated);
      notify(ResourceChange{change.next->type, change.id, previous, change.next});
      continue;
    }
    if (!previous) continue;
    unlink(*previous);
    notify(ResourceChange{previous->type, previous->id, previous, nullptr});
  }
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
