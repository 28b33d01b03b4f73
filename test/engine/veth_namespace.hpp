// A network namespace the test creates with one end of a veth pair in it (192.0.2.1/24); the other end
// stays here, without an address, for the engine's net_af_packet port. Needs root (CAP_NET_ADMIN).
#pragma once

#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "test_streams.hpp"

namespace crosspoint::engine::test {

inline int run(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()); }

struct VethNamespace {
  std::string ns = "xp-engine-" + std::to_string(getpid());
  std::string outside = "xpa" + std::to_string(getpid());
  std::string inside = "xpb" + std::to_string(getpid());
  bool ready = false;

  VethNamespace() {
    ready = run("ip netns add " + ns) == 0 &&
            run("ip link add " + outside + " type veth peer name " + inside) == 0 &&
            run("ip link set " + inside + " netns " + ns) == 0 &&
            run("ip -n " + ns + " addr add 192.0.2.1/24 dev " + inside) == 0 &&
            run("ip -n " + ns + " link set " + inside + " up") == 0 && run("ip -n " + ns + " link set lo up") == 0 &&
            run("ip link set " + outside + " up") == 0;
  }
  ~VethNamespace() {
    run("ip link del " + outside);
    run("ip netns del " + ns);
  }
};

// Sends frames from inside the namespace through a raw packet socket on its veth end.
inline bool send_in_namespace(const VethNamespace& veth, const std::vector<Frame>& frames) {
  bool sent = false;
  std::thread sender([&] {
    const int ns_fd = open(("/var/run/netns/" + veth.ns).c_str(), O_RDONLY);
    if (ns_fd < 0 || setns(ns_fd, CLONE_NEWNET) != 0) return;
    close(ns_fd);
    const int fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0) return;
    sockaddr_ll address{};
    address.sll_family = AF_PACKET;
    address.sll_ifindex = static_cast<int>(if_nametoindex(veth.inside.c_str()));
    address.sll_halen = 6;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      close(fd);
      return;
    }
    sent = true;
    for (const Frame& f : frames) {
      if (send(fd, f.data(), f.size(), 0) != static_cast<ssize_t>(f.size())) sent = false;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    close(fd);
  });
  sender.join();
  return sent;
}


// tcpdump on the namespace's end of the pair, writing `path` (with `options` before the file, e.g. a
// filter after it in `filter`); stop() (or the destructor) ends it with SIGINT and waits.
class NamespaceCapture {
 public:
  NamespaceCapture(const VethNamespace& veth, const std::string& path, std::vector<std::string> options = {},
                   std::vector<std::string> filter = {}) {
    std::vector<std::string> words = {"ip", "netns", "exec", veth.ns, "tcpdump", "-i", veth.inside, "-U", "-nn"};
    words.insert(words.end(), options.begin(), options.end());
    words.insert(words.end(), {"-w", path});
    words.insert(words.end(), filter.begin(), filter.end());
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (auto& w : words) argv.push_back(w.data());
      argv.push_back(nullptr);
      execvp("ip", argv.data());
      _exit(127);
    }
    // Listening once the file is there; a moment more for the filter to attach.
    for (int i = 0; i < 50 && pid_ > 0 && !std::filesystem::exists(path); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    started_ = pid_ > 0 && std::filesystem::exists(path);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  ~NamespaceCapture() { stop(); }
  NamespaceCapture(const NamespaceCapture&) = delete;
  NamespaceCapture& operator=(const NamespaceCapture&) = delete;

  [[nodiscard]] bool started() const { return started_; }
  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGINT);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  bool started_ = false;
};

}  // namespace crosspoint::engine::test
