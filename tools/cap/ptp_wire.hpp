// The analyzer's one door into the PTP stack: message decoding and the BMCA (foreign master qualification
// and the data set comparison) come
// from src/ptp and are not written twice. If those headers move (they are the PTP stack's own), only this
// include changes.
#pragma once

#include "crosspoint/ptp/bmc.hpp"
#include "crosspoint/ptp/foreign_masters.hpp"
#include "crosspoint/ptp/message.hpp"
