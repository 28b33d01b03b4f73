#include "nmos/registry/rql_query.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include "nmos/registry/attribute_path.hpp"

namespace crosspoint::nmos::registry {

namespace {

// Refuse expressions that would make one request expensive for everyone else.
constexpr int kMaxDepth = 16;
constexpr int kMaxNodes = 256;

const std::vector<std::string_view> kLogical = {"and", "or", "not"};
const std::vector<std::string_view> kRelational = {"eq", "ne", "lt", "le", "gt", "ge"};
const std::vector<std::string_view> kMembership = {"in", "out"};

bool one_of(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RQL values are URL-encoded inside the expression.
std::optional<std::string> percent_decode(std::string_view text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int high = hex_digit(text[i + 1]);
    const int low = hex_digit(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    decoded.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return decoded;
}

// RQL's automatic conversion: numbers, true/false/null, and explicit "string:" / "number:" / "boolean:" prefixes.
std::optional<nlohmann::json> typed_value(const std::string& text) {
  if (text.rfind("string:", 0) == 0) return nlohmann::json(text.substr(7));
  if (text == "true" || text == "boolean:true") return nlohmann::json(true);
  if (text == "false" || text == "boolean:false") return nlohmann::json(false);
  if (text == "null") return nlohmann::json(nullptr);
  const bool forced_number = text.rfind("number:", 0) == 0;
  const std::string_view digits = forced_number ? std::string_view(text).substr(7) : std::string_view(text);
  double number = 0;
  const auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (!digits.empty() && parsed.ec == std::errc{} && parsed.ptr == digits.data() + digits.size()) {
    return nlohmann::json(number);
  }
  if (forced_number) return std::nullopt;
  return nlohmann::json(text);
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Expected<RqlQuery::Node, QueryError> parse_all() {
    auto root = parse_call(0);
    if (!root) return root;
    if (position_ != text_.size()) return fail(400, "unexpected text after the RQL expression");
    return root;
  }

 private:
  static Unexpected<QueryError> fail(int status, std::string message) {
    return Unexpected{QueryError{status, "query.rql: " + std::move(message)}};
  }

  std::string_view token() {
    const std::size_t start = position_;
    while (position_ < text_.size() && text_[position_] != '(' && text_[position_] != ')' && text_[position_] != ',') {
      ++position_;
    }
    return text_.substr(start, position_ - start);
  }

  bool accept(char c) {
    if (position_ < text_.size() && text_[position_] == c) {
      ++position_;
      return true;
    }
    return false;
  }

  Expected<RqlQuery::Node, QueryError> parse_call(int depth) {
    if (depth > kMaxDepth || ++nodes_ > kMaxNodes) return fail(400, "the expression is too complex");
    RqlQuery::Node node;
    node.op = std::string(token());
    if (node.op.empty()) return fail(400, "expected an operator at offset " + std::to_string(position_));
    if (!accept('(')) return fail(400, "expected '(' after " + node.op);
    if (one_of(kLogical, node.op)) {
      if (!(position_ < text_.size() && text_[position_] == ')')) {
        do {
          auto operand = parse_call(depth + 1);
          if (!operand) return operand;
          node.operands.push_back(std::move(*operand));
        } while (accept(','));
      }
      if (node.op == "not" && node.operands.size() != 1) return fail(400, "not() takes one expression");
      if (node.operands.empty()) return fail(400, node.op + "() needs at least one expression");
    } else if (one_of(kRelational, node.op) || one_of(kMembership, node.op)) {
      const auto attribute = percent_decode(token());
      if (!attribute || attribute->empty()) return fail(400, node.op + "() needs an attribute");
      node.attribute = *attribute;
      if (!accept(',')) return fail(400, node.op + "() needs a value");
      const bool membership = one_of(kMembership, node.op);
      if (membership && accept('(')) {
        do {
          if (auto parsed = parse_value(); !parsed) return Unexpected{parsed.error()};
          else node.values.push_back(std::move(*parsed));
        } while (accept(','));
        if (!accept(')')) return fail(400, "expected ')' closing the value list of " + node.op);
      } else {
        do {
          if (auto parsed = parse_value(); !parsed) return Unexpected{parsed.error()};
          else node.values.push_back(std::move(*parsed));
        } while (membership && accept(','));
      }
    } else {
      return fail(501, "the operator " + node.op + "() is not supported");
    }
    if (!accept(')')) return fail(400, "expected ')' closing " + node.op);
    return node;
  }

  Expected<nlohmann::json, QueryError> parse_value() {
    const auto decoded = percent_decode(token());
    if (!decoded) return fail(400, "bad percent-encoding in a value");
    auto value = typed_value(*decoded);
    if (!value) return fail(400, "'" + *decoded + "' is not a number");
    return std::move(*value);
  }

  std::string_view text_;
  std::size_t position_ = 0;
  int nodes_ = 0;
};

// Equality as RQL sees it, lenient about a string attribute compared with a value that looked like a number.
bool equal(const nlohmann::json& attribute, const nlohmann::json& value) {
  if (attribute.is_number() && value.is_number()) return attribute.get<double>() == value.get<double>();
  if (attribute.is_string() && value.is_number()) {
    const auto& text = attribute.get_ref<const std::string&>();
    double number = 0;
    const auto parsed = std::from_chars(text.data(), text.data() + text.size(), number);
    return parsed.ec == std::errc{} && parsed.ptr == text.data() + text.size() && number == value.get<double>();
  }
  return attribute == value;
}

// <0, 0, >0, or nullopt when the two cannot be ordered (different kinds).
std::optional<int> compare(const nlohmann::json& attribute, const nlohmann::json& value) {
  if (attribute.is_number() && value.is_number()) {
    const double a = attribute.get<double>();
    const double b = value.get<double>();
    return a < b ? -1 : (a > b ? 1 : 0);
  }
  if (attribute.is_string() && value.is_string()) {
    return attribute.get_ref<const std::string&>().compare(value.get_ref<const std::string&>());
  }
  return std::nullopt;
}

bool evaluate(const RqlQuery::Node& node, const nlohmann::json& resource) {
  if (node.op == "and") {
    return std::all_of(node.operands.begin(), node.operands.end(),
                       [&](const auto& operand) { return evaluate(operand, resource); });
  }
  if (node.op == "or") {
    return std::any_of(node.operands.begin(), node.operands.end(),
                       [&](const auto& operand) { return evaluate(operand, resource); });
  }
  if (node.op == "not") return !evaluate(node.operands.front(), resource);

  std::vector<const nlohmann::json*> attributes;
  collect_attribute_values(resource, node.attribute, attributes);
  const auto any_attribute = [&](auto&& predicate) {
    return std::any_of(attributes.begin(), attributes.end(), [&](const auto* a) { return predicate(*a); });
  };
  const auto in_values = [&](const nlohmann::json& a) {
    return std::any_of(node.values.begin(), node.values.end(), [&](const auto& v) { return equal(a, v); });
  };
  if (node.op == "in") return any_attribute(in_values);
  if (node.op == "out") return !any_attribute(in_values);
  const auto& value = node.values.front();
  if (node.op == "eq") return any_attribute([&](const auto& a) { return equal(a, value); });
  if (node.op == "ne") return !any_attribute([&](const auto& a) { return equal(a, value); });
  return any_attribute([&](const auto& a) {
    const auto order = compare(a, value);
    if (!order) return false;
    if (node.op == "lt") return *order < 0;
    if (node.op == "le") return *order <= 0;
    if (node.op == "gt") return *order > 0;
    return *order >= 0;  // ge
  });
}

}  // namespace

Expected<RqlQuery, QueryError> RqlQuery::parse(std::string_view text) {
  Parser parser(text);
  auto root = parser.parse_all();
  if (!root) return Unexpected{root.error()};
  return RqlQuery(std::move(*root));
}

bool RqlQuery::matches(const nlohmann::json& resource) const { return evaluate(root_, resource); }

}  // namespace crosspoint::nmos::registry
