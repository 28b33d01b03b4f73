// RqlQuery: the Query API's query.rql in normalised RQL form, e.g.
// and(eq(format,urn%3Ax-nmos%3Aformat%3Avideo),in(tags.location,(Salford,London))).
// Supported: and, or, not, eq, ne, lt, le, gt, ge, in, out. Other operators are refused with 501,
// malformed or overly complex expressions with 400.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "crosspoint/expected.hpp"
#include "nmos/registry/query_error.hpp"

namespace crosspoint::nmos::registry {

class RqlQuery {
 public:
  static Expected<RqlQuery, QueryError> parse(std::string_view text);

  [[nodiscard]] bool matches(const nlohmann::json& resource) const;

  // One node of the expression tree: an operator over sub-expressions, or over an attribute and values.
  struct Node {
    std::string op;
    std::vector<Node> operands;       // and, or, not
    std::string attribute;            // relational operators, in, out
    std::vector<nlohmann::json> values;  // typed as RQL converts them: numbers, booleans, null, strings
  };

 private:
  explicit RqlQuery(Node root) : root_(std::move(root)) {}
  Node root_;
};

}  // namespace crosspoint::nmos::registry
