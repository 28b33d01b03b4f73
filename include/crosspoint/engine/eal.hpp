// The DPDK EAL: initialised at most once per process (DPDK cannot re-initialise it), by the first engine
// that starts or by a caller that wants it earlier. Later calls return the outcome of the first.
#pragma once

#include <string>
#include <vector>

#include "crosspoint/engine/config.hpp"
#include "crosspoint/engine/engine_error.hpp"

namespace crosspoint::engine {

// The rte_eal_init arguments the config stands for (argv[0] included), for logs and documentation.
std::vector<std::string> eal_arguments(const EalConfig& config);

Status initialise_eal(const EalConfig& config);

}  // namespace crosspoint::engine
