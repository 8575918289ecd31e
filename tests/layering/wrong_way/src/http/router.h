#include "util/status.h"
#include "directory/listing.h"
