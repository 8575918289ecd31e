#include "http/server.h"

#include <boost/asio/ip/tcp.hpp>
#include <gtest/gtest.h>
