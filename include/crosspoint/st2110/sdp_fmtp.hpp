// The `a=fmtp:` parameter list shared by every ST 2110 family: "name=value; name; name=value".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crosspoint/expected.hpp"

namespace crosspoint::st2110 {

struct FmtpParameter {
  std::string_view name;
  std::optional<std::string_view> value;  // absent for a flag such as `interlace`
};

// Splits on ';' and trims spaces; empty entries (a trailing "; ") are skipped. A '=' with no name is an error.
Expected<std::vector<FmtpParameter>, std::string> split_fmtp_parameters(std::string_view parameters);

}  // namespace crosspoint::st2110
