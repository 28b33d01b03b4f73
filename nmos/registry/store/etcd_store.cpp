#include "nmos/registry/store/etcd_store.hpp"

#include <cstdio>
#include <deque>
#include <set>

namespace crosspoint::nmos::registry {

namespace {

constexpr int kWriteAttempts = 24;

// Stamps as fixed-width text, so etcd's byte-wise VALUE compare orders them as times.
std::string stamp_text(PtpTime stamp) {
  char text[24];
  std::snprintf(text, sizeof text, "%020llu", static_cast<unsigned long long>(stamp.to_nanos()));
  return text;
}

PtpTime stamp_of(const std::string& text) {
  try {
    return PtpTime::from_nanos(text.empty() ? 0 : std::stoull(text));
  } catch (const std::exception&) {
    return PtpTime{};
  }
}

std::string encode_resource(const RegisteredResource& resource) {
  return nlohmann::json{{"type", std::string(singular_name(resource.type))},
                        {"api_version", resource.api_version.to_string()},
                        {"created", resource.created.to_nmos_string()},
                        {"updated", resource.updated.to_nmos_string()},
                        {"data", resource.data}}
      .dump();
}

ResourcePtr decode_resource(const std::string& id, const std::string& value) {
  const auto document = nlohmann::json::parse(value, nullptr, false);
  if (document.is_discarded() || !document.is_object()) return nullptr;
  const auto type = parse_singular_type(document.value("type", std::string{}));
  const auto version = ApiVersion::parse(document.value("api_version", std::string{}));
  const auto created = PtpTime::parse_nmos(document.value("created", std::string{}));
  const auto updated = PtpTime::parse_nmos(document.value("updated", std::string{}));
  const auto data = document.find("data");
  if (!type || !version || !created || !updated || data == document.end() || !data->is_object()) return nullptr;
  auto resource = std::make_shared<RegisteredResource>();
  resource->type = *type;
  resource->id = id;
  resource->api_version = *version;
  resource->data = *data;
  resource->serialized = resource->data.dump();
  resource->created = *created;
  resource->updated = *updated;
  return resource;
}

nlohmann::json compare(const std::string& key, const char* target, const char* result, const char* field,
                       nlohmann::json value) {
  return nlohmann::json{{"key", etcd_base64(key)}, {"target", target}, {"result", result}, {field, std::move(value)}};
}

std::int64_t header_revision(const nlohmann::json& answer) {
  return etcd_int(answer.value("header", nlohmann::json::object()), "revision");
}

bool lease_not_found(const EtcdError& error) { return error.message.find("lease not found") != std::string::npos; }

}  // namespace

Expected<std::shared_ptr<EtcdStore>, std::string> EtcdStore::create(const ClockModel& clock, EtcdStoreOptions options,
                                                                    Nanoseconds garbage_collection_interval,
                                                                    std::string member_id) {
  if (options.endpoints.empty()) return Unexpected{std::string("the etcd store needs at least one endpoint")};
  std::vector<http::HttpUrl> endpoints;
  for (const auto& endpoint : options.endpoints) {
    auto url = http::HttpUrl::parse(endpoint);
    if (!url) return Unexpected{"etcd endpoint " + endpoint + " is not an http://host:port URL"};
    endpoints.push_back(std::move(*url));
  }
  if (options.prefix.empty() || options.prefix.back() != '/') options.prefix += '/';
  auto store = std::shared_ptr<EtcdStore>(new EtcdStore(clock, std::move(options), std::move(endpoints),
                                                        garbage_collection_interval, std::move(member_id)));
  store->start();
  return store;
}

EtcdStore::EtcdStore(const ClockModel& clock, EtcdStoreOptions options, std::vector<http::HttpUrl> endpoints,
                     Nanoseconds garbage_collection_interval, std::string member_id)
    : clock_(clock),
      options_(std::move(options)),
      garbage_collection_interval_(garbage_collection_interval),
      member_id_(std::move(member_id)),
      client_(std::make_shared<EtcdClient>(std::move(endpoints), options_.request_timeout)),
      view_(std::make_shared<ResourceStore>(clock, garbage_collection_interval)) {}

EtcdStore::~EtcdStore() { stop(); }

void EtcdStore::start() {
  EtcdWatch::Handlers handlers;
  handlers.snapshot = [this](std::int64_t revision, const std::vector<EtcdKeyValue>& all) { on_snapshot(revision, all); };
  handlers.events = [this](std::int64_t revision, const std::vector<EtcdEvent>& events) { on_events(revision, events); };
  handlers.stream_state = [this](bool open) { stream_open_ = open; };
  watch_ = std::make_unique<EtcdWatch>(client_, options_.prefix, std::move(handlers));
  watch_->start();
  member_thread_ = std::thread([this] { keep_member_alive(); });
}

void EtcdStore::stop() {
  {
    std::lock_guard lock(member_mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  member_wake_.notify_all();
  if (member_thread_.joinable()) member_thread_.join();
  if (watch_) watch_->stop();
}

// ---- the view, fed by the watch ----

void EtcdStore::on_snapshot(std::int64_t revision, const std::vector<EtcdKeyValue>& all) {
  const std::string resources = options_.prefix + "resources/";
  std::vector<ResourceStore::ExternalChange> changes;
  std::lock_guard lock(state_mutex_);
  std::set<std::string> present;
  for (const auto& kv : all) {
    if (kv.key == stamp_key()) note_stamp(kv.value);
    if (!kv.key.starts_with(resources)) continue;
    const std::string id = kv.key.substr(resources.size());
    present.insert(id);
    const auto held = keys_.find(id);
    if (held != keys_.end() && held->second.mod_revision == kv.mod_revision) continue;
    if (auto resource = decode_resource(id, kv.value)) {
      keys_[id] = KeyState{kv.create_revision, kv.mod_revision, kv.lease};
      changes.push_back({id, std::move(resource)});
    }
  }
  for (auto held = keys_.begin(); held != keys_.end();) {
    if (present.count(held->first) != 0) {
      ++held;
      continue;
    }
    changes.push_back({held->first, nullptr});
    held = keys_.erase(held);
  }
  view_->apply_external(changes);
  set_applied(revision);
}

void EtcdStore::on_events(std::int64_t revision, const std::vector<EtcdEvent>& events) {
  const std::string resources = options_.prefix + "resources/";
  std::vector<ResourceStore::ExternalChange> changes;
  std::lock_guard lock(state_mutex_);
  for (const auto& event : events) {
    if (event.kv.key == stamp_key() && !event.deleted) note_stamp(event.kv.value);
    if (!event.kv.key.starts_with(resources)) continue;
    const std::string id = event.kv.key.substr(resources.size());
    if (event.deleted) {
      if (keys_.erase(id) != 0) changes.push_back({id, nullptr});
      continue;
    }
    if (auto resource = decode_resource(id, event.kv.value)) {
      keys_[id] = KeyState{event.kv.create_revision, event.kv.mod_revision, event.kv.lease};
      changes.push_back({id, std::move(resource)});
    }
  }
  view_->apply_external(changes);
  set_applied(revision);
}

void EtcdStore::note_stamp(const std::string& text) {
  watched_stamp_ = text;
  if (text > highest_stamp_) highest_stamp_ = text;
}

void EtcdStore::set_applied(std::int64_t revision) {
  applied_revision_ = std::max(applied_revision_, revision);
  applied_changed_.notify_all();
}

bool EtcdStore::wait_for_revision(std::int64_t revision, std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_mutex_);
  return applied_changed_.wait_for(lock, timeout, [&] { return applied_revision_ >= revision; });
}

// ---- reading one resource ----

EtcdStore::Known EtcdStore::known(const std::string& id) {
  std::lock_guard lock(state_mutex_);
  const auto key = keys_.find(id);
  if (key == keys_.end()) return {};
  return Known{view_->find(id), key->second};
}

Expected<EtcdStore::Known, RegistryError> EtcdStore::fetch(const std::string& id) {
  const auto answer = client_->call("/v3/kv/range", {{"key", etcd_base64(resource_key(id))}});
  if (!answer) return Unexpected{unavailable(answer.error())};
  const auto kvs = answer->value("kvs", nlohmann::json::array());
  if (kvs.empty()) return Known{};
  const auto& kv = kvs.front();
  return Known{decode_resource(id, etcd_unbase64(kv.value("value", std::string{}))),
               KeyState{etcd_int(kv, "create_revision"), etcd_int(kv, "mod_revision"), etcd_int(kv, "lease")}};
}

Expected<EtcdStore::Known, RegistryError> EtcdStore::lookup(const std::string& id, bool fresh) {
  if (!fresh) {
    auto held = known(id);
    if (held.resource) return held;
  }
  // Not in the view: it may have been registered through another member within the last watch round-trip.
  return fetch(id);
}

std::vector<ResourcePtr> EtcdStore::descendants(const std::string& id) const {
  std::unordered_map<std::string, std::vector<ResourcePtr>> children;
  for (const ResourceType type : kAllResourceTypes) {
    for (const auto& resource : view_->snapshot(type, TimeIndex::kCreated)) {
      for (const auto& parent : parent_ids(*resource)) children[parent].push_back(resource);
    }
  }
  std::vector<ResourcePtr> found;
  std::set<std::string> seen{id};
  std::deque<std::string> next{id};
  while (!next.empty()) {
    const auto kids = children.find(next.front());
    next.pop_front();
    if (kids == children.end()) continue;
    for (const auto& kid : kids->second) {
      if (!seen.insert(kid->id).second) continue;
      found.push_back(kid);
      next.push_back(kid->id);
    }
  }
  return found;
}

// ---- health ----

RegistryError EtcdStore::unavailable(const EtcdError& error) {
  if (error.unavailable) {
    std::lock_guard lock(health_mutex_);
    reachable_ = false;
    lost_reason_ = error.message;
  }
  return RegistryError{error.unavailable ? 503 : 500, "the registry's etcd store: " + error.message, std::nullopt};
}

std::optional<RegistryError> EtcdStore::refuse_when_lost() const {
  if (reachable_) return std::nullopt;
  std::lock_guard lock(health_mutex_);
  // A blip (a leader election) is ridden out by the write itself; a loss longer than the member lease is not,
  // counted from when the member last reached etcd, so a node is told 503 at once, not after a write's budget.
  if (std::chrono::steady_clock::now() - last_reached_ < options_.member_ttl) return std::nullopt;
  return RegistryError{503, "this registry member has lost etcd (" + lost_reason_ + "); try another member",
                       std::nullopt};
}

StoreHealth EtcdStore::health() const {
  StoreHealth health;
  health.backend = "etcd";
  health.writable = !stale();
  {
    std::lock_guard lock(state_mutex_);
    health.revision = applied_revision_;
  }
  if (health.writable) {
    health.detail = "etcd reachable, watch open";
  } else if (!reachable_) {
    std::lock_guard lock(health_mutex_);
    health.detail = "etcd lost: " + lost_reason_ + "; queries answer from a stale view";
  } else {
    health.detail = "watch not open; queries answer from a stale view";
  }
  return health;
}

void EtcdStore::keep_member_alive() {
  const auto ttl = std::chrono::duration_cast<std::chrono::seconds>(options_.member_ttl);
  const auto period = options_.member_ttl / 4;
  std::int64_t lease = 0;
  bool was_reachable = false;
  for (;;) {
    bool ok = false;
    if (lease == 0) {
      auto granted = grant_lease(std::max(ttl, std::chrono::seconds(2)));
      if (granted) {
        lease = *granted;
        const auto put = client_->call(
            "/v3/kv/put", {{"key", etcd_base64(options_.prefix + "members/" + member_id_)},
                           {"value", etcd_base64(nlohmann::json{{"started", clock_.now().to_nmos_string()}}.dump())},
                           {"lease", lease}});
        ok = put.has_value();
        if (!put) (void)unavailable(put.error());
        else if (put->contains("error")) ok = false;
      }
    } else {
      auto alive = keep_alive(lease);
      ok = alive.has_value() && *alive;
      if (alive && !*alive) lease = 0;  // expired while unreachable: a new one next round
    }
    if (ok && !was_reachable) ok = ensure_stamp_key();
    if (ok) {
      {
        std::lock_guard lock(health_mutex_);
        lost_reason_.clear();
        last_reached_ = std::chrono::steady_clock::now();
      }
      reachable_ = true;
      // Back after a loss: the watch's endpoint may be the one that was cut off, so open it afresh.
      if (!was_reachable && watch_) watch_->reconnect();
    }
    was_reachable = ok;
    std::unique_lock lock(member_mutex_);
    if (member_wake_.wait_for(lock, period, [this] { return stopping_; })) break;
  }
  if (lease != 0) (void)client_->call("/v3/lease/revoke", {{"ID", lease}});
}

bool EtcdStore::ensure_stamp_key() {
  // Stamps are compared with the key's value, and etcd fails a VALUE compare on a missing key.
  const nlohmann::json txn{
      {"compare", {compare(stamp_key(), "CREATE", "EQUAL", "create_revision", 0)}},
      {"success", {{{"request_put", {{"key", etcd_base64(stamp_key())}, {"value", etcd_base64(stamp_text(PtpTime{}))}}}}}},
      {"failure", nlohmann::json::array()}};
  const auto answer = client_->call("/v3/kv/txn", txn);
  if (!answer) (void)unavailable(answer.error());
  return answer.has_value();
}

// ---- leases ----

Expected<std::int64_t, RegistryError> EtcdStore::grant_lease(std::chrono::seconds ttl) {
  const auto answer = client_->call("/v3/lease/grant", {{"TTL", ttl.count()}});
  if (!answer) return Unexpected{unavailable(answer.error())};
  const std::int64_t id = etcd_int(*answer, "ID");
  if (id == 0) return Unexpected{RegistryError{503, "etcd granted no lease: " + answer->dump(), std::nullopt}};
  return id;
}

Expected<bool, RegistryError> EtcdStore::keep_alive(std::int64_t lease) {
  const auto answer = client_->call("/v3/lease/keepalive", {{"ID", lease}});
  if (!answer) return Unexpected{unavailable(answer.error())};
  const auto result = answer->value("result", nlohmann::json::object());
  return etcd_int(result, "TTL") > 0;
}

// ---- the Registration API ----

Expected<UpsertOutcome, RegistryError> EtcdStore::upsert(ResourceType type, nlohmann::json data,
                                                         ApiVersion api_version) {
  if (auto lost = refuse_when_lost()) return Unexpected{std::move(*lost)};
  auto prepared = prepare_registration(type, std::move(data), api_version);
  if (!prepared) return Unexpected{std::move(prepared.error())};
  const std::shared_ptr<RegisteredResource> next = std::move(*prepared);
  const auto node_ttl = std::chrono::seconds(
      std::max<Nanoseconds>(2, (garbage_collection_interval_ + kNanosPerSecond - 1) / kNanosPerSecond));

  bool fresh = false;       // after a refused transaction, read etcd itself rather than the view
  bool stamp_only = false;  // the last refusal was only another member's later stamp: the reads still hold
  Known existing;
  std::vector<std::pair<std::string, KeyState>> parents;
  std::int64_t lease = 0;
  // Reads what the write depends on: the resource as registered, its parents, and the lease it will hang on.
  auto read_state = [&]() -> std::optional<RegistryError> {
    existing = Known{};
    parents.clear();
    lease = 0;
    if (fresh) {
      auto fetched = fetch(next->id);
      if (!fetched) return std::move(fetched.error());
      existing = std::move(*fetched);
    } else {
      existing = known(next->id);
    }
    if (existing.resource) {
      if (auto refused = check_update(*existing.resource, *next)) return std::move(*refused);
    }
    // Parents: each must exist now, as this member or etcd knows it; the transaction checks it is still the same.
    std::optional<RegistryError> lookup_failed;
    auto parent_lookup = [&](const std::string& parent_id) -> ResourcePtr {
      auto found = lookup(parent_id, fresh);
      if (!found) {
        lookup_failed = found.error();
        return nullptr;
      }
      if (found->resource) parents.emplace_back(parent_id, found->key);
      return found->resource;
    };
    auto refused = check_parents(type, next->data, parent_lookup);
    if (lookup_failed) return std::move(*lookup_failed);
    if (refused) return std::move(*refused);

    // The node's lease holds the whole tree: a new node gets one, everything else shares its parent's.
    if (type == ResourceType::kNode) {
      if (existing.resource) {
        auto alive = keep_alive(existing.key.lease);  // re-registering a node counts as a heartbeat
        if (!alive) return std::move(alive.error());
        if (*alive) lease = existing.key.lease;
      }
      if (lease == 0) {
        auto granted = grant_lease(node_ttl);
        if (!granted) return std::move(granted.error());
        lease = *granted;
      }
    } else if (!parents.empty()) {
      lease = parents.front().second.lease;
    }
    return std::nullopt;
  };
  for (int attempt = 0; attempt < kWriteAttempts; ++attempt) {
    if (!stamp_only) {
      if (auto refused = read_state()) return Unexpected{std::move(*refused)};
    }
    std::string stamp;
    {
      std::lock_guard lock(state_mutex_);
      PtpTime candidate = clock_.now();
      const PtpTime highest = stamp_of(highest_stamp_);
      if (candidate <= highest) candidate = highest.plus(1);
      stamp = stamp_text(candidate);
      next->updated = candidate;
    }
    next->created = existing.resource ? existing.resource->created : next->updated;

    nlohmann::json compares = nlohmann::json::array();
    compares.push_back(compare(stamp_key(), "VALUE", "LESS", "value", etcd_base64(stamp)));
    compares.push_back(compare(resource_key(next->id), "MOD", "EQUAL", "mod_revision", existing.key.mod_revision));
    for (const auto& [parent_id, key] : parents) {
      compares.push_back(compare(resource_key(parent_id), "CREATE", "EQUAL", "create_revision", key.create_revision));
    }
    nlohmann::json put{{"key", etcd_base64(resource_key(next->id))}, {"value", etcd_base64(encode_resource(*next))}};
    if (lease != 0) put["lease"] = lease;
    const nlohmann::json txn{
        {"compare", compares},
        {"success",
         {{{"request_put", put}},
          {{"request_put", {{"key", etcd_base64(stamp_key())}, {"value", etcd_base64(stamp)}}}}}},
        {"failure",
         {{{"request_range", {{"key", etcd_base64(stamp_key())}}}},
          {{"request_range", {{"key", etcd_base64(resource_key(next->id))}}}}}}};
    const auto answer = client_->call("/v3/kv/txn", txn);
    if (!answer) {
      if (lease_not_found(answer.error())) {  // the node expired meanwhile: look again
        fresh = true;
        stamp_only = false;
        continue;
      }
      return Unexpected{unavailable(answer.error())};
    }
    if (answer->value("succeeded", false)) {
      {
        std::lock_guard lock(state_mutex_);
        if (stamp > highest_stamp_) highest_stamp_ = stamp;
      }
      wait_for_revision(header_revision(*answer), options_.request_timeout);
      return UpsertOutcome{!existing.resource, next};
    }
    // Someone else wrote first: learn the stamp they used, and try again with a later one. When the resource
    // itself is unchanged only the stamp lost; otherwise read what etcd holds now before deciding again.
    const auto responses = answer->value("responses", nlohmann::json::array());
    auto range_of = [&](std::size_t index) {
      return index < responses.size()
                 ? responses[index].value("response_range", nlohmann::json::object()).value("kvs", nlohmann::json::array())
                 : nlohmann::json::array();
    };
    const auto stamp_kvs = range_of(0);
    if (stamp_kvs.empty()) {
      if (!ensure_stamp_key()) return Unexpected{RegistryError{503, "etcd is unreachable", std::nullopt}};
    } else {
      std::lock_guard lock(state_mutex_);
      const std::string held = etcd_unbase64(stamp_kvs.front().value("value", std::string{}));
      if (held > highest_stamp_) highest_stamp_ = held;
    }
    const auto resource_kvs = range_of(1);
    const std::int64_t held_mod = resource_kvs.empty() ? 0 : etcd_int(resource_kvs.front(), "mod_revision");
    stamp_only = held_mod == existing.key.mod_revision && attempt + 1 < kWriteAttempts / 2;
    fresh = true;
  }
  return Unexpected{RegistryError{503, "the registry's etcd store is too busy: the write lost every race",
                                  std::nullopt}};
}

Expected<ResourcePtr, RegistryError> EtcdStore::remove(ResourceType type, const std::string& id,
                                                       ApiVersion api_version) {
  if (auto lost = refuse_when_lost()) return Unexpected{std::move(*lost)};
  for (int attempt = 0; attempt < kWriteAttempts; ++attempt) {
    auto found = lookup(id, false);
    if (!found) return Unexpected{std::move(found.error())};
    const Known existing = std::move(*found);
    if (!existing.resource || existing.resource->type != type) return Unexpected{not_registered(type, id)};
    if (existing.resource->api_version != api_version) return Unexpected{registered_elsewhere(*existing.resource)};

    if (type == ResourceType::kNode) {
      // Revoking the node's lease deletes the node and everything registered under it, in one revision.
      const auto answer = client_->call("/v3/lease/revoke", {{"ID", existing.key.lease}});
      if (!answer) {
        if (lease_not_found(answer.error())) return Unexpected{not_registered(type, id)};
        return Unexpected{unavailable(answer.error())};
      }
      wait_for_revision(header_revision(*answer), options_.request_timeout);
      return existing.resource;
    }

    // A device or below: delete it with the descendants this view knows, provided nothing was registered
    // anywhere since the view was taken (the stamp key has not moved), so no descendant is left behind.
    std::string view_stamp;
    {
      std::lock_guard lock(state_mutex_);
      view_stamp = watched_stamp_;
    }
    nlohmann::json deletes = nlohmann::json::array();
    deletes.push_back({{"request_delete_range", {{"key", etcd_base64(resource_key(id))}}}});
    for (const auto& descendant : descendants(id)) {
      deletes.push_back({{"request_delete_range", {{"key", etcd_base64(resource_key(descendant->id))}}}});
    }
    const nlohmann::json txn{
        {"compare",
         {compare(stamp_key(), "VALUE", "EQUAL", "value", etcd_base64(view_stamp)),
          compare(resource_key(id), "MOD", "EQUAL", "mod_revision", existing.key.mod_revision)}},
        {"success", deletes},
        {"failure", nlohmann::json::array()}};
    const auto answer = client_->call("/v3/kv/txn", txn);
    if (!answer) return Unexpected{unavailable(answer.error())};
    const bool succeeded = answer->value("succeeded", false);
    // Either way the view must catch up: to show the deletion, or to see what changed before trying again.
    wait_for_revision(header_revision(*answer), options_.request_timeout);
    if (succeeded) return existing.resource;
  }
  return Unexpected{RegistryError{503, "the registry's etcd store is too busy: the deletion lost every race",
                                  std::nullopt}};
}

Expected<PtpTime, RegistryError> EtcdStore::heartbeat(const std::string& node_id, ApiVersion api_version) {
  if (auto lost = refuse_when_lost()) return Unexpected{std::move(*lost)};
  auto found = lookup(node_id, false);
  if (!found) return Unexpected{std::move(found.error())};
  if (!found->resource || found->resource->type != ResourceType::kNode) {
    return Unexpected{not_registered(ResourceType::kNode, node_id)};
  }
  if (found->resource->api_version != api_version) return Unexpected{registered_elsewhere(*found->resource)};
  auto alive = keep_alive(found->key.lease);
  if (!alive) return Unexpected{std::move(alive.error())};
  if (!*alive) return Unexpected{not_registered(ResourceType::kNode, node_id)};  // expired: the node registers again
  return clock_.now();
}

Expected<PtpTime, RegistryError> EtcdStore::last_heartbeat(const std::string& node_id, ApiVersion api_version) {
  auto found = lookup(node_id, false);
  if (!found) return Unexpected{std::move(found.error())};
  if (!found->resource || found->resource->type != ResourceType::kNode) {
    return Unexpected{not_registered(ResourceType::kNode, node_id)};
  }
  if (found->resource->api_version != api_version) return Unexpected{registered_elsewhere(*found->resource)};
  const auto answer = client_->call("/v3/lease/timetolive", {{"ID", found->key.lease}});
  if (!answer) return Unexpected{unavailable(answer.error())};
  const std::int64_t remaining = etcd_int(*answer, "TTL");
  const std::int64_t granted = etcd_int(*answer, "grantedTTL");
  if (remaining <= 0) return Unexpected{not_registered(ResourceType::kNode, node_id)};
  // etcd counts in whole seconds: the last keep-alive was (granted - remaining) seconds ago.
  return clock_.now().plus(-(granted - remaining) * kNanosPerSecond);
}

}  // namespace crosspoint::nmos::registry
