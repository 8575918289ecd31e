#include "storage/store.h"
#include "app/commands.h"
