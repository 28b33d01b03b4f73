#include <catch2/catch.hpp>

#include "nmos/registry/paging.hpp"
#include "sample_resources.hpp"

using namespace crosspoint;
using namespace crosspoint::nmos;
using namespace crosspoint::nmos::registry;
using namespace crosspoint::nmos::registry::test;

namespace {

// Nodes whose update (and create) cursors are 0:first .. 0:last, as in the examples of "APIs - Query Parameters".
std::vector<ResourcePtr> nodes_stamped(unsigned first, unsigned last) {
  std::vector<ResourcePtr> nodes;
  for (unsigned n = first; n <= last; ++n) {
    auto node = std::make_shared<RegisteredResource>();
    node->id = sample_id(n);
    node->data = sample_node(node->id);
    node->created = node->updated = PtpTime{0, n};
    nodes.push_back(node);
  }
  return nodes;
}

PagingRequest request(const QueryParams& params) {
  auto parsed = PagingRequest::parse(params, PagingLimits{10, 100});
  REQUIRE(parsed);
  return *parsed;
}

std::vector<unsigned> cursors(const Page& page) {
  std::vector<unsigned> values;
  for (const auto& resource : page.resources) values.push_back(resource->updated.nanoseconds);
  return values;
}

std::vector<unsigned> descending(unsigned high, unsigned low) {
  std::vector<unsigned> values;
  for (unsigned n = high; n >= low; --n) values.push_back(n);
  return values;
}

constexpr PtpTime at(unsigned nanoseconds) { return PtpTime{0, nanoseconds}; }

}  // namespace

TEST_CASE("without cursors the newest page comes first, newest resource first") {
  const auto page = select_page(nodes_stamped(1, 20), request({}), at(20));
  CHECK(cursors(page) == descending(20, 11));
  CHECK(page.limit == 10);
  CHECK(page.since == at(10));
  CHECK(page.until == at(20));
}

TEST_CASE("a client's paging.limit sets the page size") {
  const auto page = select_page(nodes_stamped(1, 20), request({{"paging.limit", "5"}}), at(20));
  CHECK(cursors(page) == descending(20, 16));
  CHECK(page.since == at(15));
  CHECK(page.until == at(20));
}

TEST_CASE("paging.since returns the oldest page after it") {
  const auto page = select_page(nodes_stamped(1, 20), request({{"paging.since", "0:4"}}), at(20));
  CHECK(cursors(page) == descending(14, 5));
  CHECK(page.since == at(4));
  CHECK(page.until == at(14));
}

TEST_CASE("paging.until returns the newest page up to it") {
  const auto page = select_page(nodes_stamped(1, 20), request({{"paging.until", "0:16"}}), at(20));
  CHECK(cursors(page) == descending(16, 7));
  CHECK(page.since == at(6));
  CHECK(page.until == at(16));
}

TEST_CASE("paging.since takes precedence over paging.until when the limit bites") {
  const auto page =
      select_page(nodes_stamped(1, 20), request({{"paging.since", "0:4"}, {"paging.until", "0:16"}}), at(20));
  CHECK(cursors(page) == descending(14, 5));
  CHECK(page.since == at(4));
  CHECK(page.until == at(14));
}

TEST_CASE("a page before the first resource is empty and bounded by 0:0") {
  const auto page = select_page(nodes_stamped(21, 22), request({{"paging.until", "0:20"}}), at(22));
  CHECK(page.resources.empty());
  CHECK(page.since == at(0));
  CHECK(page.until == at(20));
}

TEST_CASE("a page after the last resource is empty and bounded by the cursor") {
  const auto page = select_page(nodes_stamped(19, 20), request({{"paging.since", "0:20"}}), at(20));
  CHECK(page.resources.empty());
  CHECK(page.since == at(20));
  CHECK(page.until == at(20));
}

TEST_CASE("a filtered collection smaller than a page spans 0:0 to the registry's latest cursor") {
  const auto page = select_page(nodes_stamped(15, 15), request({}), at(20));
  CHECK(cursors(page) == std::vector<unsigned>{15});
  CHECK(page.since == at(0));
  CHECK(page.until == at(20));
}

TEST_CASE("limits above the server's maximum are lowered") {
  CHECK(request({{"paging.limit", "100000"}}).limit == 100);
}

