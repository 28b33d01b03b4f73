#include <catch2/catch.hpp>

#include "nmos/registry/rql_query.hpp"
#include "sample_resources.hpp"

using namespace crosspoint::nmos;
using namespace crosspoint::nmos::registry;
using namespace crosspoint::nmos::registry::test;

namespace {

bool rql_matches(const std::string& expression, const nlohmann::json& data) {
  const auto query = RqlQuery::parse(expression);
  INFO(expression);
  REQUIRE(query);
  return query->matches(data);
}

nlohmann::json tagged_source() {
  auto source = sample_video_source(sample_id(3), sample_id(2));
  source["tags"] = {{"location", {"Salford"}}};
  return source;
}

}  // namespace

TEST_CASE("rql eq and ne compare one attribute") {
  const auto source = tagged_source();
  CHECK(rql_matches("eq(format,urn%3Ax-nmos%3Aformat%3Avideo)", source));
  CHECK(rql_matches("eq(format,urn:x-nmos:format:video)", source));
  CHECK_FALSE(rql_matches("eq(format,urn:x-nmos:format:audio)", source));
  CHECK(rql_matches("ne(format,urn:x-nmos:format:audio)", source));
  CHECK_FALSE(rql_matches("ne(format,urn:x-nmos:format:video)", source));
}

TEST_CASE("rql and, or and not combine expressions") {
  const auto source = tagged_source();
  CHECK(rql_matches("and(eq(format,urn:x-nmos:format:video),eq(label,video%20source))", source));
  CHECK_FALSE(rql_matches("and(eq(format,urn:x-nmos:format:video),eq(label,foo))", source));
  CHECK(rql_matches("or(eq(label,foo),eq(label,video%20source))", source));
  CHECK(rql_matches("not(eq(label,foo))", source));
  CHECK_FALSE(rql_matches("not(or(eq(label,foo),eq(clock_name,clk0)))", source));
}

TEST_CASE("rql in and out test membership, also within arrays") {
  const auto source = tagged_source();
  CHECK(rql_matches("and(eq(format,urn%3Ax-nmos%3Aformat%3Avideo),in(tags.location,(Salford,London)))", source));
  CHECK_FALSE(rql_matches("in(tags.location,(Leeds,London))", source));
  CHECK(rql_matches("out(tags.location,(Leeds,London))", source));
  CHECK(rql_matches("in(label,video%20source)", source));
}

TEST_CASE("rql relational operators order numbers and strings") {
  const auto flow = sample_video_flow(sample_id(4), sample_id(3), sample_id(2));
  CHECK(rql_matches("gt(frame_width,1280)", flow));
  CHECK(rql_matches("ge(frame_width,1920)", flow));
  CHECK_FALSE(rql_matches("lt(frame_width,1920)", flow));
  CHECK(rql_matches("le(frame_height,1080)", flow));
  CHECK(rql_matches("eq(frame_width,number:1920)", flow));
  CHECK(rql_matches("lt(label,w)", flow));
  CHECK(rql_matches("eq(components.bit_depth,10)", flow));
}

TEST_CASE("rql operators this registry does not implement answer 501") {
  const auto parsed = RqlQuery::parse("select(label)");
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().status == 501);
  CHECK(RqlQuery::parse("and(sort(+label),eq(a,b))").error().status == 501);
}

TEST_CASE("malformed or huge rql expressions answer 400") {
  for (const char* bad : {"", "eq(label", "eq(label)", "eq(,x)", "and()", "not(eq(a,b),eq(c,d))", "eq(a,b)junk",
                          "in(a,(b,c)", "eq(a,%zz)"}) {
    INFO(bad);
    const auto parsed = RqlQuery::parse(bad);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().status == 400);
  }
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "not(";
  deep += "eq(a,b)";
  for (int i = 0; i < 40; ++i) deep += ")";
  CHECK(RqlQuery::parse(deep).error().status == 400);
}
