#include "identity/authenticator.h"
#include "identity/test_database.h"
