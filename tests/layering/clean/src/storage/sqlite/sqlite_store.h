#include "../store.h"

#include <sqlite3.h>
