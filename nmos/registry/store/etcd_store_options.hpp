// How a registry member reaches the etcd cluster that keeps its registry (RegistryOptions::etcd).
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace crosspoint::nmos::registry {

struct EtcdStoreOptions {
  std::vector<std::string> endpoints;  // "http://127.0.0.1:2379", by preference
  std::string prefix = "/crosspoint/nmos/registry/";  // members with one prefix serve one registry
  // Longest wait for one etcd request, over every endpoint and retry (long enough to ride out a leader
  // election); a write that gets no decision within it answers 503.
  std::chrono::milliseconds request_timeout{3000};
  // How long this member may go without reaching etcd before it says it has lost it.
  std::chrono::milliseconds member_ttl{3000};
};

}  // namespace crosspoint::nmos::registry
