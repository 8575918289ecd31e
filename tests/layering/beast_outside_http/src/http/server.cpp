#include <boost/beast/core/flat_buffer.hpp>
#include <boost/asio/io_context.hpp>
