#pragma once
// GET /healthz (the process answers) and GET /readyz (the directory snapshot is loaded and the
// database answers), for a load balancer's checks.

#include <string>

#include "api/repositories.h"
#include "directory/search_index.h"
#include "http/router.h"

namespace rn::api {

// `directory` must outlive the routes. `backend` names the database in /readyz's answer
// ("sqlite" or "postgresql"); `repositories` are the calling thread's, as every handler's.
void AddHealthRoutes(http::Router& router, const directory::Directory& directory,
                     RepositorySource repositories, std::string backend);

}  // namespace rn::api
