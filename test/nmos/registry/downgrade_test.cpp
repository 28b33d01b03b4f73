#include <catch2/catch.hpp>

#include "nmos/registry/resource_query.hpp"
#include "sample_resources.hpp"

using namespace crosspoint::nmos;
using namespace crosspoint::nmos::registry;
using namespace crosspoint::nmos::registry::test;

namespace {

RegisteredResource registered(ResourceType type, nlohmann::json data, ApiVersion version) {
  auto serialized = data.dump();
  return RegisteredResource{type, data.value("id", ""), version, std::move(data), std::move(serialized), {}, {}};
}

VersionView view(ApiVersion requested, const QueryParams& params = {}) {
  auto parsed = VersionView::parse(requested, params);
  REQUIRE(parsed);
  return *parsed;
}

}  // namespace

TEST_CASE("a request sees resources of its own version and later minors, never earlier ones") {
  const auto v12 = view(ApiVersion{1, 2});
  CHECK(v12.admits(ApiVersion{1, 2}));
  CHECK(v12.admits(ApiVersion{1, 3}));
  CHECK_FALSE(v12.admits(ApiVersion{1, 1}));
  CHECK_FALSE(v12.admits(ApiVersion{2, 0}));
}

TEST_CASE("query.downgrade lowers the oldest version returned, within the major version") {
  const auto downgraded = view(ApiVersion{1, 3}, {{"query.downgrade", "v1.1"}});
  CHECK(downgraded.admits(ApiVersion{1, 1}));
  CHECK(downgraded.admits(ApiVersion{1, 2}));
  CHECK_FALSE(downgraded.admits(ApiVersion{1, 0}));
  CHECK(VersionView::parse(ApiVersion{1, 3}, {{"query.downgrade", "v2.0"}}).error().status == 400);
  CHECK(VersionView::parse(ApiVersion{1, 3}, {{"query.downgrade", "latest"}}).error().status == 400);
}

TEST_CASE("a newer resource is stripped of the keys added after the requested version") {
  const auto node = registered(ResourceType::kNode, sample_node(sample_id(1)), ApiVersion{1, 3});
  const auto as_v12 = view(ApiVersion{1, 2}).present(node);
  CHECK(as_v12.contains("interfaces"));
  CHECK_FALSE(as_v12["api"]["endpoints"][0].contains("authorization"));
  const auto as_v11 = view(ApiVersion{1, 1}).present(node);
  CHECK_FALSE(as_v11.contains("interfaces"));
  CHECK(as_v11.contains("clocks"));
  const auto as_v10 = view(ApiVersion{1, 0}).present(node);
  CHECK_FALSE(as_v10.contains("clocks"));
  CHECK_FALSE(as_v10.contains("description"));
  CHECK(as_v10["href"] == "http://127.0.0.1:12345/");
  CHECK(view(ApiVersion{1, 3}).present(node) == node.data);
}

TEST_CASE("senders lose their v1.2 keys and flows their v1.1 keys when presented as v1.0") {
  const auto sender = registered(ResourceType::kSender, sample_sender(sample_id(5), sample_id(2), sample_id(4)),
                                 ApiVersion{1, 3});
  const auto v11 = view(ApiVersion{1, 1}).present(sender);
  CHECK_FALSE(v11.contains("interface_bindings"));
  CHECK_FALSE(v11.contains("subscription"));
  CHECK(v11.contains("manifest_href"));
  const auto flow = registered(ResourceType::kFlow, sample_video_flow(sample_id(4), sample_id(3), sample_id(2)),
                               ApiVersion{1, 3});
  const auto v10 = view(ApiVersion{1, 0}).present(flow);
  CHECK_FALSE(v10.contains("frame_width"));
  CHECK_FALSE(v10.contains("device_id"));
  CHECK(v10.contains("source_id"));
}

TEST_CASE("older resources returned by a downgrade query are not upgraded") {
  auto old_node = sample_node(sample_id(1));
  old_node.erase("interfaces");
  const auto node = registered(ResourceType::kNode, old_node, ApiVersion{1, 1});
  CHECK(view(ApiVersion{1, 3}, {{"query.downgrade", "v1.1"}}).present(node) == old_node);
}

TEST_CASE("a basic query cannot match a key the requested version does not have") {
  const auto node = registered(ResourceType::kNode, sample_node(sample_id(1)), ApiVersion{1, 3});
  const auto v13 = ResourceQuery::parse(ApiVersion{1, 3}, {{"interfaces.name", "eth0"}});
  const auto v11 = ResourceQuery::parse(ApiVersion{1, 1}, {{"interfaces.name", "eth0"}});
  REQUIRE(v13);
  REQUIRE(v11);
  CHECK(v13->matches(node));
  CHECK_FALSE(v11->matches(node));
}
