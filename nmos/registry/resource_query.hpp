// ResourceQuery: everything a Query API request or a subscription's params say about which resources to return
// and how: basic query terms, query.rql, and the version view (query.downgrade). Paging is separate (HTTP only).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "crosspoint/expected.hpp"
#include "nmos/registry/basic_query.hpp"
#include "nmos/registry/downgrade.hpp"
#include "nmos/registry/query_error.hpp"
#include "nmos/registry/query_params.hpp"
#include "nmos/registry/rql_query.hpp"
#include "nmos/registry/served_versions.hpp"

namespace crosspoint::nmos::registry {

class ResourceQuery {
 public:
  // Everything of the latest version.
  ResourceQuery() : view_(kLatestIs04Version) {}

  // `params` are decoded query-string parameters; paging.* are left to PagingRequest.
  static Expected<ResourceQuery, QueryError> parse(ApiVersion requested, const QueryParams& params);

  [[nodiscard]] bool matches(const RegisteredResource& resource) const;
  // The representation a matching resource is returned in.
  [[nodiscard]] nlohmann::json present(const RegisteredResource& resource) const { return view_.present(resource); }
  [[nodiscard]] const VersionView& versions() const { return view_; }

 private:
  explicit ResourceQuery(VersionView view) : view_(view) {}

  VersionView view_;
  BasicQuery basic_;
  std::optional<RqlQuery> rql_;
};

// A subscription's "params" object as query parameters: strings as they are, other scalars in JSON spelling.
[[nodiscard]] Expected<QueryParams, QueryError> params_from_json(const nlohmann::json& params);

}  // namespace crosspoint::nmos::registry
