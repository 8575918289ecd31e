#include "storage/sqlite/connection.h"
#include <sqlite3.h>
