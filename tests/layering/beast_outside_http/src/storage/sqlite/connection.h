#include <sqlite3.h>
#include <pqxx/pqxx>
