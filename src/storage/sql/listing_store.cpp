// directory::ListingStore: listings as key columns plus their canonical JSON document,
// exact REAL coordinate columns, and listing_changes (migration 0001).

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/monotonic_resource.hpp>
#include <numeric>
#include <random>
#include <utility>

#include "directory/listing_json.h"
#include "storage/sql/repositories.h"

namespace rn::storage::sql {
namespace {

// The channel on which a PostgreSQL transaction that wrote listings names them to the other
// servers, as "<process token>\n<id>\n<id>…" (or "<token>\n*" when the ids would not fit in
// a notification's 8,000 bytes), delivered when it commits.
constexpr std::string_view kListingsChannel = "rn_listings";
constexpr std::size_t kMostPayload = 7900;
constexpr std::string_view kNotifyListings = "SELECT pg_notify('rn_listings', ?1)";

// Who `connection` writes for (Connection::origin): by default this process's random token, so
// that a server does not patch its snapshot again for its own writes.
const std::string& OriginOf(const Connection& connection) {
  static const std::string process = [] {
    std::random_device random;
    return std::to_string(random()) + "-" + std::to_string(random());
  }();
  return connection.origin().empty() ? process : connection.origin();
}

// Names the listings `writes` writes to the other servers (PostgreSQL only; sent on commit).
Status AnnounceListings(Connection& connection, const directory::ListingWrites& writes) {
  if (connection.dialect() != Dialect::kPostgres) return Status::Ok();
  std::string payload = OriginOf(connection);
  for (const std::string& id : writes.Ids()) {
    (payload += '\n') += id;
    if (payload.size() > kMostPayload) {
      (payload = OriginOf(connection)) += '\n';
      payload += directory::ListingChangeFeed::kEverything;
      break;
    }
  }
  Result<ScopedStatement> notify = connection.Prepare(kNotifyListings);
  if (!notify.ok()) return notify.status();
  return (*notify)->Bind(1, payload).Step().status_or_ok();
}

using directory::Listing;
using directory::ListingChange;
using directory::ListingWrites;

constexpr std::string_view kSelectAllListings =
    "SELECT id, doc, latitude, longitude FROM listings ORDER BY id";
// Unordered: sorting whole rows in SQL costs more than sorting the loaded listings.
constexpr std::string_view kSelectListingsOfSource =
    "SELECT id, doc, latitude, longitude FROM listings WHERE source = ?1";
constexpr std::string_view kSelectDocumentsOfSource =
    "SELECT id, doc FROM listings WHERE source = ?1";
constexpr std::string_view kSelectListing =
    "SELECT id, doc, latitude, longitude FROM listings WHERE id = ?1";
constexpr std::string_view kSelectListingDoc = "SELECT doc FROM listings WHERE id = ?1";
constexpr std::string_view kSelectListingExists = "SELECT 1 FROM listings WHERE id = ?1";
#define RN_INSERT_LISTING                                                                          \
  "INSERT INTO listings (id, source, slug, name, timezone, attendance, latitude, longitude, doc, " \
  "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
constexpr std::string_view kInsertListing = RN_INSERT_LISTING;
constexpr std::string_view kPostgresInsertListing =
    RN_INSERT_LISTING " ON CONFLICT DO NOTHING RETURNING 1";  // InsertUnlessTaken
constexpr std::string_view kUpdateListing =
    "UPDATE listings SET source = ?2, slug = ?3, name = ?4, timezone = ?5, attendance = ?6, "
    "latitude = ?7, longitude = ?8, doc = ?9, updated_at = ?10 WHERE id = ?1";
constexpr std::string_view kDeleteListing = "DELETE FROM listings WHERE id = ?1";
constexpr std::string_view kCountListings = "SELECT COUNT(*) FROM listings";
constexpr std::string_view kInsertChange =
    "INSERT INTO listing_changes (listing_id, at, actor, action, before_doc, after_doc) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kSelectHistory =
    "SELECT seq, listing_id, at, actor, action, before_doc, after_doc FROM listing_changes "
    "WHERE listing_id = ?1 ORDER BY seq";

// The canonical document of `listing`, after checking it will read back (the store never writes a
// document it could not load).
Result<std::string> CanonicalDoc(const Listing& listing) {
  if (listing.id.empty()) return Status::Invalid("id", "a listing needs an id");
  Status valid = directory::ValidateListing(listing);
  if (!valid.ok()) {
    return Status::Invalid(valid.field(), "listing " + listing.id + ": " + valid.message());
  }
  return directory::ListingToJsonString(listing);
}

void BindListingRow(Statement& statement, const Listing& listing, std::string_view doc,
                    std::string_view at) {
  statement.Bind(1, listing.id)
      .Bind(2, listing.source)
      .Bind(3, listing.slug)
      .Bind(4, listing.name)
      .Bind(5, listing.timezone)
      .Bind(6, std::string_view(directory::AttendanceName(listing.attendance)))
      .Bind(7, listing.location.latitude)
      .Bind(8, listing.location.longitude)
      .Bind(9, doc)
      .Bind(10, at);
}

}  // namespace

Result<std::vector<Listing>> SqlListingStore::LoadAll() {
  return SelectListings(kSelectAllListings, {});
}

Status SqlListingStore::ScanAll(const std::function<void(Listing&&)>& visit) {
  return ScanListings(kSelectAllListings, {}, visit);
}

Result<std::vector<Listing>> SqlListingStore::LoadOfSource(std::string_view source) {
  Result<std::vector<Listing>> listings = SelectListings(kSelectListingsOfSource, source);
  if (!listings.ok()) return listings;
  // Sort positions, then move each listing once: swapping whole listings moves ~30 strings a
  // time.
  std::vector<std::size_t> order(listings->size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return (*listings)[a].id < (*listings)[b].id; });
  std::vector<Listing> sorted;
  sorted.reserve(order.size());
  for (std::size_t position : order) sorted.push_back(std::move((*listings)[position]));
  return sorted;
}

