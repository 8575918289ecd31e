#include "directory/listing.h"
#include "storage/sqlite/sqlite_store.h"
