#include "clock_state_machine.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <unistd.h>

namespace crosspoint::ptp {
namespace {

Nanoseconds interval(std::int8_t log2_seconds) {
  return static_cast<Nanoseconds>(std::ldexp(static_cast<double>(kNanosPerSecond), log2_seconds));
}

// EUI-64 from the port's MAC; a port without one (loopback) gets a locally administered identity from the
// host's machine id, so two hosts on loopback-only set-ups never share an identity.
ClockIdentity default_identity(const std::array<std::uint8_t, 6>& mac) {
  if (std::any_of(mac.begin(), mac.end(), [](std::uint8_t octet) { return octet != 0; })) {
    return ClockIdentity::from_mac(mac);
  }
  std::string machine_id;
  std::ifstream("/etc/machine-id") >> machine_id;
  const std::size_t hash = std::hash<std::string>{}(machine_id.empty() ? std::to_string(getpid()) : machine_id);
  std::array<std::uint8_t, 6> derived{};
  for (std::size_t i = 0; i < derived.size(); ++i) derived[i] = static_cast<std::uint8_t>(hash >> (8 * i));
  derived[0] = static_cast<std::uint8_t>((derived[0] & 0xFE) | 0x02);  // unicast, locally administered
  return ClockIdentity::from_mac(derived);
}

}  // namespace

ClockStateMachine::ClockStateMachine(const ClockConfig& config, ClockModel& model, Transport& transport,
                                     TimeReader& time, const ServoFactory& servos)
    : config_(config),
      model_(model),
      transport_(transport),
      time_(time),
      data_sets_(config, config.identity.value_or(default_identity(transport.hardware_address()))),
      foreign_(data_sets_.get().port.identity, interval(config.log_announce_interval)),
      e2e_([this](Nanoseconds local) { return model_.to_ptp(local); }),
      network_servo_(servos(model.mapping().rate_ppb)),
      system_servo_(servos(model.mapping().rate_ppb)),
      lock_(config.lock),
      outliers_(config.outliers),
      discipline_(model, config.host_clock),
      status_(data_sets_.get().default_ds.identity, transport.timestamping(), config.history_length) {
  network_servo_->set_sync_interval(std::ldexp(1.0, config.log_sync_interval));
  system_servo_->set_sync_interval(std::ldexp(1.0, config.log_sync_interval));
  std::seed_seq seed{static_cast<std::uint64_t>(time_.local_now()), static_cast<std::uint64_t>(identity().octets[7])};
  random_.seed(seed);
}

void ClockStateMachine::log(const std::string& line) const {
  if (event_log_) event_log_(line);
}

// A link that is down fails every send, 8 times a second: say so once, and again when the reason changes.
void ClockStateMachine::report_send_failure(const std::string& what) {
  if (what == last_send_failure_) return;
  last_send_failure_ = what;
  log("sending failed: " + what);
}

void ClockStateMachine::initialize(Nanoseconds now) {
  become(PortState::kListening, "INITIALIZE");
  restart_announce_timeout(now);
  next_bmc_at_ = now + interval(config_.log_announce_interval);
  publish_traceability();
}

void ClockStateMachine::advance(Nanoseconds now) {
  if (data_sets_.state() != PortState::kMaster && announce_timeout_at_ <= now) on_announce_timeout(now);
  if (next_bmc_at_ <= now) {
    run_bmc(now);
    next_bmc_at_ = now + interval(config_.log_announce_interval);
  }
  if (data_sets_.state() == PortState::kMaster) {
    if (next_announce_at_ <= now) {
      send_announce(now);
      next_announce_at_ += interval(config_.log_announce_interval);
      if (next_announce_at_ < now) next_announce_at_ = now + interval(config_.log_sync_interval) / 2;
    }
    if (next_sync_at_ <= now) {
      send_sync(now);
      next_sync_at_ += interval(config_.log_sync_interval);
      if (next_sync_at_ < now) next_sync_at_ = now;
    }
    if (config_.grandmaster_follows_system_clock && next_system_sample_at_ <= now) {
      follow_system_clock(now);
      next_system_sample_at_ += interval(config_.log_sync_interval);
      if (next_system_sample_at_ < now) next_system_sample_at_ = now + interval(config_.log_sync_interval) / 4;
    }
  } else if (data_sets_.following() && e2e_.has_sync() && next_delay_req_at_ <= now) {
    send_delay_req(now);
  }
}

Nanoseconds ClockStateMachine::next_deadline() const {
  Nanoseconds deadline = next_bmc_at_;
  if (data_sets_.state() == PortState::kMaster) {
    deadline = std::min({deadline, next_announce_at_, next_sync_at_});
    if (config_.grandmaster_follows_system_clock) deadline = std::min(deadline, next_system_sample_at_);
  } else {
    deadline = std::min(deadline, announce_timeout_at_);
    if (data_sets_.following() && e2e_.has_sync()) deadline = std::min(deadline, next_delay_req_at_);
  }
  return deadline;
}

void ClockStateMachine::receive(const ReceivedMessage& received, Nanoseconds now) {
  auto decoded = decode_message(received.bytes);
  if (!decoded) {
    drops_.count(drop_reason(decoded.error()));
    return;
  }
  const Message& message = *decoded;
  if (message.header.domain != config_.domain) return drops_.count(DropReason::kForeignDomain);
  if (message.header.source.clock == identity()) return drops_.count(DropReason::kFromSelf);

  std::visit(
      [&](const auto& body) {
        using Body = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<Body, Announce>) on_announce(message.header, body, now);
        else if constexpr (std::is_same_v<Body, Sync>) on_sync(message.header, body, received.local_time, now);
        else if constexpr (std::is_same_v<Body, FollowUp>) on_follow_up(message.header, body, now);
        else if constexpr (std::is_same_v<Body, DelayReq>) on_delay_req(message.header, received.local_time);
        else if constexpr (std::is_same_v<Body, DelayResp>) on_delay_resp(message.header, body);
        else if constexpr (std::is_same_v<Body, Management>) on_management(message.header, body);
        // Peer-delay messages (not in the ST 2059-2 E2E profile) and Signaling need no answer.
      },
      message.body);
}

