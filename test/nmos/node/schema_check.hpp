// Checks response bodies against the AMWA IS-04 schemas with python3-jsonschema (test/nmos/validate.py):
// documents are collected and validated in one run of the validator, so many bodies cost one process.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

namespace crosspoint::nmos::test {

class SchemaCheck {
 public:
  void expect(std::string schema, nlohmann::json document, std::string what) {
    items_.push_back({{"schema", std::move(schema)}, {"document", std::move(document)}});
    labels_.push_back(std::move(what));
  }

  // The reasons of every document that failed, each prefixed with what it was; empty when all are valid.
  std::vector<std::string> failures() {
    std::vector<std::string> out;
    if (items_.empty()) return out;
    const char* source = std::getenv("CROSSPOINT_SOURCE_DIR");
    const std::string script = std::string(source ? source : ".") + "/test/nmos/validate.py";
    char input_path[] = "/tmp/crosspoint-schema-XXXXXX";
    const int fd = mkstemp(input_path);
    close(fd);
    std::ofstream(input_path) << nlohmann::json(items_).dump();
    const std::string command = "/usr/bin/python3 " + script + " --batch < " + input_path;
    FILE* pipe = popen(command.c_str(), "r");
    std::string output;
    char buffer[4096];
    while (pipe && std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
    if (pipe) pclose(pipe);
    std::remove(input_path);
    const nlohmann::json results = nlohmann::json::parse(output, nullptr, false);
    if (!results.is_array() || results.size() != items_.size()) {
      out.push_back("validator did not answer: " + output);
    } else {
      for (std::size_t i = 0; i < results.size(); ++i)
        if (!results[i].is_null()) out.push_back(labels_[i] + ": " + results[i].get<std::string>());
    }
    items_.clear();
    labels_.clear();
    return out;
  }

  [[nodiscard]] std::size_t pending() const { return items_.size(); }

 private:
  std::vector<nlohmann::json> items_;
  std::vector<std::string> labels_;
};

}  // namespace crosspoint::nmos::test
