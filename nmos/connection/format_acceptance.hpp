// Whether a receiver can take a format offered in a transport file, judged by the BCP-004-01 constraint sets
// the receiver advertises in IS-04 (so the answer and the advertisement cannot disagree).
#pragma once

#include <optional>
#include <string>

#include "crosspoint/nmos/connection_service.hpp"
#include "crosspoint/st2110/media_format.hpp"

namespace crosspoint::nmos::connection {

// nullopt when `receiver` accepts `offered`; otherwise why not, naming the capability
// ("urn:x-nmos:cap:format:color_sampling: offered \"YCbCr-4:4:4\", the receiver takes [\"YCbCr-4:2:2\"]").
[[nodiscard]] std::optional<std::string> why_not_acceptable(const ReceiverConnection& receiver,
                                                            const st2110::MediaFormat& offered);

}  // namespace crosspoint::nmos::connection
