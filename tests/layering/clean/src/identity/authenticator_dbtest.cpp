#include "identity/authenticator.h"
#include "storage/sqlite/sqlite_store.h"
