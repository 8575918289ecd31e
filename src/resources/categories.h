#pragma once
// The categories a person in recovery looks for services by (the finder's "Services" filter and
// GET /api/v1/services?category=), kept as an HSDS taxonomy of recoverynet's own: each category is
// a taxonomy term with a fixed id, and a service is in a category when one of its attributes names
// that term (importers add them from what their source says: a SAMHSA service code, a Link-SF
// category), or when its other taxonomy terms or its words say so (resources/service_view.h).

#include <array>
#include <string_view>

namespace rn::resources {

struct Category {
  std::string_view slug;     // "moud": the API's and the finder's value
  std::string_view term_id;  // the HSDS taxonomy term id: "recoverynet-category-moud"
  std::string_view name;     // English, for the taxonomy term; pages use their catalogue
  std::string_view description;
};

// The taxonomy the category terms belong to.
inline constexpr std::string_view kCategoryTaxonomyId = "recoverynet-categories";
inline constexpr std::string_view kCategoryTaxonomyName = "recoverynet service categories";

inline constexpr std::array<Category, 13> kCategories = {{
    {"treatment", "recoverynet-category-treatment", "Treatment",
     "Substance use disorder treatment: outpatient, intensive outpatient, residential"},
    {"moud", "recoverynet-category-moud", "Medication for opioid use disorder",
     "Methadone, buprenorphine or naltrexone: opioid treatment programs and prescribers"},
    {"detox", "recoverynet-category-detox", "Detox and withdrawal management",
     "Medically supervised withdrawal, inpatient or outpatient"},
    {"recovery_housing", "recoverynet-category-recovery-housing", "Recovery housing",
     "Sober living and recovery residences"},
    {"peer_support", "recoverynet-category-peer-support", "Peer support and drop-in",
     "Recovery community centres, peer recovery coaches, drop-in hours and mutual-help groups"},
    {"harm_reduction", "recoverynet-category-harm-reduction", "Harm reduction and naloxone",
     "Naloxone, syringe services, drug checking, overdose prevention"},
    {"mental_health", "recoverynet-category-mental-health", "Mental health",
     "Counselling, psychiatric care and crisis lines"},
    {"family", "recoverynet-category-family", "Family and parenting support",
     "Support for families, parents in recovery, mothers with children"},
    {"food", "recoverynet-category-food", "Food", "Meals, food pantries and groceries"},
    {"shelter", "recoverynet-category-shelter", "Shelter", "Emergency shelter and housing help"},
    {"medical", "recoverynet-category-medical", "Medical care",
     "Clinics, HIV and hepatitis testing and care"},
    {"transport", "recoverynet-category-transport", "Transport",
     "Rides and transit help to appointments"},
    {"basic_needs", "recoverynet-category-basic-needs", "Hygiene and basic needs",
     "Showers, laundry, clothing, phones and internet"},
}};

// The category with `slug`, or nullptr.
constexpr const Category* FindCategory(std::string_view slug) {
  for (const Category& category : kCategories) {
    if (category.slug == slug) return &category;
  }
  return nullptr;
}

// Who a service is for, as the finder's "Who it is for" filter and GET /api/v1/services?audience=
// offer it: read from the service's eligibility and name (service_view.h, AudiencesOfText).
struct Audience {
  std::string_view slug;  // "families": the API's and the finder's value
  std::string_view name;  // English; pages use their catalogue
};

inline constexpr std::array<Audience, 7> kAudiences = {{
    {"women", "Women"},
    {"men", "Men"},
    {"pregnant", "Pregnant or postpartum"},
    {"families", "Parents with children"},
    {"youth", "Young people"},
    {"veterans", "Veterans"},
    {"lgbtq", "LGBTQ+ people"},
}};

// The audience with `slug`, or nullptr.
constexpr const Audience* FindAudience(std::string_view slug) {
  for (const Audience& audience : kAudiences) {
    if (audience.slug == slug) return &audience;
  }
  return nullptr;
}

}  // namespace rn::resources
