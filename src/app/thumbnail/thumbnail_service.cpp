#include "thumbnail/thumbnail_service.hpp"

#include <algorithm>
#include <cmath>
#include <variant>

namespace crosspoint::app {

namespace {

using Clock = std::chrono::steady_clock;

std::string name_of(const WatchableFlow& flow) {
  return std::string(flow.point == engine::TapPoint::kInput ? "input '" : "output '") + flow.id + "'";
}

// Units (frames, or fields) a second, for about one picture a second.
std::uint32_t units_per_second(const st2110::VideoFormat& format) {
  const Rational& rate = format.exact_frame_rate;
  const double frames = rate.denominator > 0 ? static_cast<double>(rate.numerator) / static_cast<double>(rate.denominator) : 25.0;
  const double units = frames * (format.interlaced || format.segmented ? 2 : 1);
  return std::max<std::uint32_t>(1, static_cast<std::uint32_t>(std::lround(units)));
}

}  // namespace

ThumbnailService::ThumbnailService(engine::Engine& engine, std::vector<WatchableFlow> flows, ThumbnailTiming timing)
    : engine_(engine), timing_(timing) {
  for (WatchableFlow& flow : flows) {
    Watched watched;
    if (flow.format) {
      if (const auto* video = std::get_if<st2110::VideoFormat>(&*flow.format)) {
        watched.picture = TappedPicture::create(*video);
        watched.one_in = units_per_second(*video);
      } else if (const auto* audio = std::get_if<st2110::AudioFormat>(&*flow.format)) {
        watched.meter.emplace(audio->encoding, audio->channels);
        watched.one_in = timing_.audio_one_in;
      }
    }
    watched.flow = std::move(flow);
    flows_.push_back(std::move(watched));
  }
  thread_ = std::thread([this] { run(); });
}

ThumbnailService::~ThumbnailService() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  for (Watched& flow : flows_) {
    if (flow.key) (void)engine_.tap(flow.flow.point, flow.flow.id, {.one_in = 1, .lease = std::chrono::milliseconds(0)});
  }
  engine_.read_tap([](const engine::TappedPacket&) {});
}

ThumbnailService::Watched* ThumbnailService::find(engine::TapPoint point, std::string_view id) {
  const auto it = std::find_if(flows_.begin(), flows_.end(),
                               [&](const Watched& w) { return w.flow.point == point && w.flow.id == id; });
  return it == flows_.end() ? nullptr : &*it;
}

ThumbnailService::Watched* ThumbnailService::find_with_format(engine::TapPoint point, std::string_view id,
                                                              PreviewOutcome& outcome, std::string& reason) {
  Watched* flow = find(point, id);
  if (flow == nullptr) {
    outcome = PreviewOutcome::kUnknown;
    reason = std::string(point == engine::TapPoint::kInput ? "no input '" : "no output '") + std::string(id) + "'";
  } else if (!flow->flow.format) {
    outcome = PreviewOutcome::kUnsupported;
    reason = name_of(flow->flow) + " has no known format (no SDP)";
    flow = nullptr;
  }
  return flow;
}

void ThumbnailService::watch(Watched& flow) {
  const auto now = Clock::now();
  const bool was_watched = flow.watched_until > now;
  flow.watched_until = now + timing_.watch_linger;
  if (was_watched || flow.key) return;
  // Flows watched together start their taps spread over a renewal period, so their copied frames (one a
  // second each) do not all come at once and overflow the tap's pool.
  const auto index = static_cast<std::size_t>(&flow - flows_.data());
  flow.first_grant_at = now + timing_.renew * static_cast<std::int64_t>(index) / static_cast<std::int64_t>(flows_.size());
  wake_.notify_all();
}

PictureAnswer ThumbnailService::picture(engine::TapPoint point, std::string_view id) {
  const std::lock_guard lock(mutex_);
  PreviewOutcome outcome{};
  std::string reason;
  Watched* flow = find_with_format(point, id, outcome, reason);
  if (flow == nullptr) return {outcome, reason, {}};
  const std::string name = name_of(flow->flow);
  if (!std::holds_alternative<st2110::VideoFormat>(*flow->flow.format)) {
    return {PreviewOutcome::kWrongMedia, name + " is not video: it has no picture", {}};
  }
  if (!flow->picture) return {PreviewOutcome::kUnsupported, name + ": its sampling or depth is not decoded", {}};
  watch(*flow);
  if (!flow->picture->latest()) {
    return {PreviewOutcome::kNotYet, name + ": no whole frame tapped yet (tapping starts with the first request)", {}};
  }
  return {PreviewOutcome::kReady, {}, flow->picture->latest(), flow->picture->latest_rtp_timestamp()};
}

