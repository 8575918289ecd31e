#pragma once
// The repository of contacts (casework/contact.h). Declared here, implemented in storage/
// (sqlite/contact_store.cpp). It stores and reads what it is given: a private note reaches it
// sealed (Contact::sealed_private_note) and never as text. The rules, access and audit entries are
// casework/contacts.h's. Writes join the open unit of work (identity/audit_store.h) when there is
// one. Used by one thread at a time.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casework/contact.h"
#include "util/status.h"

namespace rn::casework {

// Which of a participant's contacts to list: newest first (by the contact's time, then id), only
// those before `before` (and at that second with an id less than `before_id`) when set.
struct ContactQuery {
  std::optional<Instant> before;
  std::string before_id;
  int limit = 50;
};

class ContactStore {
 public:
  virtual ~ContactStore() = default;

  // Stores a new contact as it is, without `contact.private_note` (only the sealed form is
  // kept). kConflict when its id is taken or its participant does not exist at its site.
  virtual Status Insert(const Contact& contact) = 0;
  // The participant's contacts matching `query`, with `private_note` empty.
  virtual Result<std::vector<Contact>> List(std::string_view site_id,
                                            std::string_view participant_id,
                                            const ContactQuery& query) = 0;
  // Whether `author_user_id` has recorded a contact with the participant.
  virtual Result<bool> HasContactBy(std::string_view site_id, std::string_view participant_id,
                                    std::string_view author_user_id) = 0;
  // Whether any contact in the database holds a sealed private note (so a key file that has gone
  // missing is not silently replaced by a new key).
  virtual Result<bool> AnyPrivateNote() = 0;
};

}  // namespace rn::casework
