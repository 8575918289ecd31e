#include <gtest/gtest.h>

#include <string>

#include "interop/hsds/hsds.h"

namespace rn::interop::hsds {
namespace {

using resources::Record;
using resources::RecordKind;

// A trimmed GET /services/{id} answer (HSDS 3.1's service_full.json).
constexpr std::string_view kService = R"({
  "id": "svc-1", "name": "Counselling", "status": "active", "minimum_age": 12,
  "alert": null,
  "phones": [{"id": "ph-1", "number": "123", "languages": [{"name": "English"}]}],
  "organization": {"id": "org-1", "name": "MyCity", "description": "Charity", "website": null,
                   "programs": [{"id": "prog-1", "name": "Mental health", "description": "d"}]},
  "program": {"id": "prog-1", "name": "Mental health", "description": "d"},
  "service_at_locations": [{"id": "sal-1", "description": "here",
    "location": {"id": "loc-1", "location_type": "physical", "latitude": 51.5,
                 "addresses": [{"id": "ad-1", "address_1": "1 Main St", "city": "MyCity",
                   "state_province": "S", "postal_code": "1", "country": "GB",
                   "address_type": "physical"}]}}],
  "attributes": [{"id": "at-1", "taxonomy_term": {"id": "tt-1", "name": "Counselling",
    "description": "t", "taxonomy_detail": {"id": "tx-1", "name": "Open Eligibility",
    "description": "x"}}}]
})";

const Record* Find(const Parse& parse, RecordKind kind, std::string_view id) {
  for (const Record& record : parse.records) {
    if (record.kind == kind && record.id == id) return &record;
  }
  return nullptr;
}

std::string Text(const Record& record, std::string_view key) {
  const auto* value = record.doc.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : "";
}

TEST(HsdsJson, SingleServiceBecomesRecordsOfEachKind) {
  const Result<Parse> parse = ParseJson(kService, {.source = "feed"});
  ASSERT_TRUE(parse.ok()) << parse.status().message();
  EXPECT_TRUE(parse->rejections.empty())
      << parse->rejections.front().field << ": " << parse->rejections.front().reason;
  ASSERT_EQ(parse->records.size(), 6u);
  const Record* service = Find(*parse, RecordKind::kService, "svc-1");
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(service->source, "feed");
  EXPECT_EQ(Text(*service, "organization_id"), "org-1");
  EXPECT_EQ(Text(*service, "program_id"), "prog-1");
  EXPECT_FALSE(service->doc.contains("organization"));
  EXPECT_FALSE(service->doc.contains("service_at_locations"));
  EXPECT_FALSE(service->doc.contains("program"));
  EXPECT_FALSE(service->doc.contains("alert"));  // null dropped
  const auto& attribute = service->doc.at("attributes").as_array().at(0).as_object();
  EXPECT_FALSE(attribute.contains("taxonomy_term"));
  EXPECT_EQ(attribute.at("taxonomy_term_id").as_string(), "tt-1");

  const Record* organization = Find(*parse, RecordKind::kOrganization, "org-1");
  ASSERT_NE(organization, nullptr);
  EXPECT_FALSE(organization->doc.contains("website"));
  EXPECT_EQ(organization->doc.at("programs").as_array().size(), 1u);

  const Record* sal = Find(*parse, RecordKind::kServiceAtLocation, "sal-1");
  ASSERT_NE(sal, nullptr);
  EXPECT_EQ(Text(*sal, "service_id"), "svc-1");
  EXPECT_EQ(Text(*sal, "location_id"), "loc-1");
  EXPECT_FALSE(sal->doc.contains("location"));
  EXPECT_NE(Find(*parse, RecordKind::kLocation, "loc-1"), nullptr);
  const Record* term = Find(*parse, RecordKind::kTaxonomyTerm, "tt-1");
  ASSERT_NE(term, nullptr);
  EXPECT_EQ(Text(*term, "taxonomy_id"), "tx-1");
  EXPECT_FALSE(term->doc.contains("taxonomy_detail"));
  EXPECT_NE(Find(*parse, RecordKind::kTaxonomy, "tx-1"), nullptr);
}

