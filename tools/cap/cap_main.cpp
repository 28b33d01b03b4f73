// crosspoint-cap: generate ST 2110 captures (gen), analyze them (analyze), replay them over UDP (send).
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <fstream>
#include <sstream>

#include "capture_analyzer.hpp"
#include "capture_generator.hpp"
#include "crosspoint/st2110/sdp.hpp"
#include "report_json.hpp"
#include "report_text.hpp"
#include "gen_command.hpp"

namespace {

using namespace crosspoint::cap;

int run_gen(const std::vector<std::string>& arguments) {
  auto options = parse_gen_options(arguments);
  if (!options) {
    std::fprintf(stderr, "%s\n\n%s", options.error().c_str(), gen_usage().c_str());
    return 2;
  }
  auto flows = flows_for(*options);
  if (!flows) {
    std::fprintf(stderr, "gen: %s\n", flows.error().c_str());
    return 1;
  }
  const std::string sdp_path = sdp_path_for(options->out);
  const auto began = std::chrono::steady_clock::now();
  auto result = write_capture(*flows, options->out, sdp_path);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  if (!result) {
    std::fprintf(stderr, "gen: %s\n", result.error().c_str());
    return 1;
  }
  std::printf("wrote %s (%llu packets, %llu records", options->out.c_str(),
              static_cast<unsigned long long>(result->packets_generated),
              static_cast<unsigned long long>(result->records_written));
  if (result->lost_on_a + result->lost_on_b > 0) {
    std::printf(", leg A lost %llu, leg B lost %llu", static_cast<unsigned long long>(result->lost_on_a),
                static_cast<unsigned long long>(result->lost_on_b));
  }
  std::printf(") and %s in %.3f s (%.0f packets/s)\n", sdp_path.c_str(), seconds,
              seconds > 0 ? static_cast<double>(result->packets_generated) / seconds : 0.0);
  return 0;
}

int run_analyze(const std::vector<std::string>& arguments) {
  std::string file;
  std::string sdp_path;
  bool json = false;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    if (arguments[i] == "--json") {
      json = true;
    } else if (arguments[i] == "--sdp" && i + 1 < arguments.size()) {
      sdp_path = arguments[++i];
    } else if (file.empty() && arguments[i].rfind("--", 0) != 0) {
      file = arguments[i];
    } else {
      std::fprintf(stderr, "analyze: unexpected '%s'\nusage: crosspoint-cap analyze FILE [--sdp F] [--json]\n",
                   arguments[i].c_str());
      return 2;
    }
  }
  if (file.empty()) {
    std::fprintf(stderr, "usage: crosspoint-cap analyze FILE [--sdp F] [--json]\n");
    return 2;
  }
  std::optional<crosspoint::st2110::SessionDescription> sdp;
  if (!sdp_path.empty()) {
    std::ifstream in(sdp_path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "analyze: cannot read %s\n", sdp_path.c_str());
      return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = crosspoint::st2110::parse_sdp(text.str());
    if (!parsed) {
      std::fprintf(stderr, "analyze: %s: %s\n", sdp_path.c_str(), parsed.error().to_string().c_str());
      return 1;
    }
    sdp = std::move(parsed.value());
  }
  const auto began = std::chrono::steady_clock::now();
  const CaptureReport report = analyze_capture(file, sdp);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  if (json) {
    std::printf("%s\n", to_json(report).dump(2).c_str());
  } else {
    std::printf("%s", to_text(report).c_str());
    std::printf("analyzed in %.3f s (%.0f records/s)\n", seconds,
                seconds > 0 ? static_cast<double>(report.records) / seconds : 0.0);
  }
  if (!report.capture_error.empty()) {
    std::fprintf(stderr, "analyze: %s: %s\n", file.c_str(), report.capture_error.c_str());
    return 1;
  }
  return 0;
}

void print_usage() {
  std::fprintf(stderr,
               "usage: crosspoint-cap gen ... --out FILE.pcap\n"
               "       crosspoint-cap analyze FILE.pcap [--sdp FILE.sdp] [--json]\n"
               "       crosspoint-cap send FILE.pcap --to IP:PORT [--speed X]\n"
               "       crosspoint-cap help gen\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> arguments(argv + 1, argv + argc);
  if (arguments.empty()) {
    print_usage();
    return 2;
  }
  const std::string command = arguments.front();
  arguments.erase(arguments.begin());
  if (command == "gen") return run_gen(arguments);
  if (command == "analyze") return run_analyze(arguments);
  if (command == "help" && !arguments.empty() && arguments[0] == "gen") {
    std::printf("%s", gen_usage().c_str());
    return 0;
  }
  print_usage();
  return 2;
}
