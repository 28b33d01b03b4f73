#include <catch2/catch.hpp>

#include "nmos/registry/resource_store.hpp"
#include "sample_resources.hpp"

using namespace crosspoint;
using namespace crosspoint::nmos;
using namespace crosspoint::nmos::registry;
using namespace crosspoint::nmos::registry::test;

namespace {

constexpr ApiVersion kV13{1, 3};
constexpr Nanoseconds kTwelveSeconds = 12 * kNanosPerSecond;

// One node with a device, a video source, its flow, a sender of that flow and a receiver.
struct RegisteredTree {
  std::string node = sample_id(1), device = sample_id(2), source = sample_id(3), flow = sample_id(4),
              sender = sample_id(5), receiver = sample_id(6);

  explicit RegisteredTree(ResourceStore& store) {
    REQUIRE(store.upsert(ResourceType::kNode, sample_node(node), kV13));
    REQUIRE(store.upsert(ResourceType::kDevice, sample_device(device, node), kV13));
    REQUIRE(store.upsert(ResourceType::kSource, sample_video_source(source, device), kV13));
    REQUIRE(store.upsert(ResourceType::kFlow, sample_video_flow(flow, source, device), kV13));
    REQUIRE(store.upsert(ResourceType::kSender, sample_sender(sender, device, flow), kV13));
    REQUIRE(store.upsert(ResourceType::kReceiver, sample_video_receiver(receiver, device), kV13));
  }
};

}  // namespace

TEST_CASE("registering a resource creates it, registering it again updates it") {
  ClockModel clock;
  ResourceStore store(clock, kTwelveSeconds);
  const auto first = store.upsert(ResourceType::kNode, sample_node(sample_id(1), "first"), kV13);
  REQUIRE(first);
  CHECK(first->created);
  const auto second = store.upsert(ResourceType::kNode, sample_node(sample_id(1), "second"), kV13);
  REQUIRE(second);
  CHECK_FALSE(second->created);
  CHECK(store.find(sample_id(1))->data["label"] == "second");
  CHECK(second->resource->created == first->resource->created);
  CHECK(second->resource->updated > first->resource->updated);
}

TEST_CASE("a child whose parent is not registered is refused") {
  ClockModel clock;
  ResourceStore store(clock, kTwelveSeconds);
  const auto device = store.upsert(ResourceType::kDevice, sample_device(sample_id(2), sample_id(1)), kV13);
  REQUIRE_FALSE(device);
  CHECK(device.error().status == 400);
  CHECK_THAT(device.error().message, Catch::Contains("node_id"));

  REQUIRE(store.upsert(ResourceType::kNode, sample_node(sample_id(1)), kV13));
  SECTION("a parent of the wrong type is refused too") {
    const auto source = store.upsert(ResourceType::kSource, sample_video_source(sample_id(3), sample_id(1)), kV13);
    REQUIRE_FALSE(source);
    CHECK(source.error().status == 400);
    CHECK_THAT(source.error().message, Catch::Contains("names a node"));
  }
  SECTION("a flow needs both its source and its device") {
    REQUIRE(store.upsert(ResourceType::kDevice, sample_device(sample_id(2), sample_id(1)), kV13));
    const auto flow = store.upsert(ResourceType::kFlow, sample_video_flow(sample_id(4), sample_id(3), sample_id(2)), kV13);
    REQUIRE_FALSE(flow);
    CHECK_THAT(flow.error().message, Catch::Contains("source_id"));
  }
}

TEST_CASE("resources without a UUID id or a version are refused") {
  ClockModel clock;
  ResourceStore store(clock, kTwelveSeconds);
  auto node = sample_node("not-a-uuid");
  CHECK(store.upsert(ResourceType::kNode, node, kV13).error().status == 400);
  node = sample_node(sample_id(1));
  node["version"] = "yesterday";
  CHECK(store.upsert(ResourceType::kNode, node, kV13).error().status == 400);
  CHECK(store.upsert(ResourceType::kNode, nlohmann::json::array(), kV13).error().status == 400);
}

TEST_CASE("an update may not move a resource to another parent or back in version") {
  ClockModel clock;
  ResourceStore store(clock, kTwelveSeconds);
  RegisteredTree tree(store);
  REQUIRE(store.upsert(ResourceType::kNode, sample_node(sample_id(9)), kV13));
  CHECK(store.upsert(ResourceType::kDevice, sample_device(tree.device, sample_id(9)), kV13).error().status == 400);
  auto older = sample_device(tree.device, tree.node);
  older["version"] = "1600000000:0";
  CHECK(store.upsert(ResourceType::kDevice, older, kV13).error().status == 400);
}

TEST_CASE("an id registered as one type cannot be registered as another") {
  ClockModel clock;
  ResourceStore store(clock, kTwelveSeconds);
  RegisteredTree tree(store);
  CHECK(store.upsert(ResourceType::kDevice, sample_device(tree.node, tree.node), kV13).error().status == 400);
}

