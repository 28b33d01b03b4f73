// A node's Connection API as the daemon would describe it (a 2022-7 video sender, an audio sender, a 2022-7
// 1080p 4:2:2 10-bit video receiver, an audio receiver), SDPs that controllers stage, and TestBackend: a
// stand-in for the engine that records every activation and lands it (at once, or at its PTP time from its
// own thread) so the API is tested before the engine integration exists.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "crosspoint/nmos/connection_service.hpp"
#include "crosspoint/time/clock_model.hpp"

namespace crosspoint::nmos::test {

inline const std::string kVideoSender = "5a1b0c2d-0000-4000-8000-000000000001";
inline const std::string kAudioSender = "5a1b0c2d-0000-4000-8000-000000000002";
inline const std::string kVideoReceiver = "5a1b0c2d-0000-4000-8000-000000000003";
inline const std::string kAudioReceiver = "5a1b0c2d-0000-4000-8000-000000000004";

inline st2110::VideoFormat video_1080p_422_10() {
  st2110::VideoFormat video;
  video.width = 1920;
  video.height = 1080;
  video.exact_frame_rate = Rational{50, 1};
  video.sampling = st2110::Sampling::kYCbCr422;
  video.depth = st2110::Depth::k10;
  return video;
}

inline ConnectionDescription sample_connections() {
  ConnectionDescription d;
  d.interfaces = {{"eth0", "192.168.10.5", "02-00-00-00-00-01"}, {"eth1", "192.168.20.5", "02-00-00-00-00-02"}};
  SenderConnection video;
  video.id = kVideoSender;
  video.output = "video-out";
  video.format = video_1080p_422_10();
  video.interfaces = {"eth0", "eth1"};
  video.destinations = {"239.10.0.1", "239.20.0.1"};
  d.senders.push_back(video);
  SenderConnection audio;
  audio.id = kAudioSender;
  audio.output = "audio-out";
  audio.format = st2110::AudioFormat{};
  audio.interfaces = {"eth0"};
  audio.destinations = {"239.10.0.2"};
  audio.destination_port = 5006;
  d.senders.push_back(audio);
  ReceiverConnection video_in;
  video_in.id = kVideoReceiver;
  video_in.input = "video-in";
  video_in.media_type = st2110::MediaType::kVideo;
  video_in.format = video_1080p_422_10();
  video_in.interfaces = {"eth0", "eth1"};
  d.receivers.push_back(video_in);
  ReceiverConnection audio_in;
  audio_in.id = kAudioReceiver;
  audio_in.input = "audio-in";
  audio_in.media_type = st2110::MediaType::kAudio;
  audio_in.interfaces = {"eth0"};
  d.receivers.push_back(audio_in);
  return d;
}

// What another device publishes: 1080p50 4:2:2 10-bit on two legs (DUP), source-specific.
inline std::string dup_video_sdp(const std::string& sampling = "YCbCr-4:2:2", int depth = 10) {
  const std::string fmtp = "a=fmtp:96 sampling=" + sampling + "; width=1920; height=1080; exactframerate=50; depth=" +
                           std::to_string(depth) + "; TCS=SDR; colorimetry=BT709; PM=2110GPM; SSN=ST2110-20:2017; TP=2110TPN\r\n";
  return "v=0\r\n"
         "o=- 123 1 IN IP4 192.168.99.7\r\n"
         "s=camera 1\r\n"
         "t=0 0\r\n"
         "a=group:DUP primary secondary\r\n"
         "m=video 5010 RTP/AVP 96\r\n"
         "c=IN IP4 239.99.1.1/64\r\n"
         "a=source-filter: incl IN IP4 239.99.1.1 192.168.99.7\r\n"
         "a=rtpmap:96 raw/90000\r\n" + fmtp +
         "a=ts-refclk:ptp=IEEE1588-2008:08-00-11-FF-FE-21-E4-30:0\r\n"
         "a=mediaclk:direct=0\r\n"
         "a=mid:primary\r\n"
         "m=video 5012 RTP/AVP 96\r\n"
         "c=IN IP4 239.99.2.1/64\r\n"
         "a=source-filter: incl IN IP4 239.99.2.1 192.168.98.7\r\n"
         "a=rtpmap:96 raw/90000\r\n" + fmtp +
         "a=ts-refclk:ptp=IEEE1588-2008:08-00-11-FF-FE-21-E4-30:0\r\n"
         "a=mediaclk:direct=0\r\n"
         "a=mid:secondary\r\n";
}

// Records what it is asked and lands it: immediate ones from its thread at once, scheduled ones when the
// clock reaches their time. `refuse` makes it refuse the next activations with that reason.
class TestBackend final : public ConnectionBackend {
 public:
  struct Call {
    std::variant<SenderActivation, ReceiverActivation> activation;
    std::optional<PtpTime> at;
  };

