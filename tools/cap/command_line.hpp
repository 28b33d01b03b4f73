// Walks a subcommand's arguments: "--name value" options, "--flag" switches and positional words, with
// errors that name the option.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crosspoint/expected.hpp"

namespace crosspoint::cap {

class ArgumentCursor {
 public:
  explicit ArgumentCursor(std::vector<std::string> arguments) : arguments_(std::move(arguments)) {}

  [[nodiscard]] bool done() const { return at_ >= arguments_.size(); }
  // The next word (an option name or a positional argument).
  const std::string& take() { return arguments_[at_++]; }
  // The value after option `name`, or why there is none.
  Expected<std::string, std::string> value_of(std::string_view name) {
    if (done()) return Unexpected{std::string(name) + " needs a value"};
    return take();
  }
  template <class Number>
  Expected<Number, std::string> number_of(std::string_view name) {
    auto text = value_of(name);
    if (!text) return Unexpected{text.error()};
    Number value{};
    const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || ptr != text->data() + text->size()) {
      return Unexpected{std::string(name) + ": '" + *text + "' is not a number"};
    }
    return value;
  }

 private:
  std::vector<std::string> arguments_;
  std::size_t at_ = 0;
};

}  // namespace crosspoint::cap