Result<std::vector<directory::StoredDocument>> SqlListingStore::DocumentsOfSource(
    std::string_view source) {
  Result<ScopedStatement> statement = connection_.Prepare(kSelectDocumentsOfSource);
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, source);
  std::vector<directory::StoredDocument> documents;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    documents.push_back(
        {std::string((*statement)->ColumnText(0)), std::string((*statement)->ColumnText(1))});
  }
  return documents;
}

Result<std::optional<Listing>> SqlListingStore::Get(std::string_view id) {
  Result<std::vector<Listing>> found = SelectListings(kSelectListing, id);
  if (!found.ok()) return found.status();
  if (found->empty()) return std::optional<Listing>();
  return std::optional<Listing>(std::move(found->front()));
}

Result<std::int64_t> SqlListingStore::Count() {
  Result<ScopedStatement> statement = connection_.Prepare(kCountListings);
  if (!statement.ok()) return statement.status();
  Result<bool> row = (*statement)->Step();
  if (!row.ok()) return row.status();
  return (*statement)->ColumnInt64(0);
}

Result<std::vector<Listing>> SqlListingStore::SelectListings(std::string_view sql,
                                                             std::string_view key) {
  std::vector<Listing> listings;
  Status scanned =
      ScanListings(sql, key, [&](Listing&& listing) { listings.push_back(std::move(listing)); });
  if (!scanned.ok()) return scanned;
  return listings;
}

