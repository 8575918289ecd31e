#include "web/pages.h"
