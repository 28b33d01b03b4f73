#include "nmos/registry/store/etcd_client.hpp"

#include <thread>

#include <boost/beast/core/detail/base64.hpp>

namespace crosspoint::nmos::registry {

namespace {

namespace base64 = boost::beast::detail::base64;

// gRPC codes that say "this endpoint cannot decide now", so another endpoint may: DEADLINE_EXCEEDED,
// UNAVAILABLE, and the raft "no leader" / "request timed out" the gateway reports as UNKNOWN.
bool says_unavailable(int code, std::string_view message) {
  return code == 4 || code == 14 || message.find("no leader") != std::string_view::npos ||
         message.find("timed out") != std::string_view::npos || message.find("leader changed") != std::string_view::npos;
}

}  // namespace

EtcdClient::EtcdClient(std::vector<http::HttpUrl> endpoints, std::chrono::milliseconds timeout)
    : endpoints_(std::move(endpoints)), timeout_(timeout) {}

EtcdClient::~EtcdClient() = default;

std::unique_ptr<http::HttpClient> EtcdClient::take_connection() {
  std::lock_guard lock(mutex_);
  if (idle_.empty()) return std::make_unique<http::HttpClient>(timeout_);
  auto connection = std::move(idle_.back());
  idle_.pop_back();
  return connection;
}

void EtcdClient::give_back(std::unique_ptr<http::HttpClient> connection) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(connection));
}

Expected<nlohmann::json, EtcdError> EtcdClient::call(std::string_view path, const nlohmann::json& request) {
  if (endpoints_.empty()) return Unexpected{EtcdError{true, 0, "no etcd endpoints"}};
  const std::string body = request.dump();
  auto connection = take_connection();
  EtcdError last{true, 0, "no etcd endpoint answered"};
  const std::size_t leader = leader_.load();
  const std::size_t first = leader != kNoLeader ? leader : preferred_.load();
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  // The leader that does not answer is no longer known: until the next election is seen, calls go to the
  // endpoint that answered last rather than wait on it first each time.
  auto forget_leader = [this](std::size_t index) {
    std::size_t known = index;
    leader_.compare_exchange_strong(known, kNoLeader);
  };
  // Round after round over the endpoints until the budget is spent: a leader election takes a moment.
  for (std::size_t attempt = 0;; ++attempt) {
    if (attempt > 0 && attempt % endpoints_.size() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left <= std::chrono::milliseconds(0)) break;
    // An endpoint without a leader holds a request until etcd's own timeout, far beyond an election: give each
    // attempt a slice of the budget, so the next attempt reaches the newly elected leader.
    connection->set_timeout(std::min(left, std::max(timeout_ / 4, std::chrono::milliseconds(500))));
    const std::size_t index = (first + attempt) % endpoints_.size();
    http::HttpUrl url = endpoints_[index];
    url.target = std::string(path);
    http::Request message{http::Method::post, url.target, 11};
    message.set(http::beast_http::field::content_type, "application/json");
    message.body() = body;
    auto response = connection->send(url, std::move(message));
    if (!response) {
      last = EtcdError{true, 0, url.host + ":" + std::to_string(url.port) + ": " + response.error()};
      forget_leader(index);
      continue;
    }
    auto answer = nlohmann::json::parse(response->body(), nullptr, false);
    if (answer.is_discarded() || !answer.is_object()) {
      last = EtcdError{true, 0, "etcd answered " + std::to_string(response->result_int()) + " without JSON"};
      forget_leader(index);
      continue;
    }
    if (response->result_int() != 200 || answer.contains("error")) {
      const int code = answer.value("code", 0);
      const std::string text = answer.value("message", answer.value("error", std::string("error")));
      EtcdError error{says_unavailable(code, text), code, text};
      if (error.unavailable) {
        last = std::move(error);
        forget_leader(index);
        continue;
      }
      preferred_ = index;
      give_back(std::move(connection));
      return Unexpected{std::move(error)};  // a decision: the compare or the lease says no
    }
    preferred_ = index;
    give_back(std::move(connection));
    follow_term(etcd_int(answer.value("header", nlohmann::json::object()), "raft_term"));
    return answer;
  }
  give_back(std::move(connection));
  return Unexpected{std::move(last)};
}

void EtcdClient::follow_term(std::int64_t term) {
  std::int64_t known = known_term_.load();
  while (term > known) {
    if (known_term_.compare_exchange_weak(known, term)) {
      find_leader();  // its own calls answer in this term (or a later one, which asks again)
      return;
    }
  }
}

void EtcdClient::find_leader() {
  const auto status = call("/v3/maintenance/status", nlohmann::json::object());
  const auto members = call("/v3/cluster/member/list", nlohmann::json::object());
  if (!status || !members) return;  // the next answer in a new term asks again
  const std::string leader_id = status->value("leader", std::string{});
  std::size_t found = kNoLeader;
  for (const auto& member : members->value("members", nlohmann::json::array())) {
    if (member.value("ID", std::string{}) != leader_id) continue;
    for (const auto& url_text : member.value("clientURLs", nlohmann::json::array())) {
      const auto url = http::HttpUrl::parse(url_text.is_string() ? url_text.get<std::string>() : std::string{});
      for (std::size_t index = 0; url && index < endpoints_.size(); ++index) {
        if (endpoints_[index].host == url->host && endpoints_[index].port == url->port) found = index;
      }
    }
  }
  leader_ = found;
}

std::string etcd_base64(std::string_view bytes) {
  std::string text(base64::encoded_size(bytes.size()), '\0');
  text.resize(base64::encode(text.data(), bytes.data(), bytes.size()));
  return text;
}

std::string etcd_unbase64(std::string_view text) {
  std::string bytes(base64::decoded_size(text.size()), '\0');
  bytes.resize(base64::decode(bytes.data(), text.data(), text.size()).first);
  return bytes;
}

std::string etcd_prefix_end(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    if (static_cast<unsigned char>(end.back()) < 0xff) {
      end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
      return end;
    }
    end.pop_back();
  }
  return std::string(1, '\0');  // every key
}

std::int64_t etcd_int(const nlohmann::json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end()) return 0;
  if (found->is_number_integer()) return found->get<std::int64_t>();
  if (found->is_string()) {
    try {
      return std::stoll(found->get_ref<const std::string&>());
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

}  // namespace crosspoint::nmos::registry
