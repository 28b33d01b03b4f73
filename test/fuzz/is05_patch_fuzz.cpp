// IS-05 PATCH bodies for /staged, judged as the Connection API judges them (the request schema, then the
// sender's or receiver's rules, transport files included) on the fixture node's endpoints: the first octet
// picks the 2022-7 video sender, the audio sender, the 2022-7 video receiver or the audio receiver, the rest
// is the body. A body is refused with 400 or carried out, nothing throws, and what a PATCH returns matches
// the IS-05 response schema.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "connection_fixture.hpp"
#include "fuzz_check.hpp"
#include "nmos/connection/connection_endpoint.hpp"
#include "nmos/connection/is05_schemas.hpp"
#include "nmos/connection/receiver_rules.hpp"
#include "nmos/connection/sender_rules.hpp"

using namespace crosspoint;
using namespace crosspoint::nmos;
using namespace crosspoint::nmos::connection;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const ConnectionDescription node = test::sample_connections();
  static const std::shared_ptr<const TransportRules> rules[] = {
      std::make_shared<const SenderRules>(node.senders[0], node.interfaces),
      std::make_shared<const SenderRules>(node.senders[1], node.interfaces),
      std::make_shared<const ReceiverRules>(node.receivers[0], node.interfaces),
      std::make_shared<const ReceiverRules>(node.receivers[1], node.interfaces)};
  const auto& chosen = rules[data[0] % std::size(rules)];
  const char* response_schema =
      chosen->kind() == ConnectionKind::kSender ? "sender-response-schema.json" : "receiver-response-schema.json";

  // As parse_json_body reads a request: JSON or a 400 before any rule runs.
  const nlohmann::json body = nlohmann::json::parse(data + 1, data + size, nullptr, false);
  if (body.is_discarded()) return 0;
  ConnectionEndpoint endpoint(chosen);
  const PtpTime now{1'700'000'000, 500'000'000};
  const auto plan = endpoint.plan(body, now);
  if (!plan) {
    FUZZ_REQUIRE(plan.error().status == 400);
    return 0;
  }
  const nlohmann::json response = plan->immediate() ? endpoint.land_immediate(*plan, now) : endpoint.commit(*plan);
  if (const auto violation = is05_validator().validate(response, response_schema)) {
    std::fprintf(stderr, "%s\n%s\n", violation->to_string().c_str(), response.dump().c_str());
    FUZZ_REQUIRE(!violation);
  }
  if (plan->immediate()) (void)chosen->resolve(endpoint.active());
  return 0;
}
