// casework::ConsentStore: consents, consent_revocations and disclosures (migration
// 0013).

#include "storage/sql/casework_columns.h"
#include "storage/sql/repositories.h"

namespace rn::storage::sql {
namespace {

using casework::Consent;
using casework::Disclosure;

constexpr std::string_view kInsertConsent =
    "INSERT INTO consents (id, site_id, participant_id, discloser, information, "
    "information_note, recipients, recipient_class, purposes, expires_on, expires_on_event, "
    "signed_on, signed_how, recorded_by, recorded_at, revoked_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
constexpr std::string_view kConsentColumns =
    "SELECT id, site_id, participant_id, discloser, information, information_note, recipients, "
    "recipient_class, purposes, expires_on, expires_on_event, signed_on, signed_how, recorded_by, "
    "recorded_at, revoked_at FROM consents WHERE site_id = ?1 AND participant_id = ?2 ";
constexpr std::string_view kSelectRevocations =
    "SELECT recipient, at FROM consent_revocations WHERE consent_id = ?1 ORDER BY at, recipient";
constexpr std::string_view kUpdateRevokedAt =
    "UPDATE consents SET revoked_at = ?3 WHERE site_id = ?1 AND id = ?2";
constexpr std::string_view kInsertRevocation =
    "INSERT INTO consent_revocations (consent_id, recipient, at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT DO NOTHING";
constexpr std::string_view kInsertDisclosure =
    "INSERT INTO disclosures (id, site_id, participant_id, consent_id, recipient, recipient_name, "
    "purpose, information, description, disclosed_by, disclosed_at, referral_id, referral_status, "
    "referral_outcome, referral_first_contact_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
constexpr std::string_view kSelectDisclosures =
    "SELECT id, site_id, participant_id, consent_id, recipient, recipient_name, purpose, "
    "information, description, disclosed_by, disclosed_at, referral_id, referral_status, "
    "referral_outcome, referral_first_contact_at FROM disclosures "
    "WHERE site_id = ?1 AND participant_id = ?2 AND disclosed_at >= ?3 "
    "ORDER BY disclosed_at DESC, rowid DESC";  // made in the same second: last made first
constexpr std::string_view kSelectReferralDisclosure =
    "SELECT referral_id, referral_status, referral_outcome, referral_first_contact_at, "
    "disclosed_at FROM disclosures "
    "WHERE site_id = ?1 AND referral_id = ?2 AND recipient = ?3 "
    "ORDER BY disclosed_at DESC, rowid DESC LIMIT 1";

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) {
    if (!out.empty()) out += ',';
    out += id;
  }
  return out;
}

Result<Consent> ConsentFrom(const Statement& row) {
  Consent c;
  c.id = row.ColumnText(0);
  c.site_id = row.ColumnText(1);
  c.participant_id = row.ColumnText(2);
  c.discloser = row.ColumnText(3);
  RN_RETURN_IF_ERROR(SplitCodes(row.ColumnText(4), casework::kInformation, "consents.information",
                                &c.information));
  c.information_note = row.ColumnText(5);
  for (std::string_view id : text::SplitCommas(row.ColumnText(6))) c.recipients.emplace_back(id);
  c.recipient_class = row.ColumnText(7);
  RN_RETURN_IF_ERROR(
      SplitCodes(row.ColumnText(8), casework::kPurposes, "consents.purposes", &c.purposes));
  Result<std::optional<casework::Day>> expires = ColumnDay(row, 9, "consents.expires_on");
  if (!expires.ok()) return expires.status();
  c.expires_on = *expires;
  if (!row.ColumnIsNull(10)) {
    casework::ExpiryEvent event{};
    RN_RETURN_IF_ERROR(
        ReadCode(row, 10, casework::kExpiryEvents, "consents.expires_on_event", &event));
    c.expires_on_event = event;
  }
  Result<std::optional<casework::Day>> signed_on = ColumnDay(row, 11, "consents.signed_on");
  if (!signed_on.ok()) return signed_on.status();
  if (!*signed_on) return Status::Internal("consents.signed_on is empty");
  c.signed_on = **signed_on;
  RN_RETURN_IF_ERROR(ReadCode(row, 12, casework::kSignedHow, "consents.signed_how", &c.signed_how));
  c.recorded_by = row.ColumnText(13);
  c.recorded_at = ColumnInstant(row, 14);
  c.revoked_at = ColumnOptionalInstant(row, 15);
  return c;
}

