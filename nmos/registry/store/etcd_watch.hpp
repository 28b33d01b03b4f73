// EtcdWatch: follows every key under a prefix. It reads the prefix once (paged, at one revision), then holds a
// streaming POST /v3/watch open on a long-lived connection and hands each response's events over in revision
// order. When the stream breaks it reconnects, to the next endpoint if need be, from the revision after the
// last one it delivered, so no change is lost; when that revision has been compacted it reads the prefix again.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "nmos/registry/store/etcd_client.hpp"

namespace crosspoint::nmos::registry {

struct EtcdKeyValue {
  std::string key;
  std::string value;
  std::int64_t create_revision = 0;
  std::int64_t mod_revision = 0;
  std::int64_t lease = 0;
};

struct EtcdEvent {
  bool deleted = false;
  EtcdKeyValue kv;  // for a deletion: the key and the deletion's revision (mod_revision)
};

class EtcdWatch {
 public:
  struct Handlers {
    // Everything under the prefix at `revision`: replaces what the follower held.
    std::function<void(std::int64_t revision, const std::vector<EtcdKeyValue>& all)> snapshot;
    // The events of one watch response (one or more revisions), then the revision the follower is now at.
    std::function<void(std::int64_t revision, const std::vector<EtcdEvent>& events)> events;
    // The stream is open (true) or broken (false).
    std::function<void(bool open)> stream_state;
  };

  // `client` answers the snapshot reads; the stream uses its own connection to the same endpoints.
  EtcdWatch(std::shared_ptr<EtcdClient> client, std::string prefix, Handlers handlers);
  ~EtcdWatch();

  void start();
  void stop();
  // Drops the stream and opens it again (the follower suspects its endpoint has fallen behind).
  void reconnect();

 private:
  enum class StreamEnd { kBroken, kCompacted, kStopped };
  void run();
  bool read_snapshot();
  StreamEnd stream_from(const http::HttpUrl& endpoint);
  void wait(std::chrono::milliseconds span);

  std::shared_ptr<EtcdClient> client_;
  const std::string prefix_;
  const Handlers handlers_;
  std::int64_t next_revision_ = 0;  // 0: read the prefix first

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::function<void()> close_stream_;  // set while a stream is open; closes it from another thread
  std::thread thread_;
};

}  // namespace crosspoint::nmos::registry
