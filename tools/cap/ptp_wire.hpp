// The analyzer's one door into the PTP stack: message decoding and the BMCA's data set comparison come
// from src/ptp and are not written twice. If those headers move (they are the PTP stack's own), only this
// include changes.
#pragma once

#include "crosspoint/ptp/bmc.hpp"
#include "crosspoint/ptp/message.hpp"
