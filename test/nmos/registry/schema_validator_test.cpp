#include <catch2/catch.hpp>

#include "nmos/registry/embedded_schemas.hpp"
#include "nmos/registry/schema_validator.hpp"
#include "sample_resources.hpp"

using namespace crosspoint::nmos;
using namespace crosspoint::nmos::registry;
using namespace crosspoint::nmos::registry::test;

namespace {

const SchemaValidator& is04() {
  static const SchemaValidator validator = [] {
    auto loaded = SchemaValidator::from_texts(embedded_is04_schemas());
    REQUIRE(loaded);
    return *loaded;
  }();
  return validator;
}

}  // namespace

TEST_CASE("the embedded IS-04 v1.3 schemas load and accept valid resources") {
  CHECK_FALSE(is04().validate(sample_node(sample_id(1)), "node.json"));
  CHECK_FALSE(is04().validate(sample_device(sample_id(2), sample_id(1)), "device.json"));
  CHECK_FALSE(is04().validate(sample_video_source(sample_id(3), sample_id(2)), "source.json"));
  CHECK_FALSE(is04().validate(sample_video_flow(sample_id(4), sample_id(3), sample_id(2)), "flow.json"));
  CHECK_FALSE(is04().validate(sample_sender(sample_id(5), sample_id(2), sample_id(4)), "sender.json"));
  CHECK_FALSE(is04().validate(sample_video_receiver(sample_id(6), sample_id(2)), "receiver.json"));
  const nlohmann::json registration = {{"type", "node"}, {"data", sample_node(sample_id(1))}};
  CHECK_FALSE(is04().validate(registration, "registrationapi-resource-post-request.json"));
}

TEST_CASE("a violation names the offending field and the reason") {
  auto flow = sample_video_flow(sample_id(4), sample_id(3), sample_id(2));
  flow["frame_width"] = "wide";
  const auto wrong_type = is04().validate(flow, "flow.json", "data");
  REQUIRE(wrong_type);
  CHECK(wrong_type->path == "data.frame_width");
  CHECK_THAT(wrong_type->reason, Catch::Contains("integer"));

  auto node = sample_node(sample_id(1));
  node.erase("clocks");
  const auto missing = is04().validate(node, "node.json");
  REQUIRE(missing);
  CHECK(missing->path == "clocks");
  CHECK(missing->reason == "is required");

  auto sender = sample_sender(sample_id(5), sample_id(2), sample_id(4));
  sender["device_id"] = "ABC";
  const auto bad_id = is04().validate(sender, "sender.json");
  REQUIRE(bad_id);
  CHECK(bad_id->path == "device_id");
  CHECK_THAT(bad_id->reason, Catch::Contains("must match"));
}

TEST_CASE("enums, array items and formats are enforced") {
  auto receiver = sample_video_receiver(sample_id(6), sample_id(2));
  receiver["format"] = "urn:x-nmos:format:smell";
  CHECK(is04().validate(receiver, "receiver.json"));

  auto node = sample_node(sample_id(1));
  node["api"]["endpoints"][0]["host"] = "not a host!";
  const auto bad_host = is04().validate(node, "node.json");
  REQUIRE(bad_host);
  CHECK_THAT(bad_host->path, Catch::StartsWith("api.endpoints[0]"));

  node = sample_node(sample_id(1));
  node["api"]["endpoints"][0]["host"] = "192.168.1.20";
  CHECK_FALSE(is04().validate(node, "node.json"));
  node["interfaces"][0]["port_id"] = "74:26:96:db:87:31";
  CHECK(is04().validate(node, "node.json"));
}

TEST_CASE("the subscription request schema requires its four members") {
  const nlohmann::json good = {{"max_update_rate_ms", 100}, {"persist", false}, {"resource_path", "/nodes"},
                               {"params", nlohmann::json::object()}};
  CHECK_FALSE(is04().validate(good, "queryapi-subscriptions-post-request.json"));
  auto bad = good;
  bad["resource_path"] = "/widgets";
  CHECK(is04().validate(bad, "queryapi-subscriptions-post-request.json")->path == "resource_path");
  bad = good;
  bad["max_update_rate_ms"] = 1.5;
  CHECK(is04().validate(bad, "queryapi-subscriptions-post-request.json")->path == "max_update_rate_ms");
}

TEST_CASE("unknown schemas and broken schema sets are reported, not crashed on") {
  CHECK(is04().validate(nlohmann::json::object(), "nothing.json"));
  CHECK_FALSE(SchemaValidator::from_texts({{"a.json", "{not json"}}));
  CHECK_FALSE(SchemaValidator::from_texts({{"a.json", R"({"pattern": "([a-"})"}}));
  CHECK_FALSE(SchemaValidator::from_directory("/nonexistent/schemas"));
}
