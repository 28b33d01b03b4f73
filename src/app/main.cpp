// crosspoint [--config FILE] [--print-default-config] [--check-config] [--run-dir DIR] [--record-limit-mb N]
//            [--nmos-port PORT] [--port NAME=DEVICE]...
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "config_node.hpp"
#include "daemon.hpp"
#include "default_captures.hpp"
#include "default_config.hpp"
#include "log.hpp"
#include "open_file_limit.hpp"

namespace {

constexpr const char* kUsage =
    "usage: crosspoint [--config FILE] [--check-config] [--print-default-config] [--status-interval S]\n"
    "                  [--run-dir DIR] [--record-limit-mb N] [--nmos-port PORT] [--port NAME=DEVICE]...\n"
    "  With no --config, runs the embedded default: five video inputs (two 1080p, one 720p, an ST 2022-7\n"
    "  pair), an audio and an ANC input replayed from captures generated into the run folder, outputs that\n"
    "  follow them (the small video, audio and ANC ones recorded into DIR/recording.pcap until it holds N MB,\n"
    "  default 1024), PTP as a free-running grandmaster, NMOS Node, Registration and Query APIs on 127.0.0.1.\n"
    "  --run-dir DIR: the default's run folder (default: a new crosspoint-run-* folder here, or in /tmp).\n"
    "  --nmos-port PORT: serve the NMOS APIs on PORT instead of the configuration's (0: any free port).\n"
    "  --port NAME=DEVICE: open port NAME on DEVICE instead of the configuration's, e.g. the default's\n"
    "  full-size outputs onto a NIC: --port out=0000:3b:00.0, or a kernel interface: --port\n"
    "  out=net_af_packet0,iface=eth1 (repeat for more ports).\n";

struct Options {
  std::optional<std::string> config_file;
  bool check_only = false;
  bool print_default = false;
  unsigned status_interval_s = 10;
  std::optional<std::filesystem::path> run_dir;
  std::uint64_t record_limit_mb = 1024;
  std::optional<std::uint16_t> nmos_port;
  std::vector<std::pair<std::string, std::string>> port_devices;  // --port NAME=DEVICE, in order
};

// The default's run folder: the one asked for (created when missing), else a fresh one under the current
// directory, or under /tmp when that is not writable.
std::optional<std::filesystem::path> prepare_run_dir(const std::optional<std::filesystem::path>& asked) {
  if (asked) {
    std::error_code error;
    std::filesystem::create_directories(*asked, error);
    if (error || ::access(asked->c_str(), W_OK) != 0) return std::nullopt;
    return std::filesystem::absolute(*asked);
  }
  for (const std::filesystem::path& parent : {std::filesystem::current_path(), std::filesystem::path("/tmp")}) {
    std::string name = (parent / "crosspoint-run-XXXXXX").string();
    if (::mkdtemp(name.data()) != nullptr) return std::filesystem::path(name);
  }
  return std::nullopt;
}

std::optional<Options> parse_options(int argc, char** argv) try {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--config" && has_value) options.config_file = argv[++i];
    else if (arg == "--check-config") options.check_only = true;
    else if (arg == "--print-default-config") options.print_default = true;
    else if (arg == "--status-interval" && has_value) options.status_interval_s = static_cast<unsigned>(std::stoul(argv[++i]));
    else if (arg == "--run-dir" && has_value) options.run_dir = argv[++i];
    else if (arg == "--record-limit-mb" && has_value) options.record_limit_mb = std::stoull(argv[++i]);
    else if (arg == "--nmos-port" && has_value) {
      const unsigned long port = std::stoul(argv[++i]);
      if (port > 65535) return std::nullopt;
      options.nmos_port = static_cast<std::uint16_t>(port);
    } else if (arg == "--port" && has_value) {
      const std::string value = argv[++i];
      const auto equals = value.find('=');
      if (equals == 0 || equals == std::string::npos || equals + 1 == value.size()) return std::nullopt;
      options.port_devices.emplace_back(value.substr(0, equals), value.substr(equals + 1));
    }
    else return std::nullopt;
  }
  if (options.status_interval_s == 0) return std::nullopt;
  return options;
} catch (const std::logic_error&) {  // a number that is not one
  return std::nullopt;
}

// A PCI address as DPDK takes it: [domain:]bus:device.function, e.g. 0000:3b:00.0.
bool is_pci_address(const std::string& device) {
  static const std::regex pci("^([0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7](,.*)?$");
  return std::regex_match(device, pci);
}

