#include <boost/json/value.hpp>
#include <boost/beast/http/message.hpp>
