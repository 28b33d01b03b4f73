#include "compare_report.hpp"

#include <cstdio>

namespace crosspoint::cap {

using nlohmann::json;

namespace {

// A flow's destination, or both legs' when an SDP's DUP group made them one stream.
std::string legs_text(const FlowKey& first, const std::optional<FlowKey>& second) {
  std::string text = endpoint_text(first.destination, first.port);
  if (second) text += " + " + endpoint_text(second->destination, second->port);
  return text;
}

json leg_json(const std::optional<FlowKey>& leg) {
  return leg ? json(endpoint_text(leg->destination, leg->port)) : json(nullptr);
}

}  // namespace

std::string to_text(const CompareReport& report) {
  std::string out;
  char line[512];
  for (const FlowComparison& f : report.flows) {
    std::snprintf(line, sizeof line, "flow %s ssrc 0x%08x (%s) -> %s%s\n", legs_text(f.a, f.a_second_leg).c_str(),
                  f.a.ssrc, to_string(f.media), f.b ? legs_text(*f.b, f.b_second_leg).c_str() : "NOT IN B",
                  f.b ? (" (matched by " + f.matched_by + ")").c_str() : "");
    out += line;
    std::snprintf(line, sizeof line,
                  "  frames A %llu, B %llu: in both %llu, missing from B %llu, extra in B %llu; identical %llu, "
                  "differing %llu%s\n",
                  static_cast<unsigned long long>(f.frames_a), static_cast<unsigned long long>(f.frames_b),
                  static_cast<unsigned long long>(f.in_both), static_cast<unsigned long long>(f.missing),
                  static_cast<unsigned long long>(f.extra), static_cast<unsigned long long>(f.identical),
                  static_cast<unsigned long long>(f.differing), f.bit_exact() ? " - BIT-EXACT" : "");
    out += line;
    if (f.first_difference) {
      std::snprintf(line, sizeof line, "  first difference: frame rtp %u, byte %llu\n", f.first_difference->rtp_timestamp,
                    static_cast<unsigned long long>(f.first_difference->byte_offset));
      out += line;
    }
    if (f.latency_ns.count > 0) {
      std::snprintf(line, sizeof line, "  latency A->B %.0f .. %.0f ns, median %.0f, mean %.0f\n", f.latency_ns.min,
                    f.latency_ns.max, f.latency_median_ns, f.latency_ns.mean);
      out += line;
    }
  }
  for (const FlowKey& key : report.unmatched_in_b) {
    out += "flow " + endpoint_text(key.destination, key.port) + " is in B only\n";
  }
  if (!report.error.empty()) out += "ERROR: " + report.error + "\n";
  out += report.bit_exact() ? "every frame of A is in B, bit-exact\n" : "B differs from A\n";
  return out;
}

json to_json(const CompareReport& report) {
  json flows = json::array();
  for (const FlowComparison& f : report.flows) {
    json out{{"a", endpoint_text(f.a.destination, f.a.port)},
             {"a_ssrc", f.a.ssrc},
             {"a_second_leg", leg_json(f.a_second_leg)},
             {"b", f.b ? json(endpoint_text(f.b->destination, f.b->port)) : json(nullptr)},
             {"b_ssrc", f.b ? json(f.b->ssrc) : json(nullptr)},
             {"b_second_leg", leg_json(f.b_second_leg)},
             {"matched_by", f.matched_by},
             {"media_type", to_string(f.media)},
             {"frames_a", f.frames_a},
             {"frames_b", f.frames_b},
             {"in_both", f.in_both},
             {"missing", f.missing},
             {"extra", f.extra},
             {"identical", f.identical},
             {"differing", f.differing},
             {"bit_exact", f.bit_exact()},
             {"first_difference", nullptr},
             {"latency_ns", json{{"min", f.latency_ns.min},
                                 {"max", f.latency_ns.max},
                                 {"mean", f.latency_ns.mean},
                                 {"median", f.latency_median_ns},
                                 {"count", f.latency_ns.count}}}};
    if (f.first_difference) {
      out["first_difference"] = json{{"rtp_timestamp", f.first_difference->rtp_timestamp},
                                     {"byte_offset", f.first_difference->byte_offset}};
    }
    flows.push_back(std::move(out));
  }
  json unmatched = json::array();
  for (const FlowKey& key : report.unmatched_in_b) unmatched.push_back(endpoint_text(key.destination, key.port));
  return json{{"flows", flows},
              {"only_in_b", unmatched},
              {"bit_exact", report.bit_exact()},
              {"error", report.error.empty() ? json(nullptr) : json(report.error)}};
}

}  // namespace crosspoint::cap