TEST(HsdsJson, ChildWithoutIdGetsStableDerivedId) {
  const Result<Parse> first = ParseJson(kService, {.source = "feed"});
  const Result<Parse> second = ParseJson(kService, {.source = "feed"});
  ASSERT_TRUE(first.ok() && second.ok());
  const auto id_of = [](const Parse& parse) {
    const Record* service = Find(parse, RecordKind::kService, "svc-1");
    return std::string(service->doc.at("phones")
                           .as_array()
                           .at(0)
                           .as_object()
                           .at("languages")
                           .as_array()
                           .at(0)
                           .as_object()
                           .at("id")
                           .as_string());
  };
  EXPECT_EQ(id_of(*first), id_of(*second));
  EXPECT_EQ(id_of(*first).size(), 36u);
  const Result<Parse> other = ParseJson(kService, {.source = "other"});
  EXPECT_NE(id_of(*first), id_of(*other));
}

TEST(HsdsJson, PageEnvelopeAndArray) {
  const std::string page = "{\"total_items\": 2, \"contents\": [" + std::string(kService) +
                           ", {\"id\": \"svc-2\", \"name\": \"B\", \"status\": \"active\"}]}";
  const Result<Parse> parsed_page = ParseJson(page, {.source = "feed"});
  ASSERT_TRUE(parsed_page.ok());
  EXPECT_NE(Find(*parsed_page, RecordKind::kService, "svc-2"), nullptr);
  EXPECT_EQ(parsed_page->records.size(), 7u);

  const std::string array = "[" + std::string(kService) + "]";
  const Result<Parse> parsed_array = ParseJson(array, {.source = "feed"});
  ASSERT_TRUE(parsed_array.ok());
  EXPECT_EQ(parsed_array->records.size(), 6u);
}

TEST(HsdsJson, OrganizationWithNestedLocations) {
  const Result<Parse> parse = ParseJson(R"({"id": "org-9", "name": "Org", "description": "d",
      "legal_status": "charity",
      "locations": [{"id": "loc-9", "location_type": "virtual"}, {"location_type": "postal"}]})",
                                        {.source = "feed"});
  ASSERT_TRUE(parse.ok());
  ASSERT_EQ(parse->records.size(), 2u);
  EXPECT_EQ(parse->records[0].kind, RecordKind::kOrganization);
  const Record* location = Find(*parse, RecordKind::kLocation, "loc-9");
  ASSERT_NE(location, nullptr);
  EXPECT_EQ(Text(*location, "organization_id"), "org-9");
  ASSERT_EQ(parse->rejections.size(), 1u);
  EXPECT_EQ(parse->rejections[0].field, "locations[1].id");
  EXPECT_EQ(parse->rejections[0].row, 0);
}

TEST(HsdsJson, DuplicateOrganizationKeptOnceOrRejectedWhenItDiffers) {
  const Result<Parse> same = ParseJson(R"([
      {"id": "s1", "name": "A", "status": "active",
       "organization": {"id": "o", "name": "O", "description": "d"}},
      {"id": "s2", "name": "B", "status": "active",
       "organization": {"id": "o", "name": "O", "description": "d"}}])",
                                       {.source = "feed"});
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->records.size(), 3u);
  EXPECT_TRUE(same->rejections.empty());

  const Result<Parse> differ = ParseJson(R"([
      {"id": "s1", "name": "A", "status": "active",
       "organization": {"id": "o", "name": "O", "description": "d"}},
      {"id": "s2", "name": "B", "status": "active",
       "organization": {"id": "o", "name": "Other", "description": "d"}}])",
                                         {.source = "feed"});
  ASSERT_TRUE(differ.ok());
  EXPECT_EQ(differ->records.size(), 3u);
  EXPECT_EQ(Text(*Find(*differ, RecordKind::kOrganization, "o"), "name"), "O");
  ASSERT_EQ(differ->rejections.size(), 1u);
  EXPECT_EQ(differ->rejections[0].row, 1);
  EXPECT_EQ(differ->rejections[0].field, "organization.id");
  EXPECT_EQ(differ->rejections[0].reason,
            "differs from an earlier copy of the same organization o");
}

TEST(HsdsJson, FailingRecordRejectedWithItsPathServiceKept) {
  const Result<Parse> parse = ParseJson(R"({"id": "s1", "name": "A", "status": "active",
      "organization": {"id": "o", "name": "O"}})",
                                        {.source = "feed"});
  ASSERT_TRUE(parse.ok());
  ASSERT_EQ(parse->records.size(), 1u);
  EXPECT_EQ(Text(parse->records[0], "organization_id"), "o");
  ASSERT_EQ(parse->rejections.size(), 1u);
  EXPECT_EQ(parse->rejections[0].field, "organization.description");
}

