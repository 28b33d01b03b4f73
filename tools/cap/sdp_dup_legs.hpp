// What an SDP's DUP groups (RFC 7104, ST 2022-7) say about flows: whether a flow's destination is one leg
// of a group, and whether two flows are the two legs of one.
#pragma once

#include <optional>

#include "analysis_report.hpp"
#include "crosspoint/st2110/sdp_session.hpp"

namespace crosspoint::cap {

// Whether a DUP group names `flow`'s destination ip:port as one of its legs.
bool dup_group_names(const st2110::SessionDescription& sdp, const FlowKey& flow);

// When a two-leg DUP group names `a` and `b` (by destination ip:port) as its legs: whether `a` is the
// group's first leg. Otherwise nullopt.
std::optional<bool> dup_group_pairs(const st2110::SessionDescription& sdp, const FlowKey& a, const FlowKey& b);

}  // namespace crosspoint::cap
