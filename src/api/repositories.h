#pragma once
// Every domain's repositories over the calling worker thread's database connection, as handlers
// receive them (the AccessGuard hands them to every protected handler). The program (app/) opens
// one database per worker thread and builds these from it; nothing here knows which database it
// is. A new domain adds its own `Stores` member here, as casework/ has.

#include <functional>

#include "casework/stores.h"
#include "directory/stores.h"
#include "identity/stores.h"
#include "resources/stores.h"
#include "util/status.h"

namespace rn::api {

struct Repositories {
  identity::Stores identity;
  directory::Stores directory;
  casework::Stores casework;
  resources::Stores resources;
};

// The calling worker thread's repositories (a connection serves one thread at a time).
using RepositorySource = std::function<Result<Repositories*>()>;

}  // namespace rn::api