// --- BMCA and port states --------------------------------------------------------------------------------

void ClockStateMachine::on_announce(const Header& header, const Announce& announce, Nanoseconds now) {
  if (!foreign_.observe(header, announce, now)) return;
  if (data_sets_.following() && data_sets_.is_parent(header.source)) {
    restart_announce_timeout(now);
    if (auto best = foreign_.best(now); best && best->header.source == header.source) follow(*best);
  }
  run_bmc(now);
}

void ClockStateMachine::run_bmc(Nanoseconds now) {
  foreign_.expire(now);
  const auto best = foreign_.best(now);
  const std::optional<ComparisonDataSet> best_data =
      best ? std::optional<ComparisonDataSet>(best->data_set) : std::nullopt;
  const PortState state = data_sets_.state();
  switch (decide_state(data_sets_.local(), best_data, state, data_sets_.get().default_ds.slave_only)) {
    case StateDecision::kListening:
      // No qualified master left: ours may have fallen out of the qualification window before the announce
      // receipt timeout fired (a slave of it that times out first announces in between).
      if (state != PortState::kListening) {
        lose_master(now);
        become(PortState::kListening, "no master");
        restart_announce_timeout(now);
        drop_lock();
      }
      break;
    case StateDecision::kM1:
    case StateDecision::kM2:
      if (state != PortState::kMaster) become_master(now, "BMC_UPDATE (we are the best clock)");
      break;
    case StateDecision::kP1:
      if (state != PortState::kPassive) {
        become(PortState::kPassive, "RS_PASSIVE");
        restart_announce_timeout(now);
      }
      break;
    case StateDecision::kS1:
      if (!data_sets_.following() || !data_sets_.is_parent(best->header.source)) become_slave(*best, now);
      break;
  }
}

void ClockStateMachine::on_announce_timeout(Nanoseconds now) {
  // Our master fell silent: forget it and decide among whoever else is qualified, or take over.
  lose_master(now);
  foreign_.expire(now);
  const auto best = foreign_.best(now);
  if (best && !is_better(data_sets_.local(), best->data_set)) {
    become_slave(*best, now);
    return;
  }
  if (data_sets_.get().default_ds.slave_only) {
    become(PortState::kListening, "ANNOUNCE_RECEIPT_TIMEOUT_EXPIRES");
    restart_announce_timeout(now);
    drop_lock();
    return;
  }
  become_master(now, "ANNOUNCE_RECEIPT_TIMEOUT_EXPIRES");
}

