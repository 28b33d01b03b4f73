#include "nmos/http/websocket_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

namespace crosspoint::nmos::http {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace websocket = beast::websocket;

WebSocketSession::WebSocketSession(beast::tcp_stream&& stream, OpenConnection&& connection,
                                   Router::WebSocketMatch match)
    : socket_(std::move(stream)),
      connection_(std::move(connection)),
      match_(std::move(match)),
      id_(connection_.state().next_websocket_id++) {}

WebSocketSession::~WebSocketSession() {
  if (registry_id_ != 0) connection_.state().sessions.remove(registry_id_);
}

void WebSocketSession::close_socket() {
  beast::error_code ec;
  beast::get_lowest_layer(socket_).socket().close(ec);
}

void WebSocketSession::run() {
  registry_id_ = connection_.state().sessions.add(std::static_pointer_cast<ClosableSession>(shared_from_this()));
  socket_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  socket_.read_message_max(64 << 10);
  socket_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
    response.set(beast_http::field::server, "crosspoint");
    response.set(beast_http::field::access_control_allow_origin, "*");
  }));
  socket_.async_accept(match_.context.request,
                       [self = shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
}

void WebSocketSession::on_accept(beast::error_code ec) {
  if (ec) return;  // no open, so no close either
  open_ = true;
  ++connection_.state().websockets_open;
  if (match_.handlers.on_open) match_.handlers.on_open(shared_from_this(), match_.context);
  read_message();
}

void WebSocketSession::read_message() {
  socket_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void WebSocketSession::on_read(beast::error_code ec) {
  if (ec) return closed();
  if (match_.handlers.on_message) {
    const std::string message = beast::buffers_to_string(buffer_.data());
    match_.handlers.on_message(shared_from_this(), message);
  }
  buffer_.consume(buffer_.size());
  read_message();
}

void WebSocketSession::send(std::string text) {
  auto message = std::make_shared<std::string>(std::move(text));
  net::post(socket_.get_executor(), [self = shared_from_this(), message] {
    if (!self->open_ || self->closing_) return;
    if (self->queue_.size() >= self->connection_.state().options.websocket_queue_limit) {
      // A client that does not read must not make us hold unbounded memory.
      self->connection_.state().refusals.count(Refusal::kWebSocketQueueFull);
      self->close();
      return;
    }
    self->queue_.push_back(std::move(*message));
    if (self->queue_.size() == 1) self->write_next();
  });
}

void WebSocketSession::write_next() {
  socket_.text(true);
  socket_.async_write(net::buffer(queue_.front()),
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
}

void WebSocketSession::on_write(beast::error_code ec) {
  if (ec) return closed();
  queue_.pop_front();
  if (!queue_.empty() && !closing_) write_next();
}

void WebSocketSession::close() {
  net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
    if (!self->open_ || self->closing_) return;
    self->closing_ = true;
    self->socket_.async_close(websocket::close_code::normal, [self](beast::error_code) { self->closed(); });
  });
}

void WebSocketSession::closed() {
  if (close_reported_ || !open_) return;
  close_reported_ = true;
  --connection_.state().websockets_open;
  if (match_.handlers.on_close) match_.handlers.on_close(shared_from_this());
}

}  // namespace crosspoint::nmos::http
