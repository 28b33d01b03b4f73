// Inputs as the data path names them: a slot (a stable index into the workers' runtime state) and the
// generation of the input that holds it, so an input added into a reused slot never passes for the one
// removed from it.
#pragma once

#include <cstdint>

namespace crosspoint::engine {

using InputSlot = std::uint16_t;
constexpr InputSlot kNoInput = 0xffff;

// A slot with its generation, packed into one word so a worker publishes it with one relaxed store and the
// control plane never reads a slot with another input's generation.
class InputHandle {
 public:
  constexpr InputHandle() = default;  // no input
  constexpr InputHandle(InputSlot slot, std::uint32_t generation)
      : packed_(slot == kNoInput ? kNone : (std::uint64_t{generation} << 16) | slot) {}

  [[nodiscard]] constexpr InputSlot slot() const { return static_cast<InputSlot>(packed_ & 0xffff); }
  [[nodiscard]] constexpr std::uint32_t generation() const { return static_cast<std::uint32_t>(packed_ >> 16); }
  [[nodiscard]] constexpr bool connected() const { return slot() != kNoInput; }
  friend constexpr bool operator==(InputHandle, InputHandle) = default;

 private:
  static constexpr std::uint64_t kNone = kNoInput;
  std::uint64_t packed_ = kNone;
};

}  // namespace crosspoint::engine
