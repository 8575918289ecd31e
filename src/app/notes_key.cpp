#include "app/notes_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "app/database.h"
#include "identity/secret.h"

namespace rn::app {
namespace {

std::string Reason() { return std::strerror(errno); }

// Writes `bytes` to a new file at `path` with mode 0600, and syncs it.
Status WriteNewFile(const std::filesystem::path& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Internal("cannot create " + path.string() + ": " + Reason());
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string reason = Reason();
      ::close(fd);
      return Status::Internal("cannot write " + path.string() + ": " + reason);
    }
    written += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  const std::string reason = synced ? "" : Reason();
  ::close(fd);
  if (!synced) return Status::Internal("cannot sync " + path.string() + ": " + reason);
  return Status::Ok();
}

Result<identity::SecretKey> CreateKeyFile(const std::filesystem::path& path) {
  Result<identity::SecretKey> key = identity::SecretKey::Generate();
  if (!key.ok()) return key.status();
  Result<std::string> suffix = identity::RandomHex(8);
  if (!suffix.ok()) return suffix.status();
  std::filesystem::path temporary = path;
  temporary += ".tmp-" + *suffix;
  RN_RETURN_IF_ERROR(WriteNewFile(temporary, key->bytes()));
  // link() publishes the whole file under its name, or fails when another process or thread got
  // there first: then that one's key is the key.
  const bool linked = ::link(temporary.c_str(), path.c_str()) == 0;
  const int link_errno = errno;
  ::unlink(temporary.c_str());
  if (linked) return key;
  if (link_errno != EEXIST) {
    return Status::Internal("cannot create the private-note key file " + path.string() + ": " +
                            std::strerror(link_errno));
  }
  return LoadNotesKey(path, false);
}

}  // namespace

namespace {
std::string& NotesKeyFile() {
  static std::string file;
  return file;
}
}  // namespace

void SetNotesKeyFile(std::string path) { NotesKeyFile() = std::move(path); }

Result<std::filesystem::path> NotesKeyPath(const std::string& db_path) {
  if (!NotesKeyFile().empty()) return std::filesystem::path(NotesKeyFile());
  if (IsPostgres(db_path)) {
    return Status::Invalid("notes_key",
                           "a PostgreSQL database needs --notes-key FILE (config notes_key): the "
                           "file private notes are sealed with, the same one on every server");
  }
  return std::filesystem::path(db_path + "-notes.key");
}

Result<identity::SecretKey> LoadNotesKey(const std::filesystem::path& path, bool may_create) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) {
      if (may_create) return CreateKeyFile(path);
      return Status::NotFound("there is no private-note key file " + path.string());
    }
    return Status::Internal("cannot open the private-note key file " + path.string() + ": " +
                            Reason());
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const std::string reason = Reason();
    ::close(fd);
    return Status::Internal("cannot read the private-note key file " + path.string() + ": " +
                            reason);
  }
  const std::string refuse = "refusing to start: the private-note key file " + path.string();
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    return Status::Internal(refuse + " is not a regular file");
  }
  if ((info.st_mode & 077) != 0) {
    ::close(fd);
    return Status::Internal(refuse + " may be read or written by others than its owner: make it " +
                            "mode 0600 (chmod 600 " + path.string() + ")");
  }
  if (info.st_size != static_cast<off_t>(identity::kSecretKeyBytes)) {
    ::close(fd);
    return Status::Internal(refuse + " is " + std::to_string(info.st_size) + " bytes, not " +
                            std::to_string(identity::kSecretKeyBytes) +
                            ": restore the file this database's notes were sealed with");
  }
  std::string bytes(identity::kSecretKeyBytes, '\0');
  std::size_t read_so_far = 0;
  while (read_so_far < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + read_so_far, bytes.size() - read_so_far);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    read_so_far += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (read_so_far != bytes.size()) {
    return Status::Internal("cannot read the private-note key file " + path.string());
  }
  Result<identity::SecretKey> key = identity::SecretKey::FromBytes(bytes);
  std::fill(bytes.begin(), bytes.end(), '\0');
  return key;
}

}  // namespace rn::app
