#include "crosspoint/engine/eal.hpp"

#include <unistd.h>

#include <mutex>
#include <optional>

#include <rte_eal.h>
#include <rte_errno.h>

namespace crosspoint::engine {

std::vector<std::string> eal_arguments(const EalConfig& config) {
  std::vector<std::string> args{"crosspoint", "-l", config.cores, "-m", std::to_string(config.memory_mb)};
  if (config.no_huge) args.emplace_back("--no-huge");
  if (config.no_pci) args.emplace_back("--no-pci");
  args.emplace_back("--file-prefix");
  args.emplace_back(config.file_prefix.empty() ? "crosspoint-" + std::to_string(getpid()) : config.file_prefix);
  for (const auto& extra : config.extra_args) args.push_back(extra);
  return args;
}

Status initialise_eal(const EalConfig& config) {
  static std::mutex mutex;
  static std::optional<Status> outcome;
  const std::lock_guard lock(mutex);
  if (outcome) return *outcome;
  std::vector<std::string> args = eal_arguments(config);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int parsed = rte_eal_init(static_cast<int>(args.size()), argv.data());
  if (parsed < 0) {
    outcome = engine_error(EngineErrorCode::kDpdk, std::string("rte_eal_init failed: ") + rte_strerror(rte_errno));
  } else {
    outcome = Status{Done{}};
  }
  return *outcome;
}

}  // namespace crosspoint::engine
