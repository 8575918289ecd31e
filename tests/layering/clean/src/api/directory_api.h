#include "http/server.h"
#include "interop/feed.h"
