#include <boost/asio/ip/tcp.hpp>