// Reads the recipients revoked on their own of each of `consents`.
Status ReadRevocations(Connection& connection, std::vector<Consent>* consents) {
  for (Consent& consent : *consents) {
    Result<ScopedStatement> select = connection.Prepare(kSelectRevocations);
    if (!select.ok()) return select.status();
    (*select)->Bind(1, consent.id);
    Result<std::vector<casework::RecipientRevocation>> rows =
        CollectRows<casework::RecipientRevocation>(
            **select, [](const Statement& row) -> Result<casework::RecipientRevocation> {
              return casework::RecipientRevocation{std::string(row.ColumnText(0)),
                                                   ColumnInstant(row, 1)};
            });
    if (!rows.ok()) return rows.status();
    consent.revoked_recipients = std::move(*rows);
  }
  return Status::Ok();
}

Result<std::vector<Consent>> SelectConsents(Connection& connection, std::string_view site_id,
                                            std::string_view participant_id, std::string_view id) {
  const std::string sql =
      std::string(kConsentColumns) + (id.empty() ? "ORDER BY signed_on, id" : "AND id = ?3");
  Result<ScopedStatement> select = connection.Prepare(sql);
  if (!select.ok()) return select.status();
  (*select)->Bind(1, site_id).Bind(2, participant_id);
  if (!id.empty()) (*select)->Bind(3, id);
  Result<std::vector<Consent>> consents = CollectRows<Consent>(**select, ConsentFrom);
  if (!consents.ok()) return consents.status();
  RN_RETURN_IF_ERROR(ReadRevocations(connection, &*consents));
  return consents;
}

Status InsertRevocations(Connection& connection, const Consent& consent) {
  for (const casework::RecipientRevocation& revocation : consent.revoked_recipients) {
    Result<ScopedStatement> insert = connection.Prepare(kInsertRevocation);
    if (!insert.ok()) return insert.status();
    (*insert)
        ->Bind(1, consent.id)
        .Bind(2, revocation.recipient)
        .Bind(3, UnixSeconds(revocation.at));
    RN_RETURN_IF_ERROR((*insert)->Run());
  }
  return Status::Ok();
}

// The referral_id, referral_status, referral_outcome and referral_first_contact_at columns from
// `first` on, of a disclosure made `at`.
Result<casework::DisclosedReferral> DisclosedReferralFrom(const Statement& row, int first,
                                                          Instant at) {
  casework::DisclosedReferral r;
  r.referral_id = row.ColumnText(first);
  RN_RETURN_IF_ERROR(ReadCode(row, first + 1, casework::kReferralStatuses,
                              "disclosures.referral_status", &r.status));
  RN_RETURN_IF_ERROR(ReadOptionalCode(row, first + 2, casework::kReferralOutcomes,
                                      "disclosures.referral_outcome", &r.outcome));
  r.first_contact_at = ColumnOptionalInstant(row, first + 3);
  r.disclosed_at = at;
  return r;
}

Result<Disclosure> DisclosureFrom(const Statement& row) {
  Disclosure d;
  d.id = row.ColumnText(0);
  d.site_id = row.ColumnText(1);
  d.participant_id = row.ColumnText(2);
  d.consent_id = row.ColumnText(3);
  d.recipient = row.ColumnText(4);
  d.recipient_name = row.ColumnText(5);
  RN_RETURN_IF_ERROR(ReadCode(row, 6, casework::kPurposes, "disclosures.purpose", &d.purpose));
  RN_RETURN_IF_ERROR(SplitCodes(row.ColumnText(7), casework::kInformation,
                                "disclosures.information", &d.information));
  d.description = row.ColumnText(8);
  d.disclosed_by = row.ColumnText(9);
  d.disclosed_at = ColumnInstant(row, 10);
  if (!row.ColumnIsNull(11)) {
    Result<casework::DisclosedReferral> referral = DisclosedReferralFrom(row, 11, d.disclosed_at);
    if (!referral.ok()) return referral.status();
    d.referral = std::move(*referral);
  }
  return d;
}

}  // namespace

Status SqlConsentStore::Insert(const Consent& c) {
  Result<ScopedStatement> insert = connection_.Prepare(kInsertConsent);
  if (!insert.ok()) return insert.status();
  Statement& s = **insert;
  const std::string information = JoinCodes(casework::kInformation, c.information);
  const std::string recipients = JoinIds(c.recipients);
  const std::string purposes = JoinCodes(casework::kPurposes, c.purposes);
  std::string expires_on;
  std::string signed_on;
  s.Bind(1, c.id)
      .Bind(2, c.site_id)
      .Bind(3, c.participant_id)
      .Bind(4, c.discloser)
      .Bind(5, information)
      .Bind(6, c.information_note)
      .Bind(7, recipients)
      .Bind(8, c.recipient_class)
      .Bind(9, purposes);
  BindDay(s, 10, c.expires_on, &expires_on);
  if (c.expires_on_event) {
    s.Bind(11, casework::kExpiryEvents.Name(*c.expires_on_event));
  } else {
    s.BindNull(11);
  }
  BindDay(s, 12, c.signed_on, &signed_on);
  s.Bind(13, casework::kSignedHow.Name(c.signed_how))
      .Bind(14, c.recorded_by)
      .Bind(15, UnixSeconds(c.recorded_at));
  BindInstant(s, 16, c.revoked_at);
  RN_RETURN_IF_ERROR(s.Run());
  return InsertRevocations(connection_, c);
}

