#include "storage/sqlite/sqlite_store.h"
#include "synthetic.h"
#include "web/pages.h"

#include <boost/asio/io_context.hpp>
