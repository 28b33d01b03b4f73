#include "nmos/registry/paging.hpp"

#include <algorithm>
#include <charconv>

namespace crosspoint::nmos::registry {

namespace {

Unexpected<QueryError> bad(std::string message) { return Unexpected{QueryError{400, std::move(message)}}; }

PtpTime cursor(const RegisteredResource& resource, TimeIndex order) {
  return order == TimeIndex::kCreated ? resource.created : resource.updated;
}

}  // namespace

Expected<PagingRequest, QueryError> PagingRequest::parse(const QueryParams& params,
                                                         const PagingLimits& limits) {
  PagingRequest request;
  request.limit = limits.default_limit;
  for (const auto& [key, value] : params) {
    if (key.rfind("paging.", 0) != 0) continue;
    if (params.count(key) > 1) return bad(key + " is given more than once");
    if (key == "paging.order") {
      if (value == "update") {
        request.order = TimeIndex::kUpdated;
      } else if (value == "create") {
        request.order = TimeIndex::kCreated;
      } else {
        return bad("paging.order must be 'create' or 'update'");
      }
    } else if (key == "paging.since" || key == "paging.until") {
      const auto time = PtpTime::parse_nmos(value);
      if (!time) return bad(key + " must be <seconds>:<nanoseconds>");
      (key == "paging.since" ? request.since : request.until) = time;
    } else if (key == "paging.limit") {
      std::size_t limit = 0;
      const auto parsed = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (parsed.ec != std::errc{} || parsed.ptr != value.data() + value.size()) {
        return bad("paging.limit must be a non-negative integer");
      }
      request.limit = std::min(limit, limits.max_limit);
    } else {
      return bad(key + " is not a paging parameter");
    }
  }
  if (request.since && request.until && *request.since > *request.until) {
    return bad("paging.since is later than paging.until");
  }
  return request;
}

Page select_page(const std::vector<ResourcePtr>& ascending, const PagingRequest& request, PtpTime latest) {
  const PtpTime lower = request.since.value_or(PtpTime{});
  const PtpTime upper = request.until ? *request.until : std::max(latest, lower);
  const auto key_less = [&](const ResourcePtr& resource, const PtpTime& time) {
    return cursor(*resource, request.order) < time;
  };
  // The window (lower, upper].
  const auto first = std::upper_bound(ascending.begin(), ascending.end(), lower,
                                      [&](const PtpTime& time, const ResourcePtr& resource) {
                                        return time < cursor(*resource, request.order);
                                      });
  auto last = std::lower_bound(first, ascending.end(), upper, key_less);
  if (last != ascending.end() && cursor(**last, request.order) == upper) ++last;
  const auto available = static_cast<std::size_t>(last - first);

  Page page;
  page.limit = request.limit;
  page.since = lower;
  page.until = upper;
  if (request.limit == 0) {
    // An empty page closed on the client's cursor (since wins), so that next and prev both point back at it.
    if (request.since) {
      page.until = page.since;
    } else {
      page.since = page.until;
    }
  } else if (available <= request.limit) {
    page.resources.assign(first, last);
  } else if (request.since) {
    // since wins over until: the oldest page after since, ending at its newest resource.
    const auto end = first + static_cast<std::ptrdiff_t>(request.limit);
    page.resources.assign(first, end);
    page.until = cursor(**(end - 1), request.order);
  } else {
    // newest page below until, starting just after the newest resource it leaves out.
    const auto begin = last - static_cast<std::ptrdiff_t>(request.limit);
    page.resources.assign(begin, last);
    page.since = cursor(**(begin - 1), request.order);
  }
  std::reverse(page.resources.begin(), page.resources.end());
  return page;
}

std::string paging_link_header(const std::string& collection_url, const std::string& kept_query, const Page& page) {
  const std::string prefix = collection_url + "?" + (kept_query.empty() ? "" : kept_query + "&");
  const std::string limit = "paging.limit=" + std::to_string(page.limit);
  const auto link = [&](const std::string& cursor_params, const char* rel) {
    return "<" + prefix + cursor_params + limit + ">; rel=\"" + rel + "\"";
  };
  return link("paging.since=" + page.until.to_nmos_string() + "&", "next") + ", " +
         link("paging.until=" + page.since.to_nmos_string() + "&", "prev") + ", " +
         link("paging.since=0:0&", "first") + ", " + link("", "last");
}

}  // namespace crosspoint::nmos::registry
