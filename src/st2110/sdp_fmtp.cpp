#include "crosspoint/st2110/sdp_fmtp.hpp"

#include "crosspoint/st2110/sdp_error.hpp"
#include "crosspoint/st2110/sdp_text.hpp"

namespace crosspoint::st2110 {

Expected<std::vector<FmtpParameter>, std::string> split_fmtp_parameters(std::string_view parameters) {
  std::vector<FmtpParameter> result;
  while (!parameters.empty()) {
    const auto end = parameters.find(';');
    const std::string_view entry = sdp_text::trim(parameters.substr(0, end));
    parameters = end == std::string_view::npos ? std::string_view{} : parameters.substr(end + 1);
    if (entry.empty()) continue;
    const auto equals = entry.find('=');
    if (equals == std::string_view::npos) {
      result.push_back(FmtpParameter{entry, std::nullopt});
      continue;
    }
    const std::string_view name = sdp_text::trim(entry.substr(0, equals));
    if (name.empty()) return refuse("fmtp: parameter '" + std::string{entry} + "' has no name");
    result.push_back(FmtpParameter{name, sdp_text::trim(entry.substr(equals + 1))});
  }
  return result;
}

}  // namespace crosspoint::st2110
