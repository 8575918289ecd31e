#include "interop/zip.h"

#include <zip.h>

#include <memory>

namespace rn::interop {

Result<std::map<std::string, std::string>> UnzipFiles(std::string_view archive,
                                                      std::size_t max_bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(archive.data(), archive.size(), 0, &error);
  if (source == nullptr) {
    std::string reason = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Status::Invalid("zip", "cannot read the archive: " + reason);
  }
  zip_t* opened = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (opened == nullptr) {
    zip_source_free(source);
    std::string reason = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Status::Invalid("zip", "not a zip archive: " + reason);
  }
  zip_error_fini(&error);
  std::unique_ptr<zip_t, void (*)(zip_t*)> zip(opened, [](zip_t* z) { zip_discard(z); });

  std::map<std::string, std::string> files;
  std::size_t total = 0;
  const zip_int64_t count = zip_get_num_entries(zip.get(), 0);
  for (zip_int64_t index = 0; index < count; ++index) {
    zip_stat_t stat;
    if (zip_stat_index(zip.get(), index, 0, &stat) != 0 || (stat.valid & ZIP_STAT_NAME) == 0) {
      return Status::Invalid("zip", "entry " + std::to_string(index) + " cannot be read");
    }
    const std::string name = stat.name;
    if (name.empty() || name.back() == '/') continue;
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(zip_fopen_index(zip.get(), index, 0),
                                                           zip_fclose);
    if (!file) return Status::Invalid("zip", name + ": " + zip_strerror(zip.get()));
    std::string contents;
    char buffer[65536];
    for (;;) {
      const zip_int64_t got = zip_fread(file.get(), buffer, sizeof buffer);
      if (got < 0) return Status::Invalid("zip", name + ": " + zip_file_strerror(file.get()));
      if (got == 0) break;
      total += static_cast<std::size_t>(got);
      if (total > max_bytes) {
        return Status::Invalid("zip", "the files come to more than " + std::to_string(max_bytes) +
                                          " bytes uncompressed");
      }
      contents.append(buffer, static_cast<std::size_t>(got));
    }
    files.emplace(name, std::move(contents));
  }
  return files;
}

}  // namespace rn::interop
