#include "directory/correction.h"

#include <gtest/gtest.h>

#include <string>

namespace rn::directory {
namespace {

CorrectionRequest Valid() {
  CorrectionRequest request;
  request.listing_id = "0123456789abcdef";
  request.field = "time";
  request.details = "It starts at 7:30 pm now, not 7.";
  request.email = "test.person@example.org";
  request.language = "en";
  return request;
}

// The field named by ValidateCorrection for `request`; empty when it is valid.
std::string FaultyField(const CorrectionRequest& request) {
  Status status = ValidateCorrection(request);
  if (status.ok()) return "";
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(status.message().empty());
  return status.field();
}

TEST(ValidateCorrection, AcceptsAWellFormedRequest) {
  EXPECT_TRUE(ValidateCorrection(Valid()).ok());
  CorrectionRequest minimal = Valid();
  minimal.email.clear();
  minimal.language.clear();
  EXPECT_TRUE(ValidateCorrection(minimal).ok());
}

TEST(ValidateCorrection, EveryFieldCodeIsAcceptedAndNothingElse) {
  for (std::string_view field : kCorrectionFields) {
    CorrectionRequest request = Valid();
    request.field = field;
    EXPECT_EQ(FaultyField(request), "") << field;
  }
  for (std::string_view bad : {"", "Name", "address", "time ", "other\n"}) {
    CorrectionRequest request = Valid();
    request.field = bad;
    EXPECT_EQ(FaultyField(request), "field") << bad;
  }
}

TEST(ValidateCorrection, ListingIdIsSixteenLowerCaseHexDigits) {
  for (std::string_view bad : {"", "0123456789abcde", "0123456789abcdef0", "0123456789ABCDEF",
                               "0123456789abcdeg", "../../etc/passwd"}) {
    CorrectionRequest request = Valid();
    request.listing_id = bad;
    EXPECT_EQ(FaultyField(request), "listing_id") << bad;
  }
}

TEST(ValidateCorrection, DetailsAreRequiredAfterTrimming) {
  for (std::string_view blank : {"", "   ", "\n\t \r\n"}) {
    CorrectionRequest request = Valid();
    request.details = blank;
    EXPECT_EQ(FaultyField(request), "details") << "blank: " << blank.size() << " bytes";
  }
}

TEST(ValidateCorrection, DetailsLengthCountsCodePointsNotBytes) {
  CorrectionRequest request = Valid();
  std::string at_limit;
  for (std::size_t i = 0; i < kMaxCorrectionDetails; ++i) at_limit += "\xC3\xB1";  // ñ: 2 bytes
  request.details = at_limit;
  EXPECT_EQ(FaultyField(request), "");
  request.details = at_limit + "x";
  EXPECT_EQ(FaultyField(request), "details");
  // Surrounding white space does not count towards the limit.
  request.details = "  \n" + at_limit + "\n  ";
  EXPECT_EQ(FaultyField(request), "");
}

TEST(ValidateCorrection, DetailsMustBeValidUtf8WithoutControlCharacters) {
  CorrectionRequest request = Valid();
  request.details = "Línea uno\n\tlínea dos\r\nthree";
  EXPECT_EQ(FaultyField(request), "");
  for (std::string bad : {std::string("bad \xFF byte"), std::string("truncated \xC3"),
                          std::string("nul \0 inside", 12), std::string("escape \x1B[2J"),
                          std::string("bell \a"), std::string("delete \x7F"),
                          std::string("c1 csi \xC2\x9B"
                                      "31m")}) {
    request.details = bad;
    EXPECT_EQ(FaultyField(request), "details") << bad;
  }
}

TEST(ValidateCorrection, EmailIsOptionalButPlausibleWhenGiven) {
  for (std::string_view good :
       {"a@b.co", "test.person+meetings@example.org", "x@sub.example.org", "nombre@ejemplo.es"}) {
    CorrectionRequest request = Valid();
    request.email = good;
    EXPECT_EQ(FaultyField(request), "") << good;
  }
  for (std::string_view bad :
       {"no-at-sign", "@example.org", "two@@example.org", "a@b@example.org", "a@localhost",
        "a@.example.org", "a@example.org.", "a@example..org", "test person@example.org",
        "a@example.org, b@example.org", "a@example.org;b@example.org", "Name <a@example.org>",
        "a@example.org\nBcc: b@example.org"}) {
    CorrectionRequest request = Valid();
    request.email = bad;
    EXPECT_EQ(FaultyField(request), "email") << bad;
  }
  CorrectionRequest request = Valid();
  request.email = std::string(kMaxCorrectionEmail - 12, 'a') + "@example.org";
  EXPECT_EQ(FaultyField(request), "");
  request.email = "a" + request.email;
  EXPECT_EQ(FaultyField(request), "email");
}

TEST(ValidateCorrection, LanguageIsEmptyOrALowerCaseCode) {
  for (std::string_view good : {"", "en", "es", "fil"}) {
    CorrectionRequest request = Valid();
    request.language = good;
    EXPECT_EQ(FaultyField(request), "") << good;
  }
  for (std::string_view bad : {"e", "EN", "en-US", "engl", "e1"}) {
    CorrectionRequest request = Valid();
    request.language = bad;
    EXPECT_EQ(FaultyField(request), "language") << bad;
  }
}

TEST(CorrectionStatus, KnownStatusesOnly) {
  EXPECT_TRUE(IsCorrectionStatus("open"));
  EXPECT_TRUE(IsCorrectionStatus("applied"));
  EXPECT_TRUE(IsCorrectionStatus("dismissed"));
  EXPECT_FALSE(IsCorrectionStatus("all"));
  EXPECT_FALSE(IsCorrectionStatus("Open"));
  EXPECT_FALSE(IsCorrectionStatus(""));
}

TEST(NormalizeCorrection, TrimsAndUnifiesLineBreaks) {
  CorrectionRequest request = Valid();
  request.details = "\r\n  First line\r\nsecond\rthird\n\tfourth  \r\n";
  request.email = "  test.person@example.org \t";
  NormalizeCorrection(&request);
  EXPECT_EQ(request.details, "First line\nsecond\nthird\n\tfourth");
  EXPECT_EQ(request.email, "test.person@example.org");
  EXPECT_EQ(FaultyField(request), "");
}

TEST(NormalizeCorrection, LeavesOtherFieldsAlone) {
  CorrectionRequest request = Valid();
  request.field = " time ";
  const CorrectionRequest before = request;
  NormalizeCorrection(&request);
  EXPECT_EQ(request, before);
}

}  // namespace
}  // namespace rn::directory
