#include "identity/authenticator.h"
#include "../storage/store.h"