MeterAnswer ThumbnailService::meters(engine::TapPoint point, std::string_view id) {
  const std::lock_guard lock(mutex_);
  PreviewOutcome outcome{};
  std::string reason;
  Watched* flow = find_with_format(point, id, outcome, reason);
  if (flow == nullptr) return {outcome, reason, {}};
  const std::string name = name_of(flow->flow);
  if (!flow->meter) return {PreviewOutcome::kWrongMedia, name + " is not audio: it has no meters", {}};
  watch(*flow);
  if (!flow->peaks_dbfs) {
    return {PreviewOutcome::kNotYet, name + ": no audio period tapped yet (tapping starts with the first request)", {}};
  }
  return {PreviewOutcome::kReady, {}, *flow->peaks_dbfs};
}

std::vector<PreviewListing> ThumbnailService::watch_all() {
  const std::lock_guard lock(mutex_);
  std::vector<PreviewListing> listing;
  for (Watched& flow : flows_) {
    if (!flow.picture && !flow.meter) continue;
    watch(flow);
    const bool ready = flow.picture ? flow.picture->latest().has_value() : flow.peaks_dbfs.has_value();
    listing.push_back({flow.flow.point, flow.flow.id, flow.flow.label.empty() ? flow.flow.id : flow.flow.label,
                       flow.picture.has_value(), flow.meter.has_value(), ready});
  }
  return listing;
}

void ThumbnailService::grant(Watched& flow, Clock::time_point now) {
  auto key = engine_.tap(flow.flow.point, flow.flow.id, {.one_in = flow.one_in, .lease = timing_.lease});
  flow.key = key ? std::optional(*key) : std::nullopt;
  if (!key) flow.first_grant_at = now + timing_.renew;  // refused (the engine stopped): asked again later
}

std::optional<Clock::time_point> ThumbnailService::grant_due(Clock::time_point now) {
  std::optional<Clock::time_point> next;
  for (Watched& flow : flows_) {
    if (flow.key || flow.watched_until <= now) continue;
    if (flow.first_grant_at <= now) grant(flow, now);
    if (!flow.key && (!next || flow.first_grant_at < *next)) next = flow.first_grant_at;
  }
  return next;
}

void ThumbnailService::renew(Clock::time_point now) {
  for (Watched& flow : flows_) {
    if (flow.meter && flow.heard) {
      flow.peaks_dbfs = flow.meter->take_peaks_dbfs();
      flow.heard = false;
    }
    if (flow.key && flow.watched_until > now) {
      grant(flow, now);
    } else if (flow.key) {
      (void)engine_.tap(flow.flow.point, flow.flow.id, {.one_in = 1, .lease = std::chrono::milliseconds(0)});
      flow.key.reset();
    }
  }
}

void ThumbnailService::consume(const engine::TappedPacket& packet) {
  for (Watched& flow : flows_) {
    if (!flow.key || !(*flow.key == packet.key)) continue;
    if (flow.picture) flow.picture->add(packet);
    if (flow.meter) {
      flow.meter->add_payload(packet.payload);
      flow.heard = true;
    }
    return;
  }
}

void ThumbnailService::run() {
  std::unique_lock lock(mutex_);
  auto next_renew = Clock::now();
  while (!stopping_) {
    const auto now = Clock::now();
    if (now >= next_renew) {
      renew(now);
      next_renew = now + timing_.renew;
    }
    const std::optional<Clock::time_point> next_grant = grant_due(now);
    const bool tapping = std::any_of(flows_.begin(), flows_.end(), [](const Watched& w) { return w.key.has_value(); });
    if (!tapping) {
      if (next_grant) {
        // Watched flows whose taps start later.
        wake_.wait_until(lock, std::min(*next_grant, next_renew), [&] { return stopping_; });
      } else {
        // Idle until a request marks a flow watched.
        wake_.wait(lock, [&] {
          return stopping_ || std::any_of(flows_.begin(), flows_.end(),
                                          [](const Watched& w) { return w.watched_until > Clock::now(); });
        });
        next_renew = Clock::now() + timing_.renew;
      }
      continue;
    }
    engine_.read_tap([this](const engine::TappedPacket& packet) { consume(packet); });
    wake_.wait_for(lock, timing_.drain, [&] { return stopping_; });
  }
}

}  // namespace crosspoint::app
