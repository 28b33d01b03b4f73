// A media type as the Connection API's messages and the routes API name it: "video", "audio", "ancillary".
#pragma once

#include "crosspoint/st2110/media_format.hpp"

namespace crosspoint::nmos::connection {

inline const char* media_type_name(st2110::MediaType type) {
  switch (type) {
    case st2110::MediaType::kVideo: return "video";
    case st2110::MediaType::kAudio: return "audio";
    case st2110::MediaType::kAncillary: return "ancillary";
  }
  return "video";
}

}  // namespace crosspoint::nmos::connection
