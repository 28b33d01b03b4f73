#include "nmos/http/server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>

#include "nmos/http/http_session.hpp"
#include "nmos/http/server_state.hpp"

namespace crosspoint::nmos::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// Accepts connections and starts a session for each on its own strand.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& io_context, std::shared_ptr<ServerState> state)
      : io_context_(io_context), acceptor_(net::make_strand(io_context)), retry_timer_(io_context),
        state_(std::move(state)) {}

  Expected<std::uint16_t, std::string> open(const tcp::endpoint& endpoint) {
    boost::system::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return Unexpected{"cannot listen on " + endpoint.address().to_string() + ":" +
                              std::to_string(endpoint.port()) + ": " + ec.message()};
    return acceptor_.local_endpoint().port();
  }

  void run() { accept(); }

  void close() {
    net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
      boost::system::error_code ec;
      self->acceptor_.close(ec);
      self->retry_timer_.cancel();
    });
  }

 private:
  void accept() {
    acceptor_.async_accept(net::make_strand(io_context_),
                           [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
                             self->on_accept(ec, std::move(socket));
                           });
  }

  void on_accept(boost::system::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
      // Typically EMFILE: out of descriptors. Free one held by an idle client if there is one, and wait a
      // little instead of spinning.
      state_->refusals.count(Refusal::kAcceptFailed);
      const bool evicted = evict_oldest_waiting();
      retry_timer_.expires_after(std::chrono::milliseconds(evicted ? 5 : 50));
      retry_timer_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
        if (!wait_ec) self->accept();
      });
      return;
    }
    if (state_->connections_open.load() >= state_->options.max_connections && !evict_oldest_waiting()) {
      state_->refusals.count(Refusal::kConnectionLimit);
      boost::system::error_code ignored;
      socket.close(ignored);
    } else {
      ++state_->connections_accepted;
      std::make_shared<HttpSession>(std::move(socket), state_)->run();
    }
    accept();
  }

  // The connection that has waited longest for a request closes (asynchronously, on its own strand); false
  // when every connection is busy with a request or is a WebSocket.
  bool evict_oldest_waiting() {
    auto oldest = state_->waiting.take_oldest();
    if (oldest) oldest->evict();
    return oldest != nullptr;
  }

  net::io_context& io_context_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_timer_;
  std::shared_ptr<ServerState> state_;
};

HttpServer::HttpServer(ServerOptions options)
    : state_(std::make_shared<ServerState>()),
      io_context_(static_cast<int>(options.threads == 0 ? 1 : options.threads)) {
  state_->options = std::move(options);
  if (state_->options.threads == 0) state_->options.threads = 1;
}

HttpServer::~HttpServer() { stop(); }

Router& HttpServer::router() { return state_->router; }

const ServerOptions& HttpServer::options() const { return state_->options; }

Expected<std::uint16_t, std::string> HttpServer::start() {
  if (running_) return port_;
  boost::system::error_code ec;
  const auto address = net::ip::make_address(state_->options.address, ec);
  if (ec) return Unexpected{"bad listen address '" + state_->options.address + "': " + ec.message()};
  listener_ = std::make_shared<Listener>(io_context_, state_);
  auto bound = listener_->open(tcp::endpoint(address, state_->options.port));
  if (!bound) return bound;
  port_ = *bound;
  listener_->run();
  running_ = true;
  for (unsigned i = 0; i < state_->options.threads; ++i) threads_.emplace_back([this] { io_context_.run(); });
  return port_;
}

void HttpServer::stop() {
  if (!running_) return;
  running_ = false;
  listener_->close();
  io_context_.stop();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  // No io thread runs now: cut every connection, then let the aborted operations complete so the sessions
  // they keep alive are released (and WebSocket endpoints hear on_close).
  state_->sessions.close_all();
  io_context_.restart();
  io_context_.poll();
  listener_.reset();
}

std::string HttpServer::base_url() const {
  const std::string& address = state_->options.address;
  const bool ipv6 = address.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + address + "]" : address) + ":" + std::to_string(port_);
}

ServerStats HttpServer::stats() const {
  return ServerStats{state_->connections_accepted.load(), state_->connections_open.load(),
                     state_->requests.load(),             state_->websockets_open.load(),
                     state_->responses.by_status(),       state_->refusals.by_reason()};
}

}  // namespace crosspoint::nmos::http
