#include "util/status.h"
// #include "storage/store.h" -- a commented-out include is not read
