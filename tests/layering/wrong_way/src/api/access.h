#include "http/router.h"
#include "web/render.h"
#include <storage/store.h>
