#include <boost/asio/signal_set.hpp>
