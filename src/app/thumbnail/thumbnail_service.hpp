// Pictures of video flows and peak meters of audio flows, from the engine's control-plane tap, only while
// someone asks for them: a request marks its flow watched for a few seconds; while any flow is watched a
// thread renews the taps' leases (about one frame a second of video, a period in four of audio), reads the
// copies, decodes them (TappedPicture, AudioPeakMeter) and keeps the latest. Once nobody has asked for
// `watch_linger`, the leases end and the data path pays nothing again.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "crosspoint/engine/engine.hpp"
#include "crosspoint/st2110/media_format.hpp"
#include "thumbnail/audio_peak_meter.hpp"
#include "thumbnail/tapped_picture.hpp"

namespace crosspoint::app {

// An input or output that may be watched, with the format it carries (none: unknown, nothing decoded).
struct WatchableFlow {
  engine::TapPoint point = engine::TapPoint::kInput;
  std::string id;
  std::optional<st2110::MediaFormat> format;
  std::string label;
};

struct ThumbnailTiming {
  std::chrono::milliseconds watch_linger{3000};  // a flow stays tapped this long after its last request
  std::chrono::milliseconds lease{2000};         // each lease granted; renewed every `renew`
  std::chrono::milliseconds renew{1000};         // also how often meters take their peak
  std::chrono::milliseconds drain{2};            // how often the tap's ring is read while tapping
  std::uint32_t audio_one_in = 4;                // audio periods metered: one in this many
};

enum class PreviewOutcome {
  kReady,
  kUnknown,      // no such input or output
  kWrongMedia,   // a picture of audio, meters of video
  kUnsupported,  // no format known, or one the decoders do not read
  kNotYet,       // tapping, nothing whole has come yet
};

struct PictureAnswer {
  PreviewOutcome outcome = PreviewOutcome::kUnknown;
  std::string reason;                       // for every outcome but kReady
  std::optional<VideoThumbnail> thumbnail;  // kReady
  std::uint32_t rtp_timestamp = 0;          // of the frame it shows
};

struct MeterAnswer {
  PreviewOutcome outcome = PreviewOutcome::kUnknown;
  std::string reason;
  std::vector<double> peaks_dbfs;  // per channel over the last `renew`; -infinity: silence
};

// One flow as a page lists it.
struct PreviewListing {
  engine::TapPoint point = engine::TapPoint::kInput;
  std::string id;
  std::string label;
  bool picture = false;  // video in a format decoded
  bool meters = false;   // audio
  bool ready = false;    // a picture or a level is there to fetch
};

class ThumbnailService {
 public:
  ThumbnailService(engine::Engine& engine, std::vector<WatchableFlow> flows, ThumbnailTiming timing = {});
  ~ThumbnailService();  // ends the leases and the thread
  ThumbnailService(const ThumbnailService&) = delete;
  ThumbnailService& operator=(const ThumbnailService&) = delete;

  // Each call marks the flow watched. Safe from any thread; never blocks on the engine's data path.
  PictureAnswer picture(engine::TapPoint point, std::string_view id);
  MeterAnswer meters(engine::TapPoint point, std::string_view id);
  // Every flow with a picture or meters, each marked watched: a page that lists them shows them all.
  std::vector<PreviewListing> watch_all();

 private:
  struct Watched {
    WatchableFlow flow;
    std::optional<TappedPicture> picture;  // video in a format read
    std::optional<AudioPeakMeter> meter;   // audio
    std::uint32_t one_in = 1;
    std::chrono::steady_clock::time_point watched_until{};
    std::optional<engine::TapKey> key;     // while its lease is held
    std::chrono::steady_clock::time_point first_grant_at{};  // when its tap starts, once watched
    bool heard = false;                    // audio since the meter's last period
    std::optional<std::vector<double>> peaks_dbfs;
  };

  Watched* find(engine::TapPoint point, std::string_view id);
  // The flow, when it exists and its format is known; else nullptr and why.
  Watched* find_with_format(engine::TapPoint point, std::string_view id, PreviewOutcome& outcome, std::string& reason);
  // Marks `flow` watched and wakes the thread; with the mutex held.
  void watch(Watched& flow);
  void run();
  // Renews the leases of watched flows, ends the others', takes the meters' peaks; with the mutex held.
  void renew(std::chrono::steady_clock::time_point now);
  // Starts the taps of watched flows whose time has come; returns when the next is due, if one waits.
  std::optional<std::chrono::steady_clock::time_point> grant_due(std::chrono::steady_clock::time_point now);
  // Grants or renews `flow`'s lease.
  void grant(Watched& flow, std::chrono::steady_clock::time_point now);
  void consume(const engine::TappedPacket& packet);

  engine::Engine& engine_;
  ThumbnailTiming timing_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Watched> flows_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace crosspoint::app
