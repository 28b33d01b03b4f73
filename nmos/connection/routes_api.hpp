// /x-crosspoint/v1/routes: the internal crosspoint (which engine input each engine output forwards) as a
// vendor API for people and control panels. GET lists every output's route; PATCH takes one route or a salvo
// with one IS-05 activation (immediate, scheduled absolute or relative; mode null cancels a scheduled one)
// and stages each entry on its output's sender through ConnectionState::patch, the path every IS-05 PATCH
// takes: the same 423 while a scheduled activation is pending, the same landing, the same IS-04 updates.
// GET /x-crosspoint/v1/inputs lists what a route may name as its input (name, IS-04 receiver id, media).
#pragma once

#include <memory>

#include "nmos/connection/connection_state.hpp"
#include "nmos/http/router.hpp"

namespace crosspoint::nmos::connection {

void add_routes_api(http::Router& router, std::shared_ptr<ConnectionState> state);

}  // namespace crosspoint::nmos::connection
