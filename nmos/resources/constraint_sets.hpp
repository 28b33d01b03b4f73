// BCP-004-01 receiver capabilities: the constraint set that says "exactly this format" for an input that
// accepts one known ST 2110 format.
#pragma once

#include <nlohmann/json.hpp>

#include "crosspoint/st2110/media_format.hpp"

namespace crosspoint::nmos {

// A JSON array with one constraint set (frame size, rate, sampling, depth... or sample rate, channels, depth)
// carrying the BCP-004-01 metadata: a label naming the format, preference 100 and enabled.
nlohmann::json constraint_sets_for(const st2110::MediaFormat& format);

// The IANA media types a receiver of `type` accepts; narrowed by `format` when known.
std::vector<std::string> media_types_for(st2110::MediaType type, const std::optional<st2110::MediaFormat>& format);

}  // namespace crosspoint::nmos
