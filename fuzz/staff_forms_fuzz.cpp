// libFuzzer target: the staff console's parsers of outside input — the listing form (the body of
// POST /staff/sites/{site}/listings[/{id}]) with the editing rules after it, a multipart upload,
// the Cookie header and X-Forwarded-For — must never crash, hang or throw on any bytes. The form either becomes a listing
// that passes or fails ValidateEditedListing with a named field, or is refused naming a field; a
// listing that passes holds no control character the stored-text rule refuses.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "directory/listing_edit.h"
#include "http/client_address.h"
#include "http/cookie.h"
#include "http/form.h"
#include "http/multipart.h"
#include "util/stored_text.h"
#include "web/listing_form.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  auto form = rn::http::Form::Parse(input, 1000);
  if (form.ok()) {
    rn::directory::Listing base;
    base.types = {"TC", "XYZ"};
    auto listing = rn::web::ApplyListingForm(*form, base);
    if (listing.ok()) {
      const rn::Status valid = rn::directory::ValidateEditedListing(*listing);
      if (!valid.ok() && valid.field().empty()) std::abort();  // every refusal names a field
      // A listing the editor may save holds no control character but tab and line feed in
      // its notes, and none at all in one-line fields (util/stored_text.h).
      using rn::text::FirstForbiddenControl;
      using rn::text::Lines;
      if (valid.ok() && (FirstForbiddenControl(listing->notes, Lines::kMany) ||
                         FirstForbiddenControl(listing->name, Lines::kOne) ||
                         FirstForbiddenControl(listing->location.address, Lines::kOne))) {
        std::abort();
      }
      (void)rn::web::ListingFormData(*listing);
    } else if (listing.status().field().empty()) {
      std::abort();
    }
  }

  auto parts = rn::http::ParseMultipart("multipart/form-data; boundary=XyZ", input);
  if (!parts.ok() && parts.status().field() != "body") std::abort();

  (void)rn::http::CookieValue(input, "rn_session");
  (void)rn::http::ClientAddress("127.0.0.1", input, {"127.0.0.1", "10.0.0.1"});
  return 0;
}
