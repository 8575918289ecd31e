#include "app/commands.h"
#include "storage/sqlite/sqlite_store.h"
#include "web/pages.h"
