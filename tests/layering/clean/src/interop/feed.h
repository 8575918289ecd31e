#include "directory/listing.h"