Result<std::optional<Consent>> SqlConsentStore::Get(std::string_view site_id,
                                                    std::string_view participant_id,
                                                    std::string_view id) {
  if (id.empty()) return std::optional<Consent>();
  Result<std::vector<Consent>> found = SelectConsents(connection_, site_id, participant_id, id);
  if (!found.ok()) return found.status();
  if (found->empty()) return std::optional<Consent>();
  return std::optional<Consent>(std::move(found->front()));
}

Result<std::vector<Consent>> SqlConsentStore::List(std::string_view site_id,
                                                   std::string_view participant_id) {
  return SelectConsents(connection_, site_id, participant_id, "");
}

Status SqlConsentStore::UpdateRevocations(const Consent& c) {
  Result<ScopedStatement> update = connection_.Prepare(kUpdateRevokedAt);
  if (!update.ok()) return update.status();
  (*update)->Bind(1, c.site_id).Bind(2, c.id);
  BindInstant(**update, 3, c.revoked_at);
  RN_RETURN_IF_ERROR((*update)->Run());
  if (connection_.Changes() == 0) return Status::NotFound("there is no such consent");
  return InsertRevocations(connection_, c);
}

Status SqlConsentStore::InsertDisclosure(const Disclosure& d) {
  Result<ScopedStatement> insert = connection_.Prepare(kInsertDisclosure);
  if (!insert.ok()) return insert.status();
  const std::string information = JoinCodes(casework::kInformation, d.information);
  (*insert)
      ->Bind(1, d.id)
      .Bind(2, d.site_id)
      .Bind(3, d.participant_id)
      .Bind(4, d.consent_id)
      .Bind(5, d.recipient)
      .Bind(6, d.recipient_name)
      .Bind(7, casework::kPurposes.Name(d.purpose))
      .Bind(8, information)
      .Bind(9, d.description)
      .Bind(10, d.disclosed_by)
      .Bind(11, UnixSeconds(d.disclosed_at));
  if (const std::optional<casework::DisclosedReferral>& r = d.referral) {
    (*insert)->Bind(12, r->referral_id).Bind(13, casework::kReferralStatuses.Name(r->status));
    if (r->outcome) {
      (*insert)->Bind(14, casework::kReferralOutcomes.Name(*r->outcome));
    } else {
      (*insert)->BindNull(14);
    }
    BindInstant(**insert, 15, r->first_contact_at);
  } else {
    (*insert)->BindNull(12).BindNull(13).BindNull(14).BindNull(15);
  }
  return (*insert)->Run();
}

Result<std::vector<Disclosure>> SqlConsentStore::ListDisclosures(std::string_view site_id,
                                                                 std::string_view participant_id,
                                                                 Instant since) {
  Result<ScopedStatement> select = connection_.Prepare(kSelectDisclosures);
  if (!select.ok()) return select.status();
  (*select)->Bind(1, site_id).Bind(2, participant_id).Bind(3, UnixSeconds(since));
  return CollectRows<Disclosure>(**select, DisclosureFrom);
}

Result<std::optional<casework::DisclosedReferral>> SqlConsentStore::LatestReferralDisclosure(
    std::string_view site_id, std::string_view referral_id, std::string_view recipient) {
  Result<ScopedStatement> select = connection_.Prepare(kSelectReferralDisclosure);
  if (!select.ok()) return select.status();
  (*select)->Bind(1, site_id).Bind(2, referral_id).Bind(3, recipient);
  Result<std::vector<casework::DisclosedReferral>> found = CollectRows<casework::DisclosedReferral>(
      **select,
      [](const Statement& row) { return DisclosedReferralFrom(row, 0, ColumnInstant(row, 4)); });
  if (!found.ok()) return found.status();
  if (found->empty()) return std::optional<casework::DisclosedReferral>();
  return std::optional<casework::DisclosedReferral>(std::move(found->front()));
}

}  // namespace rn::storage::sql
