// EtcdClient: etcd's v3 API through its HTTP/JSON gateway (POST /v3/kv/range, /v3/kv/txn, /v3/lease/...), over
// kept-alive Beast connections, one per calling thread at a time. A call goes to the raft leader when it is one of
// the endpoints, else to the endpoint that answered last, and moves to the next one when that endpoint is
// unreachable or has no quorum, round after round, until its time budget is spent.
//
// Why the leader: a follower forwards every write to it anyway, one hop later, and writes that reach the leader
// by different followers arrive out of the order they were stamped in, so more of the registry's transactions
// lose the stamp compare and are sent again (measured by tools/registry_cluster_bench.py on three members:
// 1.43-1.47 transactions per registration through followers, 1.17-1.20 to the leader). The client learns the leader from etcd's status and
// member list when it first answers and again whenever a response header shows a new raft term (an election).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "crosspoint/expected.hpp"
#include "nmos/http/http_client.hpp"

namespace crosspoint::nmos::registry {

struct EtcdError {
  bool unavailable = false;  // no endpoint answered with a decision (down, no leader, timed out)
  int code = 0;              // the gRPC status code etcd gave, when it gave one
  std::string message;
};

class EtcdClient {
 public:
  EtcdClient(std::vector<http::HttpUrl> endpoints, std::chrono::milliseconds timeout);
  ~EtcdClient();

  // POST `path` (e.g. "/v3/kv/txn") with `request`; etcd's JSON answer.
  Expected<nlohmann::json, EtcdError> call(std::string_view path, const nlohmann::json& request);

  [[nodiscard]] const std::vector<http::HttpUrl>& endpoints() const { return endpoints_; }

 private:
  static constexpr std::size_t kNoLeader = static_cast<std::size_t>(-1);

  std::unique_ptr<http::HttpClient> take_connection();
  void give_back(std::unique_ptr<http::HttpClient> connection);
  // After an answer in raft term `term`: on a term not seen before, asks who leads now.
  void follow_term(std::int64_t term);
  void find_leader();

  const std::vector<http::HttpUrl> endpoints_;
  const std::chrono::milliseconds timeout_;
  std::atomic<std::size_t> preferred_{0};        // the endpoint that answered last
  std::atomic<std::size_t> leader_{kNoLeader};  // the raft leader's endpoint, when it is one of them
  std::atomic<std::int64_t> known_term_{0};
  std::mutex mutex_;
  std::vector<std::unique_ptr<http::HttpClient>> idle_;
};

// The gateway carries keys and values as base64.
[[nodiscard]] std::string etcd_base64(std::string_view bytes);
[[nodiscard]] std::string etcd_unbase64(std::string_view text);
// The range_end that makes a range cover every key starting with `prefix`.
[[nodiscard]] std::string etcd_prefix_end(std::string_view prefix);
// The gateway writes int64 fields as strings and leaves out zero values.
[[nodiscard]] std::int64_t etcd_int(const nlohmann::json& object, const char* key);

}  // namespace crosspoint::nmos::registry
