#include "html_report.hpp"

#include <algorithm>
#include <cstdio>

#include "report_text.hpp"

namespace crosspoint::cap {

namespace {

constexpr double kWidth = 640;
constexpr double kHeight = 200;
constexpr double kLeft = 60;
constexpr double kBottom = 30;

std::string escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string num(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

struct Limit {
  std::string label;
  double value;
};

// A line chart of `series` with horizontal `limits`; y spans the data and the limits.
std::string line_chart(const std::string& title, const std::string& unit, const PlotSeries& series,
                       const std::vector<Limit>& limits = {}) {
  if (series.values.empty()) return {};
  double low = *std::min_element(series.values.begin(), series.values.end());
  double high = *std::max_element(series.values.begin(), series.values.end());
  for (const Limit& limit : limits) {
    low = std::min(low, limit.value);
    high = std::max(high, limit.value);
  }
  if (high == low) high = low + 1;
  const double t_end = std::max(series.seconds.back(), 1e-9);
  const auto x = [&](double t) { return kLeft + t / t_end * (kWidth - kLeft - 10); };
  const auto y = [&](double v) { return 10 + (high - v) / (high - low) * (kHeight - kBottom - 10); };
  std::string svg = "<figure><figcaption>" + escape(title) + "</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    num(kWidth) + "\" height=\"" + num(kHeight) + "\" role=\"img\">";
  svg += "<rect x=\"" + num(kLeft) + "\" y=\"10\" width=\"" + num(kWidth - kLeft - 10) + "\" height=\"" +
         num(kHeight - kBottom - 10) + "\" fill=\"#fafafa\" stroke=\"#999\"/>";
  svg += "<text x=\"4\" y=\"16\" font-size=\"10\">" + num(high) + "</text><text x=\"4\" y=\"" + num(kHeight - kBottom) +
         "\" font-size=\"10\">" + num(low) + "</text>";
  svg += "<text x=\"4\" y=\"" + num(kHeight / 2) + "\" font-size=\"10\">" + escape(unit) + "</text>";
  svg += "<text x=\"" + num(kLeft) + "\" y=\"" + num(kHeight - 8) + "\" font-size=\"10\">0 s</text><text x=\"" +
         num(kWidth - 60) + "\" y=\"" + num(kHeight - 8) + "\" font-size=\"10\">" + num(t_end) + " s</text>";
  for (const Limit& limit : limits) {
    svg += "<line x1=\"" + num(kLeft) + "\" x2=\"" + num(kWidth - 10) + "\" y1=\"" + num(y(limit.value)) + "\" y2=\"" +
           num(y(limit.value)) + "\" stroke=\"#c00\" stroke-dasharray=\"4 3\"/><text x=\"" + num(kWidth - 150) +
           "\" y=\"" + num(y(limit.value) - 2) + "\" font-size=\"10\" fill=\"#c00\">" + escape(limit.label) + " " +
           num(limit.value) + "</text>";
  }
  svg += "<polyline fill=\"none\" stroke=\"#06c\" stroke-width=\"1.2\" points=\"";
  for (std::size_t i = 0; i < series.values.size(); ++i) svg += num(x(series.seconds[i])) + "," + num(y(series.values[i])) + " ";
  svg += "\"/></svg></figure>\n";
  return svg;
}

std::string histogram(const std::string& title, const std::map<std::uint32_t, std::uint64_t>& counts,
                      const std::vector<Limit>& limits) {
  if (counts.empty()) return {};
  std::uint32_t top = counts.rbegin()->first;
  for (const Limit& limit : limits) top = std::max(top, static_cast<std::uint32_t>(limit.value));
  std::uint64_t most = 0;
  for (const auto& [value, count] : counts) most = std::max(most, count);
  const double bar = (kWidth - kLeft - 10) / (top + 1);
  const auto x = [&](double v) { return kLeft + v * bar; };
  std::string svg = "<figure><figcaption>" + escape(title) + "</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    num(kWidth) + "\" height=\"" + num(kHeight) + "\" role=\"img\">";
  for (const auto& [value, count] : counts) {
    const double h = static_cast<double>(count) / static_cast<double>(most) * (kHeight - kBottom - 10);
    svg += "<rect x=\"" + num(x(value)) + "\" y=\"" + num(kHeight - kBottom - h) + "\" width=\"" + num(std::max(bar - 1, 1.0)) +
           "\" height=\"" + num(h) + "\" fill=\"#06c\"><title>" + std::to_string(value) + ": " + std::to_string(count) +
           " packets</title></rect>";
    svg += "<text x=\"" + num(x(value)) + "\" y=\"" + num(kHeight - kBottom + 12) + "\" font-size=\"9\">" +
           std::to_string(value) + "</text>";
  }
  for (const Limit& limit : limits) {
    svg += "<line x1=\"" + num(x(limit.value + 1)) + "\" x2=\"" + num(x(limit.value + 1)) + "\" y1=\"10\" y2=\"" +
           num(kHeight - kBottom) + "\" stroke=\"#c00\" stroke-dasharray=\"4 3\"/><text x=\"" + num(x(limit.value + 1) + 2) +
           "\" y=\"20\" font-size=\"10\" fill=\"#c00\">" + escape(limit.label) + "</text>";
  }
  svg += "</svg></figure>\n";
  return svg;
}

std::string verdict_cell(const Verdict& verdict) {
  std::string out = verdict.pass ? "<td class=\"pass\">pass</td><td>" : "<td class=\"fail\">FAIL</td><td>";
  for (const auto& reason : verdict.reasons) out += escape(reason) + "<br>";
  return out + "</td>";
}

}  // namespace

std::string to_html(const CaptureReport& report, const ProfileVerdicts* verdicts) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>crosspoint-cap: " + escape(report.file) +
      "</title><style>body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}"
      "td,th{border:1px solid #bbb;padding:3px 8px;text-align:left;vertical-align:top}.pass{background:#cfc}"
      ".fail{background:#fbb}figure{display:inline-block;margin:6px}figcaption{font-size:13px}"
      "pre{background:#f4f4f4;padding:8px;font-size:12px;white-space:pre-wrap}</style></head><body>\n";
  html += "<h1>crosspoint-cap analysis</h1><p>" + escape(report.file) + ": " + std::to_string(report.records) + " records, " +
          std::to_string(report.flows.size()) + " media flows" + (report.truncated() ? ", TRUNCATED by the snap length" : "") +
          (report.capture_error.empty() ? "" : ", ERROR: " + escape(report.capture_error)) + "</p>\n";
  if (verdicts != nullptr) {
    html += "<h2>Verdicts: profile " + escape(verdicts->profile) + "</h2><table><tr><th>what</th><th>verdict</th><th>reasons</th></tr>";
    html += "<tr><td>capture</td>" + verdict_cell(verdicts->capture) + "</tr>";
    for (std::size_t i = 0; i < verdicts->flows.size() && i < report.flows.size(); ++i) {
      html += "<tr><td>flow " + escape(endpoint_text(report.flows[i].key.destination, report.flows[i].key.port)) + " (" +
              to_string(report.flows[i].media) + ")</td>" + verdict_cell(verdicts->flows[i]) + "</tr>";
    }
    for (std::size_t i = 0; i < verdicts->dup_pairs.size(); ++i) {
      html += "<tr><td>ST 2022-7 pair " + std::to_string(i + 1) + "</td>" + verdict_cell(verdicts->dup_pairs[i]) + "</tr>";
    }
    if (verdicts->ptp) html += "<tr><td>PTP</td>" + verdict_cell(*verdicts->ptp) + "</tr>";
    html += "</table>\n";
  }
  html += "<h2>Summary</h2><pre>" + escape(to_text(report)) + "</pre>\n";
  for (const FlowReport& flow : report.flows) {
    html += "<h2>Flow " + escape(endpoint_text(flow.key.destination, flow.key.port)) + " (" + to_string(flow.media) + ")</h2>\n";
    if (flow.video && flow.video->timing) {
      const St2110_21Report& t = *flow.video->timing;
      const std::vector<Limit> cmax{{"narrow", static_cast<double>(t.cmax_narrow)}, {"wide", static_cast<double>(t.cmax_wide)}};
      html += line_chart("Cinst over time", "packets", t.cinst_series, cmax);
      html += histogram("Cinst histogram against CMAX", t.cinst_histogram, cmax);
      html += line_chart("VRX (gapped) over time", "packets", t.vrx_series,
                         {{"VRX_FULL narrow", static_cast<double>(t.vrx_full_narrow)}});
    }
    html += line_chart("RTP offset: packet minus RTP time", "us", flow.rtp_offset_series);
    html += line_chart("Inter-packet spacing (largest per bucket)", "ns", flow.spacing_series);
    if (flow.audio) {
      html += line_chart("Audio TS-DF per 200 ms window", "us", flow.audio->ts_df_series,
                         {{"limit", flow.audio->ts_df_limit_us}});
    }
  }
  for (std::size_t i = 0; i < report.dup_pairs.size(); ++i) {
    const DupPairReport& pair = report.dup_pairs[i];
    html += "<h2>ST 2022-7 pair " + std::to_string(i + 1) + "</h2>\n";
    for (std::size_t leg = 0; leg < 2 && leg < pair.legs.size(); ++leg) {
      html += line_chart("Losses on leg " + endpoint_text(pair.legs[leg].key.destination, pair.legs[leg].key.port) +
                             " (recovered from the other leg)",
                         "lost", pair.losses[leg]);
      if (pair.losses[leg].values.empty()) html += "<p>leg " + std::to_string(leg + 1) + ": no loss</p>";
    }
  }
  if (report.ptp) {
    html += "<h2>PTP</h2>\n";
    html += line_chart("Capture clock minus PTP time (per Sync)", "ns", report.ptp->offset_series);
    double row = 0;
    for (const auto& [type, series] : report.ptp->timeline) {
      PlotSeries shifted = series;
      for (auto& value : shifted.values) value = row;
      html += line_chart("Message timeline: " + type, "", shifted);
      ++row;
    }
  }
  html += "</body></html>\n";
  return html;
}

}  // namespace crosspoint::cap
