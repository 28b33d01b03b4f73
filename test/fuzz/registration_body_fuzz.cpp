// JSON bodies of the Registration API: POST /x-nmos/registration/{v}/resource on a registry holding a node and
// its device, through the Router the server uses. The first octet picks the API version (v1.0 to v1.3), the
// rest is the body. Nothing a client sends gets a 500; errors are NMOS error bodies; a registered resource
// reads back as registered and deletes.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "crosspoint/time/clock_model.hpp"
#include "http_request.hpp"
#include "nmos/registry/embedded_schemas.hpp"
#include "nmos/registry/registration_api.hpp"
#include "nmos/registry/served_versions.hpp"
#include "nmos/registry/store/in_process_store.hpp"
#include "sample_resources.hpp"

using namespace crosspoint;
using namespace crosspoint::nmos;
using namespace crosspoint::nmos::registry;
using nmos::http::Method;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const ClockModel clock;
  static const auto schemas = std::make_shared<const SchemaValidator>(*SchemaValidator::from_texts(embedded_is04_schemas()));
  const ApiVersion version = kIs04Versions[data[0] % std::size(kIs04Versions)];
  const std::string base = "/x-nmos/registration/" + version.to_string();

  auto store = std::make_shared<InProcessStore>(clock, 12'000'000'000);
  FUZZ_REQUIRE(store->upsert(ResourceType::kNode, test::sample_node(test::sample_id(1)), version));
  FUZZ_REQUIRE(store->upsert(ResourceType::kDevice, test::sample_device(test::sample_id(2), test::sample_id(1)), version));
  nmos::http::Router router;
  add_registration_api(router, store, schemas);

  const auto posted = fuzz::answer(router, Method::post, base + "/resource",
                                   std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  fuzz::require_nmos_answer(posted);
  if (posted.result_int() != 200 && posted.result_int() != 201) return 0;

  const auto location = posted.find(nmos::http::beast_http::field::location);
  FUZZ_REQUIRE(location != posted.end());
  const std::string where(location->value());
  const auto read = fuzz::answer(router, Method::get, where, "");
  FUZZ_REQUIRE(read.result_int() == 200);
  FUZZ_REQUIRE(nlohmann::json::parse(read.body()) == nlohmann::json::parse(posted.body()));
  fuzz::require_nmos_answer(fuzz::answer(router, Method::delete_, where, ""));
  return 0;
}
