#include "api/directory_api.h"
#include "http/server.h"
