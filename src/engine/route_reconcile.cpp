#include "route_reconcile.hpp"

#include <algorithm>
#include <span>

namespace crosspoint::engine {

namespace {

InputHandle present(InputHandle target, const std::array<InputRuntime, kMaxInputs>& inputs) {
  if (!target.connected()) return target;
  const InputRuntime& input = inputs[target.slot()];
  return input.in_use && input.generation == target.generation() ? target : InputHandle{};
}

}  // namespace

void reconcile_route(OutputRuntime& out, const OutputEntry& entry, const std::array<InputRuntime, kMaxInputs>& inputs,
                     bool fresh) {
  const auto armed = std::span(entry.armed.data(), entry.armed_count);
  // Withdrawn: held here, no longer armed in the table (a restart's settled route is not withdrawn). Copied
  // first: withdrawing reshapes the queue.
  std::array<std::uint64_t, kSwitchQueueDepth> held{};
  const std::size_t held_count = out.route.queued().size();
  for (std::size_t i = 0; i < held_count; ++i) held[i] = out.route.queued()[i].request;
  for (std::size_t i = 0; i < held_count; ++i) {
    const bool still_armed = held[i] == entry.settled.id ||
                             std::any_of(armed.begin(), armed.end(), [&](const RouteRequest& r) { return r.id == held[i]; });
    if (!still_armed && !out.route.withdraw(held[i])) out.kept.store(held[i], std::memory_order_relaxed);
  }
  if (fresh && entry.settled.id != 0) out.route.arm(PendingSwitch{present(entry.settled.target, inputs), 0, entry.settled.id});
  std::uint64_t newest = out.seen_request;
  for (const RouteRequest& request : armed) {
    const InputHandle target = present(request.target, inputs);
    if (request.id > out.seen_request) {
      out.route.arm(PendingSwitch{target, request.deadline_local_ns, request.id});  // the table never holds more than fit
      newest = std::max(newest, request.id);
    } else {
      out.route.retarget(request.id, target);
    }
  }
  out.seen_request = newest;
}

}  // namespace crosspoint::engine
