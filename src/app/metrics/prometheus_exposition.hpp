// The Prometheus text exposition format (version 0.0.4): metric families, each with its HELP and TYPE lines
// and its samples together, label values escaped.
//
//   PrometheusExposition out;
//   auto& rx = out.family("crosspoint_port_received_packets_total", MetricType::kCounter, "Packets polled");
//   rx.sample({{"port", "net"}}, 1234);
//   std::string text = out.text();
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crosspoint::app {

enum class MetricType { kCounter, kGauge };

using MetricLabels = std::vector<std::pair<std::string_view, std::string>>;

class MetricFamily {
 public:
  MetricFamily(std::string name, MetricType type, std::string help);
  void sample(const MetricLabels& labels, std::uint64_t value);
  void sample(const MetricLabels& labels, double value);
  // HELP, TYPE and the samples; nothing for a family without samples.
  void write(std::string& out) const;
  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  void sample_text(const MetricLabels& labels, const std::string& value);
  std::string name_;
  MetricType type_;
  std::string help_;
  std::string samples_;
};

class PrometheusExposition {
 public:
  static constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

  // The family with this name, created on first use (later type and help are ignored).
  MetricFamily& family(std::string_view name, MetricType type, std::string_view help);
  [[nodiscard]] std::string text() const;

 private:
  std::deque<MetricFamily> families_;  // a deque: family() hands out references that later families keep valid
};

}  // namespace crosspoint::app
