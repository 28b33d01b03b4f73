// Frames that pass between the workers and the control plane through rte_rings (mbuf->port: the engine port):
// taking them off a ring, and freeing a ring with what it still holds.
#pragma once

#include <cstdint>

#include <rte_mbuf.h>
#include <rte_ring.h>

#include "crosspoint/st2110/bytes.hpp"

namespace crosspoint::engine {

// Hands every frame on `ring` to `take(port, frame)`, then frees it. The ring's one consumer only.
template <typename Take>
void take_frames(rte_ring* ring, Take&& take) {
  void* frames[32];
  unsigned n = 0;
  while ((n = rte_ring_sc_dequeue_burst(ring, frames, 32, nullptr)) != 0) {
    for (unsigned i = 0; i < n; ++i) {
      auto* m = static_cast<rte_mbuf*>(frames[i]);
      take(m->port, st2110::Bytes{rte_pktmbuf_mtod(m, const std::uint8_t*), m->data_len});
      rte_pktmbuf_free(m);
    }
  }
}

// Frees `ring` and the frames still on it.
inline void free_ring(rte_ring* ring) {
  void* m = nullptr;
  while (rte_ring_dequeue(ring, &m) == 0) rte_pktmbuf_free(static_cast<rte_mbuf*>(m));
  rte_ring_free(ring);
}

}  // namespace crosspoint::engine