Status SqlListingStore::ScanListings(std::string_view sql, std::string_view key,
                                     const std::function<void(Listing&&)>& visit) {
  Result<ScopedStatement> statement = connection_.Prepare(sql);
  if (!statement.ok()) return statement.status();
  if (!key.empty()) (*statement)->Bind(1, key);
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const std::string_view id = (*statement)->ColumnText(0);
    const std::string_view doc = (*statement)->ColumnText(1);

    // The parsed tree lives only until it is read into a Listing: allocate it from a stack arena.
    unsigned char buffer[8192];
    boost::json::monotonic_resource arena(buffer, sizeof buffer);
    parser_.reset(boost::json::storage_ptr(&arena));
    boost::system::error_code error;
    parser_.write(doc.data(), doc.size(), error);
    if (error) {
      parser_.reset();
      return Status::Internal("stored listing " + std::string(id) +
                              " is not valid JSON: " + error.message());
    }
    Result<Listing> listing = directory::ListingFromJson(parser_.release());
    parser_.reset();
    if (!listing.ok()) {
      return Status::Internal("stored listing " + std::string(id) + " is unreadable: " +
                              listing.status().field() + ": " + listing.status().message());
    }
    // The REAL columns hold the coordinates exactly (see migration 0001).
    if (listing->location.latitude.has_value() && !(*statement)->ColumnIsNull(2) &&
        !(*statement)->ColumnIsNull(3)) {
      listing->location.latitude = (*statement)->ColumnDouble(2);
      listing->location.longitude = (*statement)->ColumnDouble(3);
    }
    visit(std::move(*listing));
  }
  return Status::Ok();
}

Result<std::optional<std::string>> SqlListingStore::StoredDoc(std::string_view id) {
  Result<ScopedStatement> statement = connection_.Prepare(kSelectListingDoc);
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, id);
  Result<bool> row = (*statement)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(std::string((*statement)->ColumnText(0)));
}

Status SqlListingStore::InsertChange(std::string_view listing_id, std::string_view at,
                                     std::string_view actor, std::string_view action,
                                     std::optional<std::string_view> before,
                                     std::optional<std::string_view> after) {
  Result<ScopedStatement> statement = connection_.Prepare(kInsertChange);
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, listing_id).Bind(2, at).Bind(3, actor).Bind(4, action);
  if (before.has_value()) {
    (*statement)->Bind(5, *before);
  } else {
    (*statement)->BindNull(5);
  }
  if (after.has_value()) {
    (*statement)->Bind(6, *after);
  } else {
    (*statement)->BindNull(6);
  }
  return (*statement)->Run();
}

Status SqlListingStore::Apply(const ListingWrites& writes, std::string_view actor, Instant at) {
  if (writes.empty()) return Status::Ok();

  // Documents are built before the transaction starts, so the write lock is held only for SQL.
  std::vector<std::string> docs;
  docs.reserve(writes.creates.size() + writes.updates.size());
  for (const auto* batch : {&writes.creates, &writes.updates}) {
    for (const Listing& listing : *batch) {
      Result<std::string> doc = CanonicalDoc(listing);
      if (!doc.ok()) return doc.status();
      docs.push_back(std::move(*doc));
    }
  }

  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(connection_);
  if (!transaction.ok()) return transaction.status();
  Status status = ApplyInTransaction(writes, docs, actor, FormatUtc(at));
  if (status.ok()) status = AnnounceListings(connection_, writes);
  if (status.ok()) status = (*transaction)->Commit();
  if (!status.ok()) {
    spdlog::warn("listing writes rolled back ({} creates, {} updates, {} deletes): {}",
                 writes.creates.size(), writes.updates.size(), writes.delete_ids.size(),
                 status.message());
    return status;  // the transaction rolls back as it goes out of scope
  }
  spdlog::debug("listing writes {}: {} creates, {} updates, {} deletes",
                (*transaction)->depth() == 1 ? "committed" : "joined the unit of work",
                writes.creates.size(), writes.updates.size(), writes.delete_ids.size());
  return Status::Ok();
}

