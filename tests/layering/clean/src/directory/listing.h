#include "identity/authenticator.h"
#include "util/status.h"
