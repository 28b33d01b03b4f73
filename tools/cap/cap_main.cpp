// crosspoint-cap: generate ST 2110 captures (gen), analyze them (analyze), replay them over UDP (send).
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <fstream>
#include <sstream>

#include "capture_analyzer.hpp"
#include "capture_compare.hpp"
#include "compare_report.hpp"
#include "crosspoint/signal/capture_generator.hpp"
#include "crosspoint/st2110/sdp.hpp"
#include "report_json.hpp"
#include "html_report.hpp"
#include "report_text.hpp"
#include "verdict.hpp"
#include "udp_replay.hpp"
#include "gen_command.hpp"

namespace {

using namespace crosspoint::cap;

constexpr const char* kAnalyzeUsage = "crosspoint-cap analyze FILE [--sdp F] [--json] [--profile NAME] [--html F.html] [--utc]";
constexpr const char* kCompareUsage = "crosspoint-cap compare A.pcap B.pcap [--sdp-a A.sdp] [--sdp-b B.sdp] [--json]";

// Reads and parses an SDP file into `sdp`; false (with the reason printed for `command`) when it cannot.
bool read_sdp_file(const char* command, const std::string& path,
                   std::optional<crosspoint::st2110::SessionDescription>& sdp) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot read %s\n", command, path.c_str());
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = crosspoint::st2110::parse_sdp(text.str());
  if (!parsed) {
    std::fprintf(stderr, "%s: %s: %s\n", command, path.c_str(), parsed.error().to_string().c_str());
    return false;
  }
  sdp = std::move(parsed.value());
  return true;
}

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
  std::string profile;
  std::string html_path;
  bool json = false;
  bool utc = false;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    if (arguments[i] == "--json") {
      json = true;
    } else if (arguments[i] == "--utc") {
      utc = true;
    } else if (arguments[i] == "--html" && i + 1 < arguments.size()) {
      html_path = arguments[++i];
    } else if (arguments[i] == "--profile" && i + 1 < arguments.size()) {
      profile = arguments[++i];
      if (!is_profile(profile)) {
        std::fprintf(stderr, "analyze: no profile '%s'; profiles:\n", profile.c_str());
        for (const auto& [name, summary] : profile_list()) std::fprintf(stderr, "  %s: %s\n", name.c_str(), summary.c_str());
        return 2;
      }
    } else if (arguments[i] == "--sdp" && i + 1 < arguments.size()) {
      sdp_path = arguments[++i];
    } else if (file.empty() && arguments[i].rfind("--", 0) != 0) {
      file = arguments[i];
    } else {
      std::fprintf(stderr, "analyze: unexpected '%s'\nusage: %s\n", arguments[i].c_str(), kAnalyzeUsage);
      return 2;
    }
  }
  if (file.empty()) {
    std::fprintf(stderr, "usage: %s\n", kAnalyzeUsage);
    return 2;
  }
  std::optional<crosspoint::st2110::SessionDescription> sdp;
  if (!sdp_path.empty() && !read_sdp_file("analyze", sdp_path, sdp)) return 1;
  const auto began = std::chrono::steady_clock::now();
  const CaptureReport report = analyze_capture(file, sdp, utc);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  std::optional<ProfileVerdicts> verdicts;
  if (!profile.empty()) verdicts = judge(report, profile, sdp);
  if (!html_path.empty()) {
    std::ofstream page(html_path, std::ios::binary | std::ios::trunc);
    page << to_html(report, verdicts ? &*verdicts : nullptr);
    if (!page) {
      std::fprintf(stderr, "analyze: cannot write %s\n", html_path.c_str());
      return 1;
    }
  }
  if (json) {
    std::printf("%s\n", to_json(report, verdicts ? &*verdicts : nullptr).dump(2).c_str());
  } else {
    std::printf("%s", to_text(report).c_str());
    if (verdicts) std::printf("%s", to_text(report, *verdicts).c_str());
    std::printf("analyzed in %.3f s (%.0f records/s)\n", seconds,
                seconds > 0 ? static_cast<double>(report.records) / seconds : 0.0);
  }
  if (!report.capture_error.empty()) {
    std::fprintf(stderr, "analyze: %s: %s\n", file.c_str(), report.capture_error.c_str());
    return 1;
  }
  return verdicts && !verdicts->capture.pass ? 3 : 0;
}

