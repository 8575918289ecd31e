// libFuzzer target: the community-resource importers must never crash, hang or throw on any bytes,
// and every record they accept must pass resources::CheckRecord (what the store takes).
//
// The whole input goes to the HSDS 3.1 JSON reader, the Link-SF reader, and the facility CSV
// reader (with a mapping of the columns a SAMHSA list has). It is also cut at the first 0x1E byte
// (ASCII record separator) into services.csv and locations.csv of a tabular package, with a
// phones.csv made of what follows a second one.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "interop/facilities/facilities.h"
#include "interop/facilities/linksf.h"
#include "interop/hsds/hsds.h"

namespace {

constexpr char kSeparator = '\x1E';

void CheckStorable(const rn::Result<rn::interop::hsds::Parse>& parse) {
  if (!parse.ok()) return;
  for (const rn::resources::Record& record : parse->records) {
    if (!rn::resources::CheckRecord(record).ok()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const rn::interop::hsds::Options options{"fuzz"};
  CheckStorable(rn::interop::hsds::ParseJson(input, options));
  CheckStorable(rn::interop::facilities::ParseLinkSf(input, options));
  static const auto mapping = rn::interop::facilities::ParseMapping(
      "name=name1,address_1=street1,city=city,state_province=state,postal_code=zip,"
      "latitude=latitude,longitude=longitude");
  if (mapping.ok()) {
    const std::string csv =
        "name1,street1,city,state,zip,latitude,longitude\n" + std::string(input);
    CheckStorable(rn::interop::facilities::ParseFacilities(csv, "fuzz.csv", *mapping, options));
  }
  const std::size_t first = input.find(kSeparator);
  const std::size_t second =
      first == std::string_view::npos ? std::string_view::npos : input.find(kSeparator, first + 1);
  std::map<std::string, std::string> files;
  files["services.csv"] = std::string(input.substr(0, first));
  if (first != std::string_view::npos) {
    files["locations.csv"] = std::string(input.substr(
        first + 1, second == std::string_view::npos ? std::string_view::npos : second - first - 1));
  }
  if (second != std::string_view::npos) files["phones.csv"] = std::string(input.substr(second + 1));
  CheckStorable(rn::interop::hsds::ParsePackage(files, options));
  return 0;
}
