#include "directory/listing.h"
#include "identity/authenticator.h"