TEST(HsdsJson, ServiceWithoutIdRejected) {
  const Result<Parse> parse =
      ParseJson(R"([{"name": "A", "status": "active"}, {"id": 7, "name": "B", "status": "x"}])",
                {.source = "feed"});
  ASSERT_TRUE(parse.ok());
  EXPECT_TRUE(parse->records.empty());
  ASSERT_EQ(parse->rejections.size(), 2u);
  EXPECT_EQ(parse->rejections[0].field, "id");
  EXPECT_EQ(parse->rejections[1].row, 1);
}

TEST(HsdsJson, Errors) {
  const Result<Parse> not_json = ParseJson("{nope", {.source = "feed"});
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.status().field(), "json");
  EXPECT_EQ(not_json.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(ParseJson("42", {}).ok());
  EXPECT_FALSE(ParseJson("[]", {}).ok());
  EXPECT_FALSE(ParseJson(R"({"contents": 3})", {}).ok());
  EXPECT_FALSE(ParseJson(R"([{"foo": 1}])", {}).ok());
}

TEST(HsdsJson, GarbageValuesRejectedNotCrashing) {
  const Result<Parse> parse = ParseJson(R"([1, "x", [], {"id": "s", "name": "A",
      "status": "active", "organization": 5, "program": [], "service_at_locations": [3,
      {"id": "sal", "location": "here"}], "attributes": [{"id": "a", "taxonomy_term": 1}],
      "phones": {"id": 1}}])",
                                        {.source = "feed"});
  ASSERT_TRUE(parse.ok());
  EXPECT_GE(parse->rejections.size(), 5u);
  // Nested too deep for the parser: an error, not a crash.
  EXPECT_FALSE(ParseJson(std::string(10000, '[') + std::string(10000, ']'), {}).ok());
  for (std::string_view text : {R"({"status": null})", R"({"id": "", "status": "active"})",
                                R"({"contents": [null, {"service": {}}]})"}) {
    (void)ParseJson(text, {});
  }
}

TEST(HsdsJson, SameLocationViaOrganizationAndServiceAtLocationKeptOnce) {
  // As in service_full.json: the organization's locations[] and the service at location hold the
  // same location; only the former names its organization.
  const Result<Parse> parse = ParseJson(R"({"id": "s", "name": "A", "status": "active",
      "organization": {"id": "o", "name": "O", "description": "d",
                       "locations": [{"id": "l", "location_type": "physical"}]},
      "service_at_locations": [{"id": "sal", "location": {"id": "l", "location_type": "physical"}}]
  })",
                                        {.source = "feed"});
  ASSERT_TRUE(parse.ok());
  EXPECT_TRUE(parse->rejections.empty());
  EXPECT_EQ(parse->records.size(), 4u);
  EXPECT_EQ(Text(*Find(*parse, RecordKind::kLocation, "l"), "organization_id"), "o");
}

TEST(HsdsJson, OtherEndpointsObjectsAreToldApart) {
  const Result<Parse> parse = ParseJson(R"([
      {"id": "l", "name": "Hall", "location_type": "virtual"},
      {"id": "t", "name": "Food", "description": "d", "code": "F",
       "taxonomy_detail": {"id": "x", "name": "X", "description": "d", "version": "1"}},
      {"id": "x2", "name": "Y", "description": "d", "version": "2"}])",
                                        {.source = "feed"});
  ASSERT_TRUE(parse.ok());
  EXPECT_NE(Find(*parse, RecordKind::kLocation, "l"), nullptr);
  EXPECT_EQ(Text(*Find(*parse, RecordKind::kTaxonomyTerm, "t"), "taxonomy_id"), "x");
  EXPECT_NE(Find(*parse, RecordKind::kTaxonomy, "x"), nullptr);
  EXPECT_NE(Find(*parse, RecordKind::kTaxonomy, "x2"), nullptr);
  // The API's root answer ({"version", "profile", …}) is none of them.
  EXPECT_FALSE(ParseJson(R"({"version": "3.0", "profile": "p"})", {}).ok());
}

}  // namespace
}  // namespace rn::interop::hsds
