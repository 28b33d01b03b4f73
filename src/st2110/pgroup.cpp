#include "crosspoint/st2110/pgroup.hpp"

namespace crosspoint::st2110 {

namespace {

enum class Subsampling : std::uint8_t { k444, k422, k420, kSingleComponent };

Subsampling subsampling_of(Sampling sampling) {
  switch (sampling) {
    case Sampling::kYCbCr422:
    case Sampling::kCLYCbCr422:
    case Sampling::kICtCp422:
      return Subsampling::k422;
    case Sampling::kYCbCr420:
    case Sampling::kCLYCbCr420:
    case Sampling::kICtCp420:
      return Subsampling::k420;
    case Sampling::kKey:
      return Subsampling::kSingleComponent;
    case Sampling::kYCbCr444:
    case Sampling::kCLYCbCr444:
    case Sampling::kICtCp444:
    case Sampling::kRgb:
    case Sampling::kXyz:
      break;
  }
  return Subsampling::k444;
}

}  // namespace

std::optional<Pgroup> pgroup_of(Sampling sampling, Depth depth) {
  // Rows: 8, 10, 12, 16 (and 16f) bits; the octets and pixels of ST 2110-20 tables 1 to 3 and the KEY case.
  struct Entry {
    std::uint8_t bytes;
    std::uint8_t pixels;
  };
  static constexpr Entry k444[4] = {{3, 1}, {15, 4}, {9, 2}, {6, 1}};
  static constexpr Entry k422[4] = {{4, 2}, {5, 2}, {6, 2}, {8, 2}};
  static constexpr Entry k420[4] = {{6, 4}, {15, 8}, {9, 4}, {12, 4}};
  static constexpr Entry kSingle[4] = {{1, 1}, {5, 4}, {3, 2}, {2, 1}};

  std::size_t row = 0;
  switch (depth) {
    case Depth::k8: row = 0; break;
    case Depth::k10: row = 1; break;
    case Depth::k12: row = 2; break;
    case Depth::k16:
    case Depth::k16f: row = 3; break;
    default: return std::nullopt;
  }
  switch (subsampling_of(sampling)) {
    case Subsampling::k444: return Pgroup{k444[row].bytes, k444[row].pixels, 1};
    case Subsampling::k422: return Pgroup{k422[row].bytes, k422[row].pixels, 1};
    case Subsampling::k420: return Pgroup{k420[row].bytes, k420[row].pixels, 2};
    case Subsampling::kSingleComponent: return Pgroup{kSingle[row].bytes, kSingle[row].pixels, 1};
  }
  return std::nullopt;
}

}  // namespace crosspoint::st2110