// Opens each port named on the command line on the device given there; a name the configuration does not
// have is an error that lists the ones it has. A PCI device needs the EAL to probe PCI and DMA-able memory:
// `eal.no_pci` and `eal.no_huge` become false (hugepages reserved and the NIC bound, README "Real NICs").
void override_port_devices(nlohmann::json& document, const std::vector<std::pair<std::string, std::string>>& devices) {
  using crosspoint::app::ConfigError;
  using crosspoint::app::log;
  using crosspoint::app::LogLevel;
  for (const auto& [name, device] : devices) {
    if (is_pci_address(device) && document.is_object() && (!document.contains("eal") || document["eal"].is_object())) {
      document["eal"]["no_pci"] = false;
      document["eal"]["no_huge"] = false;
      log(LogLevel::kInfo, "config", "--port " + name + "=" + device +
                                         ": a PCI device, so the EAL probes PCI and takes hugepages (eal.no_pci, "
                                         "eal.no_huge false)");
    }
    bool found = false;
    std::string names;
    if (document.contains("ports") && document["ports"].is_array()) {
      for (auto& port : document["ports"]) {
        if (!port.is_object() || !port.contains("name") || !port["name"].is_string()) continue;
        const auto port_name = port["name"].get<std::string>();
        names += (names.empty() ? "" : ", ") + port_name;
        if (port_name == name) {
          port["device"] = device;
          found = true;
        }
      }
    }
    if (!found) throw ConfigError("--port " + name + "=...: the configuration has no port " + name + " (its ports: " +
                                  (names.empty() ? "none" : names) + ")");
  }
}

// The recording the default writes, and the size at which the outputs it records are removed.
struct RecordingLimit {
  std::filesystem::path file;
  std::uint64_t bytes = 0;
  bool reached = false;
};

void enforce(RecordingLimit& limit, crosspoint::app::Daemon& daemon) {
  using namespace crosspoint::app;
  std::error_code error;
  const auto size = std::filesystem::file_size(limit.file, error);
  if (limit.reached || error || size < limit.bytes) return;
  limit.reached = true;
  const unsigned removed = daemon.remove_outputs_on_port("record");
  log(LogLevel::kWarning, "app",
      "recording " + limit.file.string() + " reached " + std::to_string(size >> 20) + " MB: its " +
          std::to_string(removed) + " recorded outputs are removed (--record-limit-mb)");
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
  std::optional<RecordingLimit> recording;
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
      log(LogLevel::kInfo, "app", "no --config: running the embedded default (crosspoint --print-default-config shows it)");
      const auto run_dir = prepare_run_dir(options->run_dir);
      if (!run_dir) throw ConfigError("--run-dir: cannot create a writable run folder");
      auto written = write_default_captures(*run_dir);
      if (!written) throw ConfigError("generating the default's captures: " + written.error());
      char took[160];
      std::snprintf(took, sizeof took, "%u flows (%llu packets, %llu MB) generated in %.2f s", written->flows,
                    static_cast<unsigned long long>(written->packets),
                    static_cast<unsigned long long>(written->bytes >> 20), written->seconds);
      log(LogLevel::kInfo, "app", took);
      log(LogLevel::kInfo, "app", "Run folder       " + run_dir->string() + "/");
      log(LogLevel::kInfo, "app", "Recording        " + default_recording(*run_dir).string() + " (up to " +
                                      std::to_string(options->record_limit_mb) + " MB)");
      recording = RecordingLimit{default_recording(*run_dir), options->record_limit_mb << 20};
      document = nlohmann::json::parse(default_config_text(*run_dir));
      base_dir = default_config_dir();
    }
    override_port_devices(document, options->port_devices);
    config = parse_daemon_config(document, base_dir);
    if (options->nmos_port) config.nmos.port = *options->nmos_port;
    for (const std::string& warning : config.warnings) log(LogLevel::kWarning, "config", warning);
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

  const OpenFileLimit files = raise_open_file_limit();
  log(LogLevel::kInfo, "app", "open files: up to " + std::to_string(files.now) +
                                  (files.now != files.before ? " (raised from " + std::to_string(files.before) + ")" : ""));
  Daemon daemon(std::move(config));
  if (!daemon.start()) {
    daemon.stop();
    return 1;
  }
  // One-second ticks: the recording limit is checked each tick, the status logged every interval.
  for (unsigned tick = 1;; ++tick) {
    timespec wait{1, 0};
    const int signal = sigtimedwait(&signals, nullptr, &wait);
    if (signal == SIGINT || signal == SIGTERM) {
      log(LogLevel::kInfo, "app", std::string("caught ") + strsignal(signal) + ", shutting down");
      break;
    }
    if (recording) enforce(*recording, daemon);
    if (tick % options->status_interval_s == 0) daemon.log_status();
  }
  daemon.stop();
  return 0;
}