TEST_CASE("paging.limit=0 answers an empty page closed on paging.since") {
  const auto page =
      select_page(nodes_stamped(1, 20), request({{"paging.since", "0:12"}, {"paging.limit", "0"}}), at(20));
  CHECK(page.resources.empty());
  CHECK(page.limit == 0);
  CHECK(page.since == at(12));
  CHECK(page.until == at(12));
}

TEST_CASE("paging.limit=0 answers an empty page closed on paging.until") {
  const auto page =
      select_page(nodes_stamped(1, 20), request({{"paging.until", "0:12"}, {"paging.limit", "0"}}), at(20));
  CHECK(page.resources.empty());
  CHECK(page.since == at(12));
  CHECK(page.until == at(12));
}

TEST_CASE("paging.limit=0 with both cursors closes on paging.since, which takes precedence") {
  const auto page = select_page(
      nodes_stamped(1, 20), request({{"paging.since", "0:4"}, {"paging.until", "0:16"}, {"paging.limit", "0"}}),
      at(20));
  CHECK(page.resources.empty());
  CHECK(page.since == at(4));
  CHECK(page.until == at(4));
}

TEST_CASE("paging.limit=0 without cursors closes on the registry's latest cursor") {
  const auto page = select_page(nodes_stamped(1, 20), request({{"paging.limit", "0"}}), at(20));
  CHECK(page.resources.empty());
  CHECK(page.since == at(20));
  CHECK(page.until == at(20));
}

TEST_CASE("paging.since equal to paging.until is an empty page on that cursor") {
  const auto page =
      select_page(nodes_stamped(1, 20), request({{"paging.since", "0:12"}, {"paging.until", "0:12"}}), at(20));
  CHECK(page.resources.empty());
  CHECK(page.since == at(12));
  CHECK(page.until == at(12));
}

TEST_CASE("paging.order=create pages by creation time") {
  // Created at 0:1..0:3 but updated in reverse order, so the two cursors disagree.
  auto nodes = nodes_stamped(1, 3);
  std::vector<ResourcePtr> by_created;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    auto node = std::make_shared<RegisteredResource>(*nodes[i]);
    node->updated = PtpTime{0, static_cast<std::uint32_t>(10 - i)};
    by_created.push_back(node);
  }
  const auto ordered = request({{"paging.order", "create"}, {"paging.limit", "2"}});
  CHECK(ordered.order == TimeIndex::kCreated);
  const auto page = select_page(by_created, ordered, at(10));
  REQUIRE(page.resources.size() == 2);
  CHECK(page.resources[0]->created == at(3));
  CHECK(page.resources[1]->created == at(2));
  CHECK(page.since == at(1));
  CHECK(request({}).order == TimeIndex::kUpdated);
}

TEST_CASE("malformed paging parameters answer 400") {
  for (const QueryParams& bad : std::vector<QueryParams>{{{"paging.limit", "ten"}},
                                                         {{"paging.limit", "-1"}},
                                                         {{"paging.since", "12"}},
                                                         {{"paging.until", "1:1000000000"}},
                                                         {{"paging.order", "random"}},
                                                         {{"paging.since", "0:5"}, {"paging.until", "0:4"}},
                                                         {{"paging.bogus", "1"}}}) {
    const auto parsed = PagingRequest::parse(bad, PagingLimits{});
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().status == 400);
  }
}

TEST_CASE("the Link header names next, prev, first and last cursors and keeps the other parameters") {
  Page page;
  page.since = at(10);
  page.until = at(20);
  page.limit = 10;
  const auto link = paging_link_header("http://api.example.com/x-nmos/query/v1.3/nodes/", "label=My%20Node", page);
  CHECK(link ==
        "<http://api.example.com/x-nmos/query/v1.3/nodes/?label=My%20Node&paging.since=0:20&paging.limit=10>; "
        "rel=\"next\", "
        "<http://api.example.com/x-nmos/query/v1.3/nodes/?label=My%20Node&paging.until=0:10&paging.limit=10>; "
        "rel=\"prev\", "
        "<http://api.example.com/x-nmos/query/v1.3/nodes/?label=My%20Node&paging.since=0:0&paging.limit=10>; "
        "rel=\"first\", "
        "<http://api.example.com/x-nmos/query/v1.3/nodes/?label=My%20Node&paging.limit=10>; rel=\"last\"");
}
