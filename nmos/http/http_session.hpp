// One HTTP/1.1 connection: reads a request, routes it, writes the response, repeats while keep-alive holds;
// hands the socket to a WebSocketSession on an upgrade. It keeps itself alive with shared_from_this. While it
// waits for a request it is listed in the server's WaitingSessions, so a full server can evict it.
#pragma once

#include <memory>
#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "nmos/http/server_state.hpp"

namespace crosspoint::nmos::http {

class HttpSession : public ClosableSession, public EvictableSession, public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<ServerState> state);
  ~HttpSession() override;
  void run();
  void close_socket() override;
  void evict() override;

 private:
  void read_request();
  void on_read(boost::beast::error_code ec);
  void reply_and_close(Response response);
  void write(Response response);
  void on_write(bool close, boost::beast::error_code ec);
  void shut_down();
  void linger();
  void drain();
  void stop_waiting();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<beast_http::request_parser<beast_http::string_body>> parser_;
  std::shared_ptr<Response> pending_response_;
  OpenConnection connection_;
  std::string remote_address_;
  std::uint64_t registry_id_ = 0;
  std::optional<WaitingSessions::Place> waiting_;  // set between the start of a read and the request
  bool handed_over_ = false;  // the socket now belongs to a WebSocketSession
  bool linger_on_close_ = false;  // the request was refused before it was read whole
};

}  // namespace crosspoint::nmos::http
