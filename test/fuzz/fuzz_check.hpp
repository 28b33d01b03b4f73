// What every harness asserts: a promise the parser broke aborts with the line, so libFuzzer keeps the input
// as a crash (and the replay test fails on it), the same as a sanitizer report would.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#define FUZZ_REQUIRE(condition)                                                          \
  do {                                                                                   \
    if (!(condition)) {                                                                  \
      std::fprintf(stderr, "%s:%d: FUZZ_REQUIRE(%s) failed\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

namespace crosspoint::fuzz {

// A view the parser returned lies within the bytes it was given.
inline bool inside(std::span<const std::uint8_t> part, std::span<const std::uint8_t> whole) {
  return part.empty() ||
         (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

}  // namespace crosspoint::fuzz
