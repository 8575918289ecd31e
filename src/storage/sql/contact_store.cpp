// casework::ContactStore: contacts (migration 0011). A private note is stored as the
// sealed bytes it is given (a BLOB), never as text.

#include "storage/sql/casework_columns.h"
#include "storage/sql/repositories.h"

namespace rn::storage::sql {
namespace {

using casework::Contact;

constexpr std::string_view kInsertContact =
    "INSERT INTO contacts (id, site_id, participant_id, at, duration_minutes, place, outcome, "
    "supports, activities, note, private_note, follow_up_on, author_user_id, recorded_by, "
    "recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
constexpr std::string_view kSelectContacts =
    "SELECT id, site_id, participant_id, at, duration_minutes, place, outcome, supports, "
    "activities, note, private_note, follow_up_on, author_user_id, recorded_by, recorded_at "
    "FROM contacts WHERE site_id = ?1 AND participant_id = ?2 "
    "AND (CAST(?3 AS BIGINT) IS NULL OR at < ?3 OR (at = ?3 AND id < ?4)) ORDER BY at DESC, id "
    "DESC LIMIT ?5";
constexpr std::string_view kSelectContactBy =
    "SELECT 1 FROM contacts WHERE site_id = ?1 AND participant_id = ?2 AND author_user_id = ?3 "
    "LIMIT 1";
constexpr std::string_view kSelectAnyPrivateNote =
    "SELECT 1 FROM contacts WHERE private_note IS NOT NULL LIMIT 1";

Result<Contact> ContactFrom(const Statement& row) {
  Contact c;
  c.id = row.ColumnText(0);
  c.site_id = row.ColumnText(1);
  c.participant_id = row.ColumnText(2);
  c.contact.at = ColumnInstant(row, 3);
  c.contact.duration_minutes = static_cast<int>(row.ColumnInt64(4));
  RN_RETURN_IF_ERROR(
      ReadCode(row, 5, casework::kContactPlaces, "contacts.place", &c.contact.place));
  RN_RETURN_IF_ERROR(
      ReadCode(row, 6, casework::kContactOutcomes, "contacts.outcome", &c.contact.outcome));
  RN_RETURN_IF_ERROR(SplitCodes(row.ColumnText(7), casework::kSupportKinds, "contacts.supports",
                                &c.contact.supports));
  RN_RETURN_IF_ERROR(SplitCodes(row.ColumnText(8), casework::kPeerActivities, "contacts.activities",
                                &c.contact.activities));
  c.contact.note = row.ColumnText(9);
  c.has_private_note = !row.ColumnIsNull(10);
  c.sealed_private_note = row.ColumnBlob(10);
  Result<std::optional<casework::Day>> follow_up = ColumnDay(row, 11, "contacts.follow_up_on");
  if (!follow_up.ok()) return follow_up.status();
  c.contact.follow_up_on = *follow_up;
  c.author_user_id = row.ColumnText(12);
  c.recorded_by = row.ColumnText(13);
  c.recorded_at = ColumnInstant(row, 14);
  return c;
}

Result<bool> Exists(Connection& connection, std::string_view sql,
                    std::initializer_list<std::string_view> keys) {
  Result<ScopedStatement> select = connection.Prepare(sql);
  if (!select.ok()) return select.status();
  int index = 1;
  for (std::string_view key : keys) (*select)->Bind(index++, key);
  return (*select)->Step();
}

}  // namespace

Status SqlContactStore::Insert(const Contact& c) {
  Result<ScopedStatement> insert = connection_.Prepare(kInsertContact);
  if (!insert.ok()) return insert.status();
  Statement& s = **insert;
  const std::string supports = JoinCodes(casework::kSupportKinds, c.contact.supports);
  const std::string activities = JoinCodes(casework::kPeerActivities, c.contact.activities);
  std::string follow_up;
  s.Bind(1, c.id)
      .Bind(2, c.site_id)
      .Bind(3, c.participant_id)
      .Bind(4, UnixSeconds(c.contact.at))
      .Bind(5, std::int64_t{c.contact.duration_minutes})
      .Bind(6, casework::kContactPlaces.Name(c.contact.place))
      .Bind(7, casework::kContactOutcomes.Name(c.contact.outcome))
      .Bind(8, supports)
      .Bind(9, activities)
      .Bind(10, c.contact.note);
  if (c.has_private_note) {
    s.BindBlob(11, c.sealed_private_note);
  } else {
    s.BindNull(11);
  }
  BindDay(s, 12, c.contact.follow_up_on, &follow_up);
  s.Bind(13, c.author_user_id).Bind(14, c.recorded_by).Bind(15, UnixSeconds(c.recorded_at));
  return s.Run();
}

Result<std::vector<Contact>> SqlContactStore::List(std::string_view site_id,
                                                   std::string_view participant_id,
                                                   const casework::ContactQuery& query) {
  Result<ScopedStatement> select = connection_.Prepare(kSelectContacts);
  if (!select.ok()) return select.status();
  Statement& s = **select;
  s.Bind(1, site_id).Bind(2, participant_id);
  BindInstant(s, 3, query.before);
  s.Bind(4, query.before_id).Bind(5, std::int64_t{query.limit});
  return CollectRows<Contact>(s, ContactFrom);
}

Result<bool> SqlContactStore::HasContactBy(std::string_view site_id,
                                           std::string_view participant_id,
                                           std::string_view author_user_id) {
  return Exists(connection_, kSelectContactBy, {site_id, participant_id, author_user_id});
}

Result<bool> SqlContactStore::AnyPrivateNote() {
  return Exists(connection_, kSelectAnyPrivateNote, {});
}

}  // namespace rn::storage::sql
