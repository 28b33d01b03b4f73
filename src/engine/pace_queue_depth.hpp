// How many packets a paced output's queue (pace_queue.hpp) must hold, from the output's format: the most it
// holds at once is what arrives while its oldest packet waits. A source on PTP time waits at most the read
// offset (TRO_DEFAULT plus the pacing delay); a source that is not is put on the next read schedule that has
// not begun, so a whole frame may wait while the one before is still read out (a source catching up after a
// stall sends that fast): two frames. The control plane sizes each output's queue by it when it gives the
// output its pacing; the data path never allocates.
#pragma once

#include <cstddef>
#include <cstdint>

#include "crosspoint/engine/output_pacing.hpp"
#include "crosspoint/st2110/media_format.hpp"

namespace crosspoint::engine {

// Audio and ancillary: no more packets than this a second (ST 2110-30's shortest packet time, 125 us).
constexpr std::uint32_t kMaxPacketsPerSecondOfAudio = 8000;
// The fewest slots a paced output gets (48 KiB, the fixed queue every output had before): a small flow's
// queue still rides out a stalled worker of 100 ms or more (at 320x180p50, 6 000 packets a second, 256 slots
// overran on a loaded machine, and 1024 in a 100 ms stall of the engine_pacing_af_packet test).
constexpr std::uint32_t kMinPaceQueueDepth = 2048;

// Slots for one paced output sending `legs` legs: video, N x (2 Tframe + read offset) / Tframe (a frame read
// out and one waiting, plus the read offset's packets), audio and ancillary 8000 a second for the delay
// plus 1 ms; plus one receive burst arriving at once; times the legs; rounded up to a power of two, at least
// kMinPaceQueueDepth and at most kMaxPaceQueueDepth (video of unknown N gets the most). 0 for passthrough.
std::uint32_t pace_queue_depth(const OutputPacing& pacing, st2110::MediaType media, std::size_t legs);

}  // namespace crosspoint::engine
