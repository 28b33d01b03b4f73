#include "nmos/node/node_model.hpp"

#include "nmos/resources/version_conform.hpp"

namespace crosspoint::nmos {
namespace {

NodeDescription with_a_device(NodeDescription description) {
  if (description.devices.empty()) description.devices.push_back(DeviceDescription{});
  return description;
}

template <class Resource>
nlohmann::json array_of(const std::vector<Resource>& resources, ResourceType type, ApiVersion version) {
  nlohmann::json out = nlohmann::json::array();
  for (const Resource& r : resources) out.push_back(conform_to_version(to_json(r), type, version));
  return out;
}

template <class Resource>
const Resource* find_in(const std::vector<Resource>& resources, std::string_view id) {
  for (const Resource& r : resources)
    if (r.core.id == id) return &r;
  return nullptr;
}

template <class Resource>
Resource* find_in(std::vector<Resource>& resources, std::string_view id) {
  for (Resource& r : resources)
    if (r.core.id == id) return &r;
  return nullptr;
}

}  // namespace

NodeModel::NodeModel(NodeDescription description, const ClockModel& clock)
    : description_(with_a_device(std::move(description))),
      clock_(clock),
      versions_(clock),
      ids_(description_.seed.empty() ? description_.hostname + "/" + description_.label : description_.seed),
      resources_(build_node_resources(description_, ids_, clock.traceability(), versions_.next())) {}

std::string NodeModel::node_id() const {
  std::lock_guard lock(mutex_);
  return resources_.node.core.id;
}

nlohmann::json NodeModel::self(ApiVersion version) const {
  std::lock_guard lock(mutex_);
  return conform_to_version(to_json(resources_.node), ResourceType::kNode, version);
}

nlohmann::json NodeModel::collection(ResourceType type, ApiVersion version) const {
  std::lock_guard lock(mutex_);
  switch (type) {
    case ResourceType::kNode:
      return nlohmann::json::array({conform_to_version(to_json(resources_.node), type, version)});
    case ResourceType::kDevice: return array_of(resources_.devices, type, version);
    case ResourceType::kSource: return array_of(resources_.sources, type, version);
    case ResourceType::kFlow: return array_of(resources_.flows, type, version);
    case ResourceType::kSender: return array_of(resources_.senders, type, version);
    case ResourceType::kReceiver: return array_of(resources_.receivers, type, version);
  }
  return nlohmann::json::array();
}

std::optional<nlohmann::json> NodeModel::find(ResourceType type, std::string_view id, ApiVersion version) const {
  std::lock_guard lock(mutex_);
  auto conformed = [&](const auto* resource) -> std::optional<nlohmann::json> {
    if (resource == nullptr) return std::nullopt;
    return conform_to_version(to_json(*resource), type, version);
  };
  switch (type) {
    case ResourceType::kNode:
      return resources_.node.core.id == id ? conformed(&resources_.node) : std::nullopt;
    case ResourceType::kDevice: return conformed(find_in(resources_.devices, id));
    case ResourceType::kSource: return conformed(find_in(resources_.sources, id));
    case ResourceType::kFlow: return conformed(find_in(resources_.flows, id));
    case ResourceType::kSender: return conformed(find_in(resources_.senders, id));
    case ResourceType::kReceiver: return conformed(find_in(resources_.receivers, id));
  }
  return std::nullopt;
}

std::vector<std::pair<ResourceType, nlohmann::json>> NodeModel::all_in_registration_order() const {
  std::vector<std::pair<ResourceType, nlohmann::json>> out;
  for (const ResourceType type : kAllResourceTypes)  // parents first
    for (nlohmann::json& resource : collection(type)) out.emplace_back(type, std::move(resource));
  return out;
}

std::optional<std::string> NodeModel::sender_id_for(std::string_view output_name) const {
  const std::string id = ids_.make("sender/" + std::string(output_name));
  std::lock_guard lock(mutex_);
  if (find_in(resources_.senders, id) == nullptr) return std::nullopt;
  return id;
}

std::optional<std::string> NodeModel::receiver_id_for(std::string_view input_name) const {
  const std::string id = ids_.make("receiver/" + std::string(input_name));
  std::lock_guard lock(mutex_);
  if (find_in(resources_.receivers, id) == nullptr) return std::nullopt;
  return id;
}

ResourceCore* NodeModel::core_of(ResourceType type, std::string_view id) {
  auto core = [](auto* resource) -> ResourceCore* { return resource ? &resource->core : nullptr; };
  switch (type) {
    case ResourceType::kNode: return resources_.node.core.id == id ? &resources_.node.core : nullptr;
    case ResourceType::kDevice: return core(find_in(resources_.devices, id));
    case ResourceType::kSource: return core(find_in(resources_.sources, id));
    case ResourceType::kFlow: return core(find_in(resources_.flows, id));
    case ResourceType::kSender: return core(find_in(resources_.senders, id));
    case ResourceType::kReceiver: return core(find_in(resources_.receivers, id));
  }
  return nullptr;
}

bool NodeModel::set_receiver_subscription(std::string_view receiver_id, std::optional<std::string> sender_id,
                                          bool active) {
  {
    std::lock_guard lock(mutex_);
    ReceiverResource* receiver = find_in(resources_.receivers, receiver_id);
    if (receiver == nullptr) return false;
    receiver->subscription = ReceiverSubscription{std::move(sender_id), active};
    receiver->core.version = versions_.next();
  }
  notify({ResourceType::kReceiver, std::string(receiver_id)});
  return true;
}

bool NodeModel::set_sender_subscription(std::string_view sender_id, std::optional<std::string> receiver_id,
                                        bool active) {
  {
    std::lock_guard lock(mutex_);
    SenderResource* sender = find_in(resources_.senders, sender_id);
    if (sender == nullptr) return false;
    sender->subscription = SenderSubscription{std::move(receiver_id), active};
    sender->core.version = versions_.next();
  }
  notify({ResourceType::kSender, std::string(sender_id)});
  return true;
}

bool NodeModel::set_label(ResourceType type, std::string_view id, std::string label) {
  {
    std::lock_guard lock(mutex_);
    ResourceCore* core = core_of(type, id);
    if (core == nullptr) return false;
    core->label = std::move(label);
    core->version = versions_.next();
  }
  notify({type, std::string(id)});
  return true;
}

bool NodeModel::refresh_clocks() {
  std::string node_id;
  {
    std::lock_guard lock(mutex_);
    std::vector<NodeClock> clocks = clocks_of(description_, clock_.traceability());
    if (clocks == resources_.node.clocks) return false;
    resources_.node.clocks = std::move(clocks);
    resources_.node.core.version = versions_.next();
    node_id = resources_.node.core.id;
  }
  notify({ResourceType::kNode, node_id});
  return true;
}

std::uint64_t NodeModel::observe(Observer observer) {
  std::lock_guard lock(observers_mutex_);
  const std::uint64_t token = next_token_++;
  observers_.emplace(token, std::move(observer));
  return token;
}

void NodeModel::unobserve(std::uint64_t token) {
  std::lock_guard lock(observers_mutex_);
  observers_.erase(token);
}

void NodeModel::notify(const ResourceChange& change) {
  std::vector<Observer> observers;
  {
    std::lock_guard lock(observers_mutex_);
    for (const auto& [token, observer] : observers_) observers.push_back(observer);
  }
  for (const Observer& observer : observers) observer(change);
}

}  // namespace crosspoint::nmos
