#include "nmos/http/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/websocket.hpp>

#include "nmos/http/http_error.hpp"
#include "nmos/http/websocket_session.hpp"

namespace crosspoint::nmos::http {

namespace beast = boost::beast;
namespace net = boost::asio;

HttpSession::HttpSession(net::ip::tcp::socket&& socket, std::shared_ptr<ServerState> state)
    : stream_(std::move(socket)), connection_(std::move(state)) {
  beast::error_code ec;
  const auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_address_ = endpoint.address().to_string();
}

HttpSession::~HttpSession() {
  stop_waiting();
  if (registry_id_ != 0) connection_.state().sessions.remove(registry_id_);
}

void HttpSession::evict() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    if (!self->waiting_) return;  // its request arrived meanwhile: it is busy, not idle
    self->connection_.state().refusals.count(Refusal::kEvicted);
    self->stop_waiting();
    beast::error_code ec;
    self->stream_.socket().close(ec);
  });
}

void HttpSession::stop_waiting() {
  if (!waiting_) return;
  connection_.state().waiting.leave(*waiting_);
  waiting_.reset();
}

void HttpSession::close_socket() {
  if (handed_over_) return;
  beast::error_code ec;
  stream_.socket().close(ec);
}

void HttpSession::run() {
  registry_id_ = connection_.state().sessions.add(weak_from_this());
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_request(); });
}

void HttpSession::read_request() {
  const ServerOptions& options = connection_.state().options;
  parser_.emplace();
  parser_->body_limit(options.body_limit);
  parser_->header_limit(options.header_limit);
  stream_.expires_after(options.read_timeout);
  waiting_ = connection_.state().waiting.enter(weak_from_this());
  beast_http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void HttpSession::on_read(beast::error_code ec) {
  stop_waiting();
  ServerState& state = connection_.state();
  if (ec == beast_http::error::end_of_stream || ec == net::error::eof) return shut_down();
  if (ec == beast::error::timeout) {
    // An idle keep-alive connection that times out is routine; a request begun and not finished is not.
    if (parser_->got_some()) state.refusals.count(Refusal::kReadTimeout);
    return;  // the stream is already closed by the timeout
  }
  if (ec == beast_http::error::body_limit) {
    state.refusals.count(Refusal::kBodyTooLarge);
    return reply_and_close(error_response(Status::payload_too_large, "request body too large",
                                          "limit " + std::to_string(state.options.body_limit) + " bytes"));
  }
  if (ec == beast_http::error::header_limit) {
    state.refusals.count(Refusal::kHeaderTooLarge);
    return reply_and_close(error_response(Status::request_header_fields_too_large, "request header too large",
                                          "limit " + std::to_string(state.options.header_limit) + " bytes"));
  }
  if (ec.category() == beast_http::make_error_code(beast_http::error::bad_target).category()) {
    state.refusals.count(Refusal::kMalformed);
    return reply_and_close(error_response(Status::bad_request, "malformed HTTP request", ec.message()));
  }
  if (ec) return shut_down();

  ++state.requests;
  Request request = parser_->release();

  if (beast::websocket::is_upgrade(request)) {
    auto matched = state.router.match_websocket(std::move(request), remote_address_);
    if (auto* refusal = std::get_if<Response>(&matched)) return write(std::move(*refusal));
    stream_.expires_never();
    handed_over_ = true;
    std::make_shared<WebSocketSession>(std::move(stream_), std::move(connection_),
                                       std::move(std::get<Router::WebSocketMatch>(matched)))
        ->run();
    return;
  }

  // The handler may answer from another thread; the write always happens on this session's strand.
  state.router.dispatch(std::move(request), remote_address_, [self = shared_from_this()](Response response) {
    auto shared = std::make_shared<Response>(std::move(response));
    net::dispatch(self->stream_.get_executor(), [self, shared] { self->write(std::move(*shared)); });
  });
}

void HttpSession::reply_and_close(Response response) {
  // The request was not read whole, so the connection cannot carry another one.
  linger_on_close_ = true;
  response.keep_alive(false);
  finish_response(RequestHeader(parser_->get().base()), response);
  response.keep_alive(false);
  write(std::move(response));
}

void HttpSession::write(Response response) {
  connection_.state().responses.count(response.result_int());
  pending_response_ = std::make_shared<Response>(std::move(response));
  const bool close = !pending_response_->keep_alive();
  stream_.expires_after(connection_.state().options.write_timeout);
  beast_http::async_write(stream_, *pending_response_,
                          [self = shared_from_this(), close](beast::error_code ec, std::size_t) {
                            self->on_write(close, ec);
                          });
}

void HttpSession::on_write(bool close, beast::error_code ec) {
  pending_response_.reset();
  if (ec) {
    if (ec == beast::error::timeout) connection_.state().refusals.count(Refusal::kWriteTimeout);
    return;
  }
  if (close) return linger_on_close_ ? linger() : shut_down();
  read_request();
}

void HttpSession::linger() {
  // The client may still be sending the rest of what was refused: closing with unread data would reset the
  // connection and could destroy the answer before the client reads it. So read and discard for a moment.
  constexpr auto kLinger = std::chrono::seconds(2);
  shut_down();
  stream_.expires_after(kLinger);
  drain();
}

void HttpSession::drain() {
  buffer_.clear();
  stream_.async_read_some(buffer_.prepare(64 << 10), [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (!ec) self->drain();  // the timeout, the client's close or an error ends it
  });
}

void HttpSession::shut_down() {
  beast::error_code ec;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace crosspoint::nmos::http
