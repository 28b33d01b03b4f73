// The thumbnail service on the node's HTTP server:
//   GET /x-crosspoint/v1/thumbnails/{inputs|outputs}/{id}  -> image/bmp, 160 px wide, about a second old
//   GET /x-crosspoint/v1/meters/{inputs|outputs}/{id}      -> {"id", "peak_dbfs": [per channel, null: silence]}
//   GET /x-crosspoint/v1/thumbnails -> [{"kind", "id", "label", "picture": URL|null, "meters": URL|null, "ready"}]
//       for every flow with a picture or meters, each then watched (a page lists what it shows)
// Unknown ids are 404, a picture of audio or meters of video 409, nothing tapped yet 409 (ask again in a
// second: the first request starts the tap), each with an NMOS error body {code, error, debug}.
#pragma once

#include "crosspoint/nmos/node_service.hpp"
#include "thumbnail/thumbnail_service.hpp"

namespace crosspoint::app {

// `service` must outlive the node's server.
void serve_thumbnails(nmos::NodeService& node, ThumbnailService& service);

}  // namespace crosspoint::app