// The master we follow is gone. A clock that was locked holds over: the model runs on the servo's mean rate of
// its last locked seconds (nothing adjusts it without samples) until the next master's first sample steers it.
void ClockStateMachine::lose_master(Nanoseconds now) {
  if (!data_sets_.following()) return;
  foreign_.forget(data_sets_.get().parent.parent_port);
  if (locked_) set_holdover(true, now);
}

void ClockStateMachine::drop_lock() {
  if (!locked_) return;
  locked_ = false;
  publish_traceability();
}

void ClockStateMachine::become(PortState state, const std::string& why) {
  if (state == data_sets_.state()) return;
  log("port 1: " + std::string(to_string(data_sets_.state())) + " to " + std::string(to_string(state)) + " on " +
      why);
  data_sets_.set_state(state);
  status_.port_state_changed(state);
}

void ClockStateMachine::become_master(Nanoseconds now, const char* why) {
  become(PortState::kMaster, why);
  data_sets_.become_grandmaster();
  discipline_.set_utc_offset_seconds(data_sets_.utc_offset_seconds());
  status_.grandmaster_metadata(own_metadata());
  e2e_.reset();
  lock_.reset();
  locked_ = true;  // a grandmaster is its own reference
  set_holdover(false, now);
  system_servo_->reset(model_.mapping().rate_ppb);
  // Announce and the system clock sample fall between Syncs: a Sync sent right after another message leaves a
  // warmer path than a lone one and would be timestamped differently (seen on veth as alternating offsets).
  const Nanoseconds sync_interval = interval(config_.log_sync_interval);
  next_sync_at_ = now;
  next_announce_at_ = now + sync_interval / 2;
  next_system_sample_at_ = now + sync_interval / 4;
  publish_traceability();
}

void ClockStateMachine::become_slave(const ForeignMaster& master, Nanoseconds now) {
  const std::string why = "RS_SLAVE (master " + master.header.source.to_string() + ")";
  if (data_sets_.state() == PortState::kUncalibrated) log("port 1: new master on " + why);
  become(PortState::kUncalibrated, why);
  follow(master);
  e2e_.reset();
  lock_.reset();
  locked_ = false;
  network_servo_->reset(model_.mapping().rate_ppb);
  restart_announce_timeout(now);
  next_delay_req_at_ = now;
  publish_traceability();
}

void ClockStateMachine::follow(const ForeignMaster& master) {
  const bool time_properties_changed = data_sets_.follow(master);
  discipline_.set_utc_offset_seconds(data_sets_.utc_offset_seconds());
  status_.grandmaster_metadata(master.announce.synchronization_metadata);
  if (time_properties_changed) publish_traceability();
}

void ClockStateMachine::set_holdover(bool holdover, Nanoseconds now) {
  if (holdover == holdover_) return;
  holdover_ = holdover;
  // From here the time base runs alone: on the rate the servo found, not on its last correction.
  if (const auto rate = holdover_rate_.rate_ppb(); holdover && rate) {
    discipline_.apply(ServoOutput{ServoState::kLocked, *rate, 0}, now);
  }
  log(holdover ? "holdover: the master fell silent, time runs on the servo's mean rate" : "holdover ended");
  status_.holdover_changed(holdover);
}

void ClockStateMachine::restart_announce_timeout(Nanoseconds now) {
  // A random fraction of an interval keeps clocks that started together from timing out together.
  const Nanoseconds announce = interval(config_.log_announce_interval);
  std::uniform_int_distribution<Nanoseconds> jitter(0, announce / 4);
  announce_timeout_at_ = now + config_.announce_receipt_timeout * announce + jitter(random_);
}

// --- Slave --------------------------------------------------------------------------------------------

// Sync and Follow_Up count only from the master we follow; others are dropped by reason, except by a master
// (it follows no one, so every Sync it hears is expected, not an error).
bool ClockStateMachine::from_parent(const Header& header) {
  if (data_sets_.following() && data_sets_.is_parent(header.source)) return true;
  if (data_sets_.state() != PortState::kMaster) drops_.count(DropReason::kNotFromParent);
  return false;
}

void ClockStateMachine::on_sync(const Header& header, const Sync& sync, std::optional<Nanoseconds> rx,
                                Nanoseconds now) {
  if (!from_parent(header)) return;
  if (!rx) return drops_.count(DropReason::kMissingTimestamp);
  const std::optional<PtpTime> one_step = header.has(flags::kTwoStep) ? std::nullopt : std::optional(sync.origin);
  if (auto sample = e2e_.on_sync(header.sequence_id, *rx, header.correction_ns(), one_step)) {
    use_offset(*sample, *network_servo_, now);
  }
}

