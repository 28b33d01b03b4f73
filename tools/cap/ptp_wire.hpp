// The analyzer's one door into the PTP stack: message decoding and the BMCA (foreign master qualification
// and the data set comparison) come from src/ptp's private headers (through ptp_wire_dep) and are not
// written twice.
#pragma once

#include "bmc.hpp"
#include "foreign_masters.hpp"
#include "message.hpp"