// Creates first, then updates, then deletes, each in the order given; the first failure stops.
Status SqlListingStore::ApplyInTransaction(const ListingWrites& writes,
                                           const std::vector<std::string>& docs,
                                           std::string_view actor, std::string_view at) {
  std::size_t doc_index = 0;
  for (const Listing& listing : writes.creates) {
    const std::string& doc = docs[doc_index++];
    {
      Result<ScopedStatement> insert =
          connection_.Prepare(Spelled(connection_, kInsertListing, kPostgresInsertListing));
      if (!insert.ok()) return insert.status();
      BindListingRow(**insert, listing, doc, at);
      Result<bool> inserted = InsertUnlessTaken(connection_, **insert);
      if (!inserted.ok()) return inserted.status();
      if (!*inserted) {
        Result<ScopedStatement> exists = connection_.Prepare(kSelectListingExists);
        if (!exists.ok()) return exists.status();
        Result<bool> row = (*exists)->Bind(1, listing.id).Step();
        if (!row.ok()) return row.status();
        return Status(StatusCode::kConflict,
                      *row ? "listing " + listing.id + " already exists"
                           : "listing " + listing.id + ": another listing of source \"" +
                                 listing.source + "\" has the slug \"" + listing.slug + "\"");
      }
    }
    Status status = InsertChange(listing.id, at, actor, "create", std::nullopt, doc);
    if (!status.ok()) return status;
  }

  for (const Listing& listing : writes.updates) {
    const std::string& doc = docs[doc_index++];
    Result<std::optional<std::string>> before = StoredDoc(listing.id);
    if (!before.ok()) return before.status();
    if (!before->has_value()) {
      return Status(StatusCode::kConflict, "listing " + listing.id + " does not exist");
    }
    {
      Result<ScopedStatement> update = connection_.Prepare(kUpdateListing);
      if (!update.ok()) return update.status();
      BindListingRow(**update, listing, doc, at);
      Status status = (*update)->Run();
      if (status.code() == StatusCode::kConflict) {
        return Status(StatusCode::kConflict, "listing " + listing.id +
                                                 ": another listing of source \"" + listing.source +
                                                 "\" has the slug \"" + listing.slug + "\"");
      }
      if (!status.ok()) return status;
    }
    Status status = InsertChange(listing.id, at, actor, "update", **before, doc);
    if (!status.ok()) return status;
  }

  for (const std::string& id : writes.delete_ids) {
    Result<std::optional<std::string>> before = StoredDoc(id);
    if (!before.ok()) return before.status();
    if (!before->has_value()) {
      return Status(StatusCode::kConflict, "listing " + id + " does not exist");
    }
    {
      Result<ScopedStatement> remove = connection_.Prepare(kDeleteListing);
      if (!remove.ok()) return remove.status();
      Status status = (*remove)->Bind(1, id).Run();
      if (!status.ok()) return status;
    }
    Status status = InsertChange(id, at, actor, "delete", **before, std::nullopt);
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

Result<std::vector<ListingChange>> SqlListingStore::History(std::string_view id) {
  Result<ScopedStatement> statement = connection_.Prepare(kSelectHistory);
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, id);
  std::vector<ListingChange> changes;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ListingChange change;
    change.seq = (*statement)->ColumnInt64(0);
    change.listing_id = (*statement)->ColumnText(1);
    change.at = (*statement)->ColumnText(2);
    change.actor = (*statement)->ColumnText(3);
    change.action = (*statement)->ColumnText(4);
    change.before = (*statement)->ColumnText(5);
    change.after = (*statement)->ColumnText(6);
    changes.push_back(std::move(change));
  }
  return changes;
}

Result<std::unique_ptr<SqlListingChangeFeed>> SqlListingChangeFeed::Open(Connection& connection) {
  RN_RETURN_IF_ERROR(connection.Listen(kListingsChannel));
  return std::unique_ptr<SqlListingChangeFeed>(new SqlListingChangeFeed(connection));
}

Result<std::vector<std::string>> SqlListingChangeFeed::Wait(std::chrono::milliseconds timeout) {
  Result<std::vector<std::string>> payloads = connection_.AwaitNotifications(timeout);
  if (!payloads.ok()) return payloads.status();
  std::vector<std::string> ids;
  for (const std::string& payload : *payloads) {
    std::string_view rest = payload;
    const std::size_t end = rest.find('\n');
    if (end == std::string_view::npos || rest.substr(0, end) == OriginOf(connection_)) continue;
    rest.remove_prefix(end + 1);
    while (!rest.empty()) {
      const std::size_t next = std::min(rest.find('\n'), rest.size());
      ids.emplace_back(rest.substr(0, next));
      rest.remove_prefix(std::min(next + 1, rest.size()));
    }
  }
  return ids;
}

}  // namespace rn::storage::sql
