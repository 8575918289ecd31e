#include "metrics/counter.h"