void ClockStateMachine::on_follow_up(const Header& header, const FollowUp& follow_up, Nanoseconds now) {
  if (!from_parent(header)) return;
  if (auto sample = e2e_.on_follow_up(header.sequence_id, follow_up.precise_origin, header.correction_ns())) {
    use_offset(*sample, *network_servo_, now);
  }
}

void ClockStateMachine::send_delay_req(Nanoseconds now) {
  const std::uint16_t sequence = delay_req_sequence_++;
  send(Message{header_for(sequence, kLogIntervalUnused), DelayReq{model_.to_ptp(now)}});
  // 9.5.11.2: the next request at a random time up to twice the minimum interval.
  std::uniform_int_distribution<Nanoseconds> wait(0, 2 * interval(config_.log_min_delay_req_interval));
  next_delay_req_at_ = now + wait(random_);
}

void ClockStateMachine::on_delay_resp(const Header& header, const DelayResp& response) {
  if (response.requesting != data_sets_.get().port.identity) return drops_.count(DropReason::kNotForUs);
  if (!data_sets_.following() || !data_sets_.is_parent(header.source)) {
    return drops_.count(DropReason::kNotFromParent);
  }
  if (!e2e_.on_delay_resp(header.sequence_id, response.receive, header.correction_ns())) {
    drops_.count(DropReason::kUnmatchedSequence);
  }
}

void ClockStateMachine::use_offset(const OffsetSample& sample, Servo& servo, Nanoseconds now) {
  const bool master = data_sets_.state() == PortState::kMaster;
  if (!master) {
    if (!locked_) {
      outliers_.reset();
    } else if (!outliers_.accept(sample.offset_ns)) {
      return;  // one delayed packet: counted in the filter, kept away from the servo
    }
  }
  const ServoOutput output = servo.sample(sample.offset_ns, sample.local_time_ns);
  discipline_.apply(output, now);
  if (!master) set_holdover(false, now);  // a master steers the time base again
  if (output.state == ServoState::kJump) {
    log("clock stepped by " + std::to_string(-output.step_ns) + " ns");
  }
  if (master) {
    locked_ = true;
  } else {
    const bool was_locked = locked_;
    locked_ = lock_.sample(output.state, sample.offset_ns);
    if (data_sets_.state() == PortState::kUncalibrated && output.state != ServoState::kUnlocked) {
      become(PortState::kSlave, "MASTER_CLOCK_SELECTED");
    }
    if (locked_ != was_locked) {
      log(locked_ ? "locked" : "lost lock");
      publish_traceability();
    }
    data_sets_.measured(sample.offset_ns, sample.mean_path_delay_ns);
    if (locked_) {
      holdover_rate_.locked_sample(output.frequency_ppb);
    } else {
      holdover_rate_.reset();
    }
  }
  status_.record(ClockSample{sample.local_time_ns, model_.to_ptp(sample.local_time_ns), sample.offset_ns,
                             sample.mean_path_delay_ns, output.frequency_ppb, output.state, locked_},
                 data_sets_.get().current.steps_removed);
}

// --- Master -------------------------------------------------------------------------------------------

void ClockStateMachine::send_announce(Nanoseconds now) {
  Header header = header_for(announce_sequence_++, config_.log_announce_interval);
  const DataSets& ds = data_sets_.get();
  const TimePropertiesDataSet& tp = ds.time_properties;
  header.flags = static_cast<std::uint16_t>((tp.leap61 ? flags::kLeap61 : 0) | (tp.leap59 ? flags::kLeap59 : 0) |
                                            (tp.current_utc_offset_valid ? flags::kCurrentUtcOffsetValid : 0) |
                                            (tp.ptp_timescale ? flags::kPtpTimescale : 0) |
                                            (tp.time_traceable ? flags::kTimeTraceable : 0) |
                                            (tp.frequency_traceable ? flags::kFrequencyTraceable : 0));
  Announce announce;
  announce.origin = model_.to_ptp(now);
  announce.current_utc_offset = tp.current_utc_offset;
  announce.grandmaster_priority1 = ds.parent.grandmaster_priority1;
  announce.grandmaster_quality = ds.parent.grandmaster_quality;
  announce.grandmaster_priority2 = ds.parent.grandmaster_priority2;
  announce.grandmaster_identity = ds.parent.grandmaster_identity;
  announce.steps_removed = ds.current.steps_removed;
  announce.time_source = tp.time_source;
  announce.synchronization_metadata = own_metadata();
  send(Message{header, announce});
}

