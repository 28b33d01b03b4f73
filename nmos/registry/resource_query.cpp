#include "nmos/registry/resource_query.hpp"

namespace crosspoint::nmos::registry {

Expected<ResourceQuery, QueryError> ResourceQuery::parse(ApiVersion requested, const QueryParams& params) {
  auto view = VersionView::parse(requested, params);
  if (!view) return Unexpected{view.error()};
  ResourceQuery query(*view);
  for (const auto& [key, value] : params) {
    if (key.rfind("paging.", 0) == 0 || key == "query.downgrade") continue;
    if (key == "query.rql") {
      if (query.rql_) return Unexpected{QueryError{400, "query.rql is given twice"}};
      auto rql = RqlQuery::parse(value);
      if (!rql) return Unexpected{rql.error()};
      query.rql_ = std::move(*rql);
    } else if (key.rfind("query.", 0) == 0) {
      return Unexpected{QueryError{501, key + " is not supported by this registry"}};
    } else {
      if (params.count(key) > 1) return Unexpected{QueryError{400, key + " is given more than once"}};
      query.basic_.require(key, value);
    }
  }
  return query;
}

bool ResourceQuery::matches(const RegisteredResource& resource) const {
  if (!view_.admits(resource.api_version)) return false;
  if (basic_.empty() && !rql_) return true;
  const auto check = [&](const nlohmann::json& data) { return basic_.matches(data) && (!rql_ || rql_->matches(data)); };
  if (!view_.needs_stripping(resource)) return check(resource.data);
  return check(view_.present(resource));
}

Expected<QueryParams, QueryError> params_from_json(const nlohmann::json& params) {
  if (!params.is_object()) return Unexpected{QueryError{400, "params must be an object"}};
  QueryParams result;
  for (const auto& [key, value] : params.items()) {
    if (value.is_object() || value.is_array()) {
      return Unexpected{QueryError{400, "params." + key + " must be a string or other scalar"}};
    }
    result.emplace(key, value.is_string() ? value.get<std::string>() : value.dump());
  }
  return result;
}

}  // namespace crosspoint::nmos::registry
