#include <catch2/catch.hpp>

#include "nmos/registry/resource_query.hpp"
#include "sample_resources.hpp"

using namespace crosspoint::nmos;
using namespace crosspoint::nmos::registry;
using namespace crosspoint::nmos::registry::test;

namespace {

bool query_matches(const QueryParams& params, const nlohmann::json& data) {
  const auto query = ResourceQuery::parse(ApiVersion{1, 3}, params);
  REQUIRE(query);
  RegisteredResource resource{ResourceType::kNode, data.value("id", ""), ApiVersion{1, 3}, data, data.dump(), {}, {}};
  return query->matches(resource);
}

}  // namespace

TEST_CASE("a basic query matches top-level attributes exactly") {
  auto sender = sample_sender(sample_id(5), sample_id(2), sample_id(4));
  CHECK(query_matches({{"transport", "urn:x-nmos:transport:rtp.mcast"}}, sender));
  CHECK_FALSE(query_matches({{"transport", "urn:x-nmos:transport:rtp"}}, sender));
  CHECK(query_matches({{"transport", "urn:x-nmos:transport:rtp.mcast"}, {"label", "sender"}}, sender));
  CHECK_FALSE(query_matches({{"transport", "urn:x-nmos:transport:rtp.mcast"}, {"label", "other"}}, sender));
}

TEST_CASE("a basic query reaches into objects with dots") {
  auto receiver = sample_video_receiver(sample_id(6), sample_id(2));
  receiver["subscription"]["sender_id"] = sample_id(5);
  CHECK(query_matches({{"subscription.sender_id", sample_id(5)}}, receiver));
  CHECK(query_matches({{"subscription.active", "false"}}, receiver));
  CHECK_FALSE(query_matches({{"subscription.active", "true"}}, receiver));
}

TEST_CASE("a basic query matches any element of an array") {
  auto node = sample_node(sample_id(1));
  node["services"] = {{{"href", "http://a/"}, {"type", "urn:x-manufacturer:service:tally"}},
                      {{"href", "http://b/"}, {"type", "urn:x-manufacturer:service:status"}}};
  node["tags"] = {{"studio", {"HQ1", "HQ2"}}, {"urn:x-nmos:tag:grouphint/v1.0", {"rack:0"}}};
  CHECK(query_matches({{"services.type", "urn:x-manufacturer:service:status"}}, node));
  CHECK_FALSE(query_matches({{"services.type", "urn:x-manufacturer:service:other"}}, node));
  CHECK(query_matches({{"tags.studio", "HQ2"}}, node));
  CHECK(query_matches({{"tags.urn:x-nmos:tag:grouphint/v1.0", "rack:0"}}, node));
}

TEST_CASE("a basic query compares numbers numerically") {
  const auto flow = sample_video_flow(sample_id(4), sample_id(3), sample_id(2));
  CHECK(query_matches({{"frame_width", "1920"}}, flow));
  CHECK(query_matches({{"grain_rate.numerator", "50"}}, flow));
  CHECK(query_matches({{"components.bit_depth", "10"}}, flow));
  CHECK_FALSE(query_matches({{"frame_width", "1280"}}, flow));
  CHECK_FALSE(query_matches({{"frame_width", "19x"}}, flow));
}

TEST_CASE("a basic query on an attribute no resource has matches nothing") {
  CHECK_FALSE(query_matches({{"no_such_attribute", "x"}}, sample_node(sample_id(1))));
}

TEST_CASE("query parameters this registry does not implement answer 501, malformed ones 400") {
  CHECK(ResourceQuery::parse(ApiVersion{1, 3}, {{"query.ancestry_id", sample_id(1)}}).error().status == 501);
  CHECK(ResourceQuery::parse(ApiVersion{1, 3}, {{"label", "a"}, {"label", "b"}}).error().status == 400);
  CHECK(ResourceQuery::parse(ApiVersion{1, 3}, {{"query.downgrade", "1.2"}}).error().status == 400);
  CHECK(ResourceQuery::parse(ApiVersion{1, 3}, {{"query.downgrade", "v2.0"}}).error().status == 400);
  CHECK(ResourceQuery::parse(ApiVersion{1, 3}, {{"paging.limit", "5"}}));
}

TEST_CASE("subscription params become query parameters") {
  const auto params = params_from_json({{"label", "x"}, {"frame_width", 1920}, {"query.rql", "eq(label,x)"}});
  REQUIRE(params);
  CHECK(params->find("frame_width")->second == "1920");
  CHECK(params->find("label")->second == "x");
  CHECK(params_from_json({{"tags", {{"a", 1}}}}).error().status == 400);
  CHECK(params_from_json(nlohmann::json::array()).error().status == 400);
}