void ClockStateMachine::send_sync(Nanoseconds now) {
  const std::uint16_t sequence = sync_sequence_++;
  Header header = header_for(sequence, config_.log_sync_interval);
  header.flags = flags::kTwoStep;
  std::array<std::uint8_t, kMaxMessageLength> buffer{};
  const auto length = encode_message(Message{header, Sync{model_.to_ptp(now)}}, buffer);
  if (!length) return;
  auto sent = transport_.send_event(std::span<const std::uint8_t>(buffer.data(), *length));
  if (!sent) {
    report_send_failure("Sync: " + sent.error());
    return;
  }
  last_send_failure_.clear();
  header.flags = 0;
  send(Message{header, FollowUp{model_.to_ptp(*sent)}});
}

SynchronizationMetadata ClockStateMachine::own_metadata() const {
  SynchronizationMetadata metadata = config_.synchronization_metadata;
  metadata.master_locking_status = MasterLockingStatus::kFreeRun;  // no reference of our own to lock to
  return metadata;
}

void ClockStateMachine::on_delay_req(const Header& header, std::optional<Nanoseconds> rx) {
  if (data_sets_.state() != PortState::kMaster) return;
  if (!rx) return drops_.count(DropReason::kMissingTimestamp);
  Header response = header_for(header.sequence_id, config_.log_min_delay_req_interval);
  response.correction = header.correction;
  send(Message{response, DelayResp{model_.to_ptp(*rx), header.source}});
}

void ClockStateMachine::follow_system_clock(Nanoseconds now) {
  const ClockOffset utc = time_.system_clock_offset();
  const Nanoseconds local = utc.local_ns;
  const Nanoseconds tai = local + utc.other_minus_local_ns + config_.current_utc_offset * kNanosPerSecond;
  const Nanoseconds offset = static_cast<Nanoseconds>(model_.to_ptp(local).to_nanos()) - tai;
  use_offset(OffsetSample{offset, local, 0}, *system_servo_, now);
}

// --- Management ---------------------------------------------------------------------------------------

void ClockStateMachine::on_management(const Header& header, const Management& request) {
  if (!is_request(request.action)) return;
  if (!addresses(request.target, data_sets_.get().port.identity)) return drops_.count(DropReason::kNotForUs);
  std::array<std::uint8_t, kMaxManagementDataLength> data{};
  send(Message{header_for(header.sequence_id, kLogIntervalUnused),
               answer_management(request, header.source, data_sets_.get(), data)});
}

// --- Plumbing -----------------------------------------------------------------------------------------

Header ClockStateMachine::header_for(std::uint16_t sequence, std::int8_t log_interval) const {
  Header header;
  header.domain = config_.domain;
  header.source = data_sets_.get().port.identity;
  header.sequence_id = sequence;
  header.log_message_interval = log_interval;
  return header;
}

void ClockStateMachine::send(const Message& message) {
  std::array<std::uint8_t, kMaxMessageLength> buffer{};
  const auto length = encode_message(message, buffer);
  if (!length) return;
  const std::span<const std::uint8_t> bytes(buffer.data(), *length);
  const MessageType type = type_of(message.body);
  if (type == MessageType::kDelayReq) {
    auto sent = transport_.send_event(bytes);
    if (sent) {
      e2e_.on_delay_req_sent(message.header.sequence_id, *sent);
    } else {
      report_send_failure("Delay_Req: " + sent.error());
    }
  } else if (is_event(type)) {
    (void)transport_.send_event(bytes);
  } else if (auto sent = transport_.send_general(bytes); !sent) {
    report_send_failure(std::string(to_string(type)) + ": " + sent.error());
  }
}

void ClockStateMachine::publish_traceability() {
  const DataSets& ds = data_sets_.get();
  ClockTraceability traceability;
  traceability.grandmaster_id = ds.parent.grandmaster_identity.octets;
  traceability.domain = config_.domain;
  traceability.locked = locked_;
  traceability.traceable = ds.time_properties.time_traceable;
  traceability.timescale = ds.time_properties.ptp_timescale ? Timescale::kPtp : Timescale::kArbitrary;
  model_.publish(traceability);
  status_.parent_changed(ds, locked_, traceability.timescale);
}

}  // namespace crosspoint::ptp
