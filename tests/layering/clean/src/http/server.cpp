#include "http/server.h"

#include <boost/asio/io_context.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast.hpp>