TEST_CASE("a resource registered at another API version answers 409 with that version") {
  ClockModel clock;
  ResourceStore store(clock, kTwelveSeconds);
  REQUIRE(store.upsert(ResourceType::kNode, sample_node(sample_id(1)), ApiVersion{1, 2}));
  const auto update = store.upsert(ResourceType::kNode, sample_node(sample_id(1)), kV13);
  REQUIRE_FALSE(update);
  CHECK(update.error().status == 409);
  CHECK(update.error().registered_version == ApiVersion{1, 2});
  CHECK(store.heartbeat(sample_id(1), kV13).error().status == 409);
  CHECK(store.remove(ResourceType::kNode, sample_id(1), kV13).error().status == 409);
  CHECK(store.remove(ResourceType::kNode, sample_id(1), ApiVersion{1, 2}));
}

TEST_CASE("created and updated stamps are unique and increase across the registry") {
  ClockModel clock;
  ResourceStore store(clock, kTwelveSeconds);
  RegisteredTree tree(store);
  PtpTime previous;
  for (const auto& id : {tree.node, tree.device, tree.source, tree.flow, tree.sender, tree.receiver}) {
    const auto resource = store.find(id);
    CHECK(resource->created == resource->updated);
    CHECK(resource->created > previous);
    previous = resource->created;
  }
  CHECK(store.latest_stamp() == previous);
}

TEST_CASE("deleting a device removes its sources, flows, senders and receivers at once") {
  ClockModel clock;
  ResourceStore store(clock, kTwelveSeconds);
  RegisteredTree tree(store);
  std::vector<std::string> removed;
  store.add_change_listener([&](const ResourceChange& change) {
    CHECK(change.pre);
    CHECK_FALSE(change.post);
    removed.push_back(change.id);
  });
  REQUIRE(store.remove(ResourceType::kDevice, tree.device, kV13));
  CHECK(store.size() == 1);
  CHECK(store.find(tree.node));
  REQUIRE(removed.size() == 5);
  CHECK(removed.back() == tree.device);  // children go before their parent
  CHECK(store.remove(ResourceType::kDevice, tree.device, kV13).error().status == 404);
}

TEST_CASE("deleting with the wrong type answers 404") {
  ClockModel clock;
  ResourceStore store(clock, kTwelveSeconds);
  RegisteredTree tree(store);
  CHECK(store.remove(ResourceType::kSender, tree.device, kV13).error().status == 404);
  CHECK(store.size() == 6);
}

TEST_CASE("a node that misses heartbeats is expired with all its children") {
  ClockModel clock;
  ResourceStore store(clock, kTwelveSeconds);
  RegisteredTree tree(store);
  const Nanoseconds registered_at = monotonic_raw_now();
  CHECK(store.expire_stale_nodes(registered_at + kTwelveSeconds / 2) == 0);
  CHECK(store.size() == 6);
  CHECK(store.expire_stale_nodes(registered_at + kTwelveSeconds + kNanosPerSecond) == 1);
  CHECK(store.size() == 0);
  CHECK(store.heartbeat(tree.node, kV13).error().status == 404);
}

TEST_CASE("a heartbeat keeps a node alive and reports its time") {
  ClockModel clock;
  ResourceStore store(clock, 200'000'000);
  RegisteredTree tree(store);
  const auto before = clock.now();
  const auto health = store.heartbeat(tree.node, kV13);
  REQUIRE(health);
  CHECK(*health >= before);
  CHECK(store.last_heartbeat(tree.node, kV13).value() == *health);
  CHECK(store.expire_stale_nodes(monotonic_raw_now() + 100'000'000) == 0);
  CHECK(store.heartbeat(sample_id(77), kV13).error().status == 404);
}

TEST_CASE("every change is announced with what was there before and after") {
  ClockModel clock;
  ResourceStore store(clock, kTwelveSeconds);
  std::vector<ResourceChange> changes;
  store.add_change_listener([&](const ResourceChange& change) { changes.push_back(change); });
  REQUIRE(store.upsert(ResourceType::kNode, sample_node(sample_id(1), "a"), kV13));
  REQUIRE(store.upsert(ResourceType::kNode, sample_node(sample_id(1), "b"), kV13));
  REQUIRE(store.remove(ResourceType::kNode, sample_id(1), kV13));
  REQUIRE(changes.size() == 3);
  CHECK_FALSE(changes[0].pre);
  CHECK(changes[0].post->data["label"] == "a");
  CHECK(changes[1].pre->data["label"] == "a");
  CHECK(changes[1].post->data["label"] == "b");
  CHECK(changes[2].pre->data["label"] == "b");
  CHECK_FALSE(changes[2].post);
}
