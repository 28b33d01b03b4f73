#include "nmos/registry/store/etcd_watch.hpp"

#include <limits>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

namespace crosspoint::nmos::registry {

namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::int64_t kSnapshotPage = 500;

EtcdKeyValue key_value_of(const nlohmann::json& kv) {
  EtcdKeyValue result;
  result.key = etcd_unbase64(kv.value("key", std::string{}));
  result.value = etcd_unbase64(kv.value("value", std::string{}));
  result.create_revision = etcd_int(kv, "create_revision");
  result.mod_revision = etcd_int(kv, "mod_revision");
  result.lease = etcd_int(kv, "lease");
  return result;
}

}  // namespace

EtcdWatch::EtcdWatch(std::shared_ptr<EtcdClient> client, std::string prefix, Handlers handlers)
    : client_(std::move(client)), prefix_(std::move(prefix)), handlers_(std::move(handlers)) {}

EtcdWatch::~EtcdWatch() { stop(); }

void EtcdWatch::start() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void EtcdWatch::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (close_stream_) close_stream_();
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EtcdWatch::reconnect() {
  std::lock_guard lock(mutex_);
  if (close_stream_) close_stream_();
}

void EtcdWatch::wait(std::chrono::milliseconds span) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, span, [this] { return stopping_; });
}

void EtcdWatch::run() {
  auto backoff = std::chrono::milliseconds(50);
  // The member's first endpoint (its own etcd member, as deployed) first; the calls go to the leader instead.
  std::size_t endpoint = 0;
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    if (next_revision_ == 0 && !read_snapshot()) {
      wait(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
      continue;
    }
    const auto end = stream_from(client_->endpoints()[endpoint % client_->endpoints().size()]);
    if (handlers_.stream_state) handlers_.stream_state(false);
    if (end == StreamEnd::kStopped) return;
    if (end == StreamEnd::kCompacted) {
      next_revision_ = 0;
      continue;
    }
    ++endpoint;
    wait(backoff);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
  }
}

bool EtcdWatch::read_snapshot() {
  std::vector<EtcdKeyValue> all;
  std::string from = prefix_;
  std::int64_t revision = 0;
  for (;;) {
    nlohmann::json request{{"key", etcd_base64(from)},
                           {"range_end", etcd_base64(etcd_prefix_end(prefix_))},
                           {"limit", kSnapshotPage}};
    if (revision != 0) request["revision"] = revision;  // every page at the first page's revision
    const auto answer = client_->call("/v3/kv/range", request);
    if (!answer) return false;
    if (revision == 0) revision = etcd_int(answer->value("header", nlohmann::json::object()), "revision");
    const auto kvs = answer->value("kvs", nlohmann::json::array());
    for (const auto& kv : kvs) all.push_back(key_value_of(kv));
    if (!answer->value("more", false) || kvs.empty()) break;
    from = all.back().key + std::string(1, '\0');
  }
  handlers_.snapshot(revision, all);
  next_revision_ = revision + 1;
  return true;
}

EtcdWatch::StreamEnd EtcdWatch::stream_from(const http::HttpUrl& endpoint) {
  net::io_context io;
  beast::tcp_stream stream(io);
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return StreamEnd::kStopped;
    close_stream_ = [&io, &stream] {
      net::post(io, [&stream] {
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream.socket().close(ignored);
      });
    };
  }
  struct ClearCloser {
    EtcdWatch& watch;
    ~ClearCloser() {
      std::lock_guard lock(watch.mutex_);
      watch.close_stream_ = nullptr;
    }
  } clear{*this};

  beast::error_code ec;
  tcp::resolver resolver(io);
  const auto addresses = resolver.resolve(endpoint.host, std::to_string(endpoint.port), ec);
  if (ec) return StreamEnd::kBroken;
  stream.expires_after(std::chrono::seconds(2));
  stream.async_connect(addresses, [&ec](beast::error_code e, const tcp::endpoint&) { ec = e; });
  io.run();
  if (ec) return StreamEnd::kBroken;

  const nlohmann::json create{{"create_request",
                               {{"key", etcd_base64(prefix_)},
                                {"range_end", etcd_base64(etcd_prefix_end(prefix_))},
                                {"start_revision", next_revision_}}}};
  beast::http::request<beast::http::string_body> request{beast::http::verb::post, "/v3/watch", 11};
  request.set(beast::http::field::host, endpoint.host + ":" + std::to_string(endpoint.port));
  request.set(beast::http::field::content_type, "application/json");
  request.body() = create.dump();
  request.prepare_payload();
  stream.expires_never();
  io.restart();
  beast::http::async_write(stream, request, [&ec](beast::error_code e, std::size_t) { ec = e; });
  io.run();
  if (ec) return StreamEnd::kBroken;

  // The gateway streams one JSON object per line in a chunked body that never ends.
  beast::http::response_parser<beast::http::empty_body> parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  std::string pending;
  StreamEnd end = StreamEnd::kBroken;
  bool finished = false;
  auto on_line = [&](const std::string& line) {
    const auto message = nlohmann::json::parse(line, nullptr, false);
    if (message.is_discarded()) return;
    const auto result = message.value("result", nlohmann::json::object());
    if (message.contains("error") || etcd_int(result, "compact_revision") > 0) {
      end = etcd_int(result, "compact_revision") > 0 ? StreamEnd::kCompacted : StreamEnd::kBroken;
      finished = true;
      return;
    }
    if (result.value("canceled", false)) {
      finished = true;
      return;
    }
    if (result.value("created", false) && handlers_.stream_state) handlers_.stream_state(true);
    std::vector<EtcdEvent> events;
    for (const auto& event : result.value("events", nlohmann::json::array())) {
      EtcdEvent parsed;
      parsed.deleted = event.value("type", std::string{}) == "DELETE";
      parsed.kv = key_value_of(event.value("kv", nlohmann::json::object()));
      events.push_back(std::move(parsed));
    }
    if (events.empty()) return;  // created or progress: nothing new
    const std::int64_t reached = events.back().kv.mod_revision;
    handlers_.events(reached, events);
    next_revision_ = std::max(next_revision_, reached + 1);
  };
  auto on_body = [&](std::uint64_t, beast::string_view body, beast::error_code&) -> std::size_t {
    pending.append(body.data(), body.size());
    for (auto newline = pending.find('\n'); newline != std::string::npos; newline = pending.find('\n')) {
      on_line(pending.substr(0, newline));
      pending.erase(0, newline + 1);
    }
    return body.size();
  };
  parser.on_chunk_body(on_body);  // Beast keeps a reference to it: both end with this function
  beast::flat_buffer buffer;
  while (!finished) {
    io.restart();
    beast::http::async_read_some(stream, buffer, parser, [&ec](beast::error_code e, std::size_t) { ec = e; });
    io.run();
    if (ec) break;
    if (parser.is_header_done() && parser.get().result_int() != 200) break;
    if (parser.is_done()) break;
  }
  std::lock_guard lock(mutex_);
  return stopping_ ? StreamEnd::kStopped : end;
}

}  // namespace crosspoint::nmos::registry
