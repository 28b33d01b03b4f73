#include "log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace crosspoint::app {

void log(LogLevel level, std::string_view part, std::string_view message) {
  static std::mutex mutex;
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
  const char* tag = level == LogLevel::kInfo ? "info" : level == LogLevel::kWarning ? "warning" : "error";
  const std::lock_guard lock(mutex);
  std::fprintf(stderr, "%s.%03lldZ %-7s %-6.*s %.*s\n", stamp, static_cast<long long>(millis), tag,
               static_cast<int>(part.size()), part.data(), static_cast<int>(message.size()), message.data());
}

}  // namespace crosspoint::app
