// crosspoint [--config FILE] [--print-default-config] [--check-config]
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "config_node.hpp"
#include "daemon.hpp"
#include "default_config.hpp"
#include "log.hpp"

namespace {

constexpr const char* kUsage =
    "usage: crosspoint [--config FILE] [--check-config] [--print-default-config] [--status-interval S]\n"
    "  With no --config, runs the embedded default: a replayed capture in, a dropped output, PTP as a\n"
    "  free-running grandmaster, NMOS Node, Registration and Query APIs on 127.0.0.1.\n";

struct Options {
  std::optional<std::string> config_file;
  bool check_only = false;
  bool print_default = false;
  unsigned status_interval_s = 10;
};

std::optional<Options> parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--config" && has_value) options.config_file = argv[++i];
    else if (arg == "--check-config") options.check_only = true;
    else if (arg == "--print-default-config") options.print_default = true;
    else if (arg == "--status-interval" && has_value) options.status_interval_s = static_cast<unsigned>(std::stoul(argv[++i]));
    else return std::nullopt;
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace crosspoint::app;
  const auto options = parse_options(argc, argv);
  if (!options) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  if (options->print_default) {
    std::cout << default_config_text() << "\n";
    return 0;
  }

  DaemonConfig config;
  try {
    nlohmann::json document;
    std::filesystem::path base_dir;
    if (options->config_file) {
      std::ifstream file(*options->config_file);
      if (!file) throw ConfigError(*options->config_file + ": cannot be read");
      try {
        document = nlohmann::json::parse(file);
      } catch (const nlohmann::json::parse_error& error) {
        throw ConfigError(*options->config_file + ": not JSON: " + error.what());
      }
      base_dir = std::filesystem::absolute(*options->config_file).parent_path();
    } else {
      document = nlohmann::json::parse(default_config_text());
      base_dir = default_config_dir();
      log(LogLevel::kInfo, "app", "no --config: running the embedded default (crosspoint --print-default-config shows it)");
    }
    config = parse_daemon_config(document, base_dir);
  } catch (const ConfigError& error) {
    log(LogLevel::kError, "config", error.what());
    return 2;
  }
  if (options->check_only) {
    std::puts("configuration OK");
    return 0;
  }

  // Signals are taken synchronously by this thread; every thread started later inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Daemon daemon(std::move(config));
  if (!daemon.start()) {
    daemon.stop();
    return 1;
  }
  for (;;) {
    timespec wait{static_cast<time_t>(options->status_interval_s), 0};
    const int signal = sigtimedwait(&signals, nullptr, &wait);
    if (signal == SIGINT || signal == SIGTERM) {
      log(LogLevel::kInfo, "app", std::string("caught ") + strsignal(signal) + ", shutting down");
      break;
    }
    daemon.log_status();
  }
  daemon.stop();
  return 0;
}
