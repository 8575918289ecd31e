#include "util/status.h"
#include "storage/store.h"
