#include "thumbnail/thumbnail_site.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "crosspoint/nmos/web_endpoints.hpp"
#include "thumbnail/bmp_image.hpp"

namespace crosspoint::app {

namespace {

nmos::WebReply refusal(PreviewOutcome outcome, const std::string& reason) {
  switch (outcome) {
    case PreviewOutcome::kUnknown:
      return nmos::WebReply::error(404, reason);
    case PreviewOutcome::kNotYet:
      return nmos::WebReply::error(409, reason, "the tap has started: ask again in a second");
    default:
      return nmos::WebReply::error(409, reason);
  }
}

nmos::WebReply picture_reply(ThumbnailService& service, engine::TapPoint point, const std::string& id) {
  const PictureAnswer answer = service.picture(point, id);
  if (answer.outcome != PreviewOutcome::kReady) return refusal(answer.outcome, answer.reason);
  const VideoThumbnail& thumbnail = *answer.thumbnail;
  return nmos::WebReply{200, {"image/bmp", encode_bmp(thumbnail.width(), thumbnail.height(), thumbnail.rgb())}};
}

nmos::WebReply meter_reply(ThumbnailService& service, engine::TapPoint point, const std::string& id) {
  const MeterAnswer answer = service.meters(point, id);
  if (answer.outcome != PreviewOutcome::kReady) return refusal(answer.outcome, answer.reason);
  nlohmann::json peaks = nlohmann::json::array();
  for (const double peak : answer.peaks_dbfs) peaks.push_back(std::isfinite(peak) ? nlohmann::json(peak) : nlohmann::json());
  const nlohmann::json body = {{"id", id}, {"peak_dbfs", peaks}};
  return nmos::WebReply{200, {"application/json", body.dump()}};
}

nmos::WebReply listing_reply(ThumbnailService& service) {
  nlohmann::json flows = nlohmann::json::array();
  for (const PreviewListing& flow : service.watch_all()) {
    const std::string kind = flow.point == engine::TapPoint::kInput ? "inputs/" : "outputs/";
    flows.push_back({{"kind", flow.point == engine::TapPoint::kInput ? "input" : "output"},
                     {"id", flow.id},
                     {"label", flow.label},
                     {"picture", flow.picture ? nlohmann::json("/x-crosspoint/v1/thumbnails/" + kind + flow.id) : nlohmann::json()},
                     {"meters", flow.meters ? nlohmann::json("/x-crosspoint/v1/meters/" + kind + flow.id) : nlohmann::json()},
                     {"ready", flow.ready}});
  }
  return nmos::WebReply{200, {"application/json", flows.dump()}};
}

}  // namespace

void serve_thumbnails(nmos::NodeService& node, ThumbnailService& service) {
  nmos::WebEndpoints::serve_pattern(node, "/x-crosspoint/v1/thumbnails",
                                    [&service](const nmos::WebPathParams&) { return listing_reply(service); });
  for (const engine::TapPoint point : {engine::TapPoint::kInput, engine::TapPoint::kOutput}) {
    const std::string tail = std::string(point == engine::TapPoint::kInput ? "inputs" : "outputs") + "/{id}";
    nmos::WebEndpoints::serve_pattern(node, "/x-crosspoint/v1/thumbnails/" + tail, [&service, point](const nmos::WebPathParams& params) {
      return picture_reply(service, point, params.at("id"));
    });
    nmos::WebEndpoints::serve_pattern(node, "/x-crosspoint/v1/meters/" + tail, [&service, point](const nmos::WebPathParams& params) {
      return meter_reply(service, point, params.at("id"));
    });
  }
}

}  // namespace crosspoint::app