  explicit TestBackend(const ClockModel& clock) : clock_(clock), thread_([this] { run(); }) {}
  ~TestBackend() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

  std::optional<ActivationRefusal> activate_receiver(const ReceiverActivation& activation, std::optional<PtpTime> at,
                                                     ActivationLanded landed) override {
    return arm(activation.receiver_id, activation, at, std::move(landed));
  }
  std::optional<ActivationRefusal> activate_sender(const SenderActivation& activation, std::optional<PtpTime> at,
                                                   ActivationLanded landed) override {
    return arm(activation.sender_id, activation, at, std::move(landed));
  }
  bool cancel(ConnectionKind, const std::string& id) override {
    std::lock_guard lock(mutex_);
    const auto before = armed_.size();
    armed_.erase(std::remove_if(armed_.begin(), armed_.end(), [&](const Armed& a) { return a.id == id && a.at; }),
                 armed_.end());
    cancelled_ += before - armed_.size();
    return before != armed_.size();
  }

  // The route the last sender activation with a route asked of `output` (landed or not).
  std::optional<RouteStatus> route_status(const std::string& output) const override {
    std::lock_guard lock(mutex_);
    RouteStatus status;
    for (const Call& call : calls_) {
      const auto* sender = std::get_if<SenderActivation>(&call.activation);
      if (sender != nullptr && sender->output == output && sender->route) status.input = sender->route->input;
    }
    return status;
  }

  void refuse(std::optional<ActivationRefusal> refusal) {
    std::lock_guard lock(mutex_);
    refusal_ = std::move(refusal);
  }
  std::vector<Call> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  std::size_t cancelled() const {
    std::lock_guard lock(mutex_);
    return cancelled_;
  }
  std::size_t armed() const {
    std::lock_guard lock(mutex_);
    return armed_.size();
  }

 private:
  struct Armed {
    std::string id;
    std::optional<PtpTime> at;
    ActivationLanded landed;
  };

  std::optional<ActivationRefusal> arm(const std::string& id,
                                       std::variant<SenderActivation, ReceiverActivation> activation,
                                       std::optional<PtpTime> at, ActivationLanded landed) {
    {
      std::lock_guard lock(mutex_);
      if (refusal_) return refusal_;
      calls_.push_back({std::move(activation), at});
      armed_.push_back({id, at, std::move(landed)});
    }
    wake_.notify_all();
    return std::nullopt;
  }

  void run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      const PtpTime now = clock_.now();
      auto due = std::find_if(armed_.begin(), armed_.end(), [&](const Armed& a) { return !a.at || *a.at <= now; });
      if (due == armed_.end()) {
        wake_.wait_for(lock, std::chrono::milliseconds(1));
        continue;
      }
      Armed landing = std::move(*due);
      armed_.erase(due);
      lock.unlock();
      // A switch lands at a boundary at or after its time: never before it.
      landing.landed(landing.at ? std::max(*landing.at, clock_.now()) : clock_.now());
      lock.lock();
    }
  }

  const ClockModel& clock_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Call> calls_;
  std::vector<Armed> armed_;
  std::optional<ActivationRefusal> refusal_;
  std::size_t cancelled_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace crosspoint::nmos::test
