#pragma once
// GET /healthz (the process answers) and GET /readyz (the directory snapshot is loaded).

#include "directory/search_index.h"
#include "http/router.h"

namespace rn::api {

// `directory` must outlive the routes.
void AddHealthRoutes(http::Router& router, const directory::Directory& directory);

}  // namespace rn::api
