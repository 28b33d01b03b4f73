#include "metrics/prometheus_exposition.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace crosspoint::app {

namespace {

// Label values escape backslash, double quote and newline; HELP text escapes backslash and newline.
std::string escaped(std::string_view text, bool quote) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '"' && quote) out += "\\\"";
    else out += c;
  }
  return out;
}

}  // namespace

MetricFamily::MetricFamily(std::string name, MetricType type, std::string help)
    : name_(std::move(name)), type_(type), help_(std::move(help)) {}

void MetricFamily::sample(const MetricLabels& labels, std::uint64_t value) { sample_text(labels, std::to_string(value)); }

void MetricFamily::sample(const MetricLabels& labels, double value) {
  char text[32];
  if (std::isnan(value)) std::snprintf(text, sizeof text, "NaN");
  else if (std::isinf(value)) std::snprintf(text, sizeof text, value > 0 ? "+Inf" : "-Inf");
  else std::snprintf(text, sizeof text, "%.17g", value);
  sample_text(labels, text);
}

void MetricFamily::sample_text(const MetricLabels& labels, const std::string& value) {
  samples_ += name_;
  if (!labels.empty()) {
    samples_ += '{';
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (i != 0) samples_ += ',';
      samples_ += labels[i].first;
      samples_ += "=\"";
      samples_ += escaped(labels[i].second, true);
      samples_ += '"';
    }
    samples_ += '}';
  }
  samples_ += ' ';
  samples_ += value;
  samples_ += '\n';
}

void MetricFamily::write(std::string& out) const {
  if (samples_.empty()) return;
  out += "# HELP " + name_ + " " + escaped(help_, false) + "\n";
  out += "# TYPE " + name_ + (type_ == MetricType::kCounter ? " counter\n" : " gauge\n");
  out += samples_;
}

MetricFamily& PrometheusExposition::family(std::string_view name, MetricType type, std::string_view help) {
  const auto found = std::find_if(families_.begin(), families_.end(), [&](const MetricFamily& f) { return f.name() == name; });
  if (found != families_.end()) return *found;
  return families_.emplace_back(std::string(name), type, std::string(help));
}

std::string PrometheusExposition::text() const {
  std::string out;
  for (const MetricFamily& family : families_) family.write(out);
  return out;
}

}  // namespace crosspoint::app