int run_compare(const std::vector<std::string>& arguments) {
  std::vector<std::string> files;
  std::string sdp_paths[2];
  bool json = false;
  bool understood = true;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const std::string& word = arguments[i];
    if (word == "--json") {
      json = true;
    } else if ((word == "--sdp-a" || word == "--sdp-b") && i + 1 < arguments.size()) {
      sdp_paths[word == "--sdp-a" ? 0 : 1] = arguments[++i];
    } else if (word.rfind("--", 0) != 0) {
      files.push_back(word);
    } else {
      understood = false;
    }
  }
  if (!understood || files.size() != 2) {
    std::fprintf(stderr, "usage: %s\n", kCompareUsage);
    return 2;
  }
  CompareOptions options;
  if (!sdp_paths[0].empty() && !read_sdp_file("compare", sdp_paths[0], options.sdp_a)) return 1;
  if (!sdp_paths[1].empty() && !read_sdp_file("compare", sdp_paths[1], options.sdp_b)) return 1;
  const CompareReport report = compare_captures(files[0], files[1], options);
  if (json) {
    std::printf("%s\n", to_json(report).dump(2).c_str());
  } else {
    std::printf("%s", to_text(report).c_str());
  }
  if (!report.error.empty()) return 1;
  return report.bit_exact() ? 0 : 3;
}

int run_send(const std::vector<std::string>& arguments) {
  ReplayOptions options;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const std::string& word = arguments[i];
    const bool has_value = i + 1 < arguments.size();
    if (word == "--to" && has_value) {
      const std::string to = arguments[++i];
      const auto colon = to.find(':');
      const auto address = crosspoint::st2110::Ipv4Address::parse(to.substr(0, colon));
      if (!address || colon == std::string::npos) {
        std::fprintf(stderr, "send: --to wants IP:PORT, not '%s'\n", to.c_str());
        return 2;
      }
      options.destination = *address;
      options.port = static_cast<std::uint16_t>(std::stoul(to.substr(colon + 1)));
    } else if (word == "--speed" && has_value) {
      options.speed = std::stod(arguments[++i]);
    } else if (word == "--port" && has_value) {
      options.only_port = static_cast<std::uint16_t>(std::stoul(arguments[++i]));
    } else if (options.file.empty() && word.rfind("--", 0) != 0) {
      options.file = word;
    } else {
      std::fprintf(stderr, "usage: crosspoint-cap send FILE --to IP:PORT [--speed X] [--port CAPTURE_PORT]\n");
      return 2;
    }
  }
  if (options.file.empty()) {
    std::fprintf(stderr, "usage: crosspoint-cap send FILE --to IP:PORT [--speed X] [--port CAPTURE_PORT]\n");
    return 2;
  }
  auto result = replay_udp(options);
  if (!result) {
    std::fprintf(stderr, "send: %s\n", result.error().c_str());
    return 1;
  }
  std::printf("sent %llu packets to %s:%u (%llu skipped, %llu send errors)\n",
              static_cast<unsigned long long>(result->sent), options.destination.to_string().c_str(), options.port,
              static_cast<unsigned long long>(result->skipped), static_cast<unsigned long long>(result->send_errors));
  return result->send_errors == 0 ? 0 : 1;
}

void print_usage() {
  std::fprintf(stderr,
               "usage: crosspoint-cap gen ... --out FILE.pcap\n"
               "       crosspoint-cap analyze FILE.pcap [--sdp FILE.sdp] [--json] [--profile NAME] [--html F.html] [--utc]\n"
               "       crosspoint-cap compare A.pcap B.pcap [--sdp-a A.sdp] [--sdp-b B.sdp] [--json]\n"
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
  if (command == "send") return run_send(arguments);
  if (command == "compare") return run_compare(arguments);
  if (command == "help" && !arguments.empty() && arguments[0] == "gen") {
    std::printf("%s", gen_usage().c_str());
    return 0;
  }
  print_usage();
  return 2;
}
