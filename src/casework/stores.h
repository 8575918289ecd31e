#pragma once
// The casework domain's repositories over one database connection, as its use cases take them,
// with the identity repositories it reads staff from and its audited writes and reads go through,
// and the box that seals private notes.
// The program (app/) builds one per thread from storage/; tests build one over a real database.
// With them, the paging settings the referral use cases read (casework/paging.h).

#include "casework/consent_store.h"
#include "casework/contact_store.h"
#include "casework/paging.h"
#include "casework/participant_store.h"
#include "casework/program_store.h"
#include "casework/referral_store.h"
#include "identity/account_store.h"
#include "identity/audit_store.h"
#include "identity/secret_box.h"
#include "notify/outbox_store.h"

namespace rn::casework {

struct Stores {
  ProgramStore& programs;
  ReferralStore& referrals;
  ParticipantStore& participants;
  ContactStore& contacts;
  ConsentStore& consents;  // consents and the disclosures made under them
  // Seals and opens private notes (contact.h) with the key kept outside the database.
  const identity::SecretBox& private_notes;
  identity::AccountStore& accounts;  // the site's staff: who may be on call, who supervises
  identity::AuditStore& audit;
  identity::UnitOfWork& unit_of_work;
  notify::OutboxStore& outbox;   // an urgent referral's pages
  const PagingSettings& paging;  // whom they reach when, and the link they carry
};

}  // namespace rn::casework
