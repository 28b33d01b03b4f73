// The node's IS-04 resources as the Node API and the registration client see them: thread-safe snapshots as
// JSON at a chosen API version, changes that bump the resource's version, and observers told of each change.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "crosspoint/nmos/node_description.hpp"
#include "crosspoint/time/clock_model.hpp"
#include "nmos/node/node_resources.hpp"
#include "nmos/resources/api_version.hpp"
#include "nmos/resources/resource_type.hpp"
#include "nmos/resources/version_clock.hpp"

namespace crosspoint::nmos {

struct ResourceChange {
  ResourceType type;
  std::string id;
};

class NodeModel {
 public:
  using Observer = std::function<void(const ResourceChange&)>;

  NodeModel(NodeDescription description, const ClockModel& clock);

  [[nodiscard]] std::string node_id() const;
  [[nodiscard]] const NodeDescription& description() const { return description_; }

  // JSON snapshots, conformed to `version`.
  [[nodiscard]] nlohmann::json self(ApiVersion version = kV1_3) const;
  [[nodiscard]] nlohmann::json collection(ResourceType type, ApiVersion version = kV1_3) const;
  [[nodiscard]] std::optional<nlohmann::json> find(ResourceType type, std::string_view id,
                                                   ApiVersion version = kV1_3) const;
  // Every resource (v1.3), node first, each after its parent: the order a registry accepts them in.
  [[nodiscard]] std::vector<std::pair<ResourceType, nlohmann::json>> all_in_registration_order() const;

  // The id of the sender/receiver made from an engine output/input name (its stable key), if any.
  [[nodiscard]] std::optional<std::string> sender_id_for(std::string_view output_name) const;
  [[nodiscard]] std::optional<std::string> receiver_id_for(std::string_view input_name) const;

  // Changes: each bumps the changed resource's version and tells the observers. False for an unknown id.
  bool set_receiver_subscription(std::string_view receiver_id, std::optional<std::string> sender_id, bool active);
  bool set_sender_subscription(std::string_view sender_id, std::optional<std::string> receiver_id, bool active);
  bool set_label(ResourceType type, std::string_view id, std::string label);
  // Re-reads the clock's traceability; the node's version changes only when its clocks did. True if changed.
  bool refresh_clocks();

  // The observer is called after each change, outside the model's lock, on the changing thread.
  std::uint64_t observe(Observer observer);
  void unobserve(std::uint64_t token);

 private:
  ResourceCore* core_of(ResourceType type, std::string_view id);
  void notify(const ResourceChange& change);

  NodeDescription description_;
  const ClockModel& clock_;
  VersionClock versions_;
  StableIdGenerator ids_;
  mutable std::mutex mutex_;
  NodeResources resources_;
  std::mutex observers_mutex_;
  std::map<std::uint64_t, Observer> observers_;
  std::uint64_t next_token_ = 1;
};

}  // namespace crosspoint::nmos
