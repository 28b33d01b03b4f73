// Why a PATCH to /staged was refused: the HTTP status and the NMOS error text (which field, why).
#pragma once

#include <string>

namespace crosspoint::nmos::connection {

struct StageError {
  int status = 400;   // 400 bad request, 404 unknown id, 423 locked by a scheduled activation, 500 backend
  std::string error;  // names the field: "transport_params[1].destination_port: 80 is below the minimum 1024"
  std::string debug;
};

inline StageError bad_request(std::string error) { return StageError{400, error, error}; }

}  // namespace crosspoint::nmos::connection
