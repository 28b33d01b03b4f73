// PTP messages and management TLVs from the network: a message decodes or is refused with a reason; what
// decodes encodes again and decodes to the same message; a management request gets the clock's answer, and
// a data set in a management TLV decodes or is refused.
#include <array>
#include <cstddef>
#include <cstdint>
#include <variant>

#include "fuzz_check.hpp"
#include "management.hpp"
#include "message.hpp"

using namespace crosspoint::ptp;
using crosspoint::fuzz::inside;

namespace {

void decode_data_sets(const Management& management) {
  switch (management.id) {
    case ManagementId::kDefaultDataSet: (void)decode_default_data_set(management.data); break;
    case ManagementId::kCurrentDataSet: (void)decode_current_data_set(management.data); break;
    case ManagementId::kParentDataSet: (void)decode_parent_data_set(management.data); break;
    case ManagementId::kTimePropertiesDataSet: (void)decode_time_properties_data_set(management.data); break;
    case ManagementId::kPortDataSet: (void)decode_port_data_set(management.data); break;
    default: break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes{data, size};
  const auto message = decode_message(bytes);
  if (!message) {
    FUZZ_REQUIRE(message.error() < MessageError::kCount);
    return 0;
  }
  FUZZ_REQUIRE(message->header.length <= size);
  FUZZ_REQUIRE(type_of(message->body) == message->header.type);

  if (const auto* signaling = std::get_if<Signaling>(&message->body)) FUZZ_REQUIRE(inside(signaling->tlvs, bytes));
  if (const auto* management = std::get_if<Management>(&message->body)) {
    FUZZ_REQUIRE(inside(management->data, bytes));
    decode_data_sets(*management);
    if (is_request(management->action)) {
      std::array<std::uint8_t, kMaxManagementDataLength> answer_data{};
      const Management answer = answer_management(*management, message->header.source, DataSets{}, answer_data);
      FUZZ_REQUIRE(inside(answer.data, answer_data));
      decode_data_sets(answer);
    }
  }

  // What was read is written back within the largest message and reads the same.
  std::array<std::uint8_t, 1500> again{};
  const auto written = encode_message(*message, again);
  if (!written) return 0;
  const auto reread = decode_message(std::span<const std::uint8_t>{again.data(), *written});
  FUZZ_REQUIRE(reread.has_value());
  FUZZ_REQUIRE(type_of(reread->body) == type_of(message->body));
  FUZZ_REQUIRE(reread->header.sequence_id == message->header.sequence_id);
  FUZZ_REQUIRE(reread->header.source == message->header.source);
  return 0;
}
