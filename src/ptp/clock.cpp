#include "crosspoint/ptp/clock.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <functional>
#include <unistd.h>

#include "crosspoint/ptp/clock_offset.hpp"
#include "crosspoint/ptp/udp_transport.hpp"

namespace crosspoint::ptp {
namespace {

constexpr Nanoseconds kMaxWait = 50'000'000;  // the loop wakes at least this often to notice stop()
constexpr ClockIdentity kAllClocks{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};

bool is_following(PortState state) { return state == PortState::kSlave || state == PortState::kUncalibrated; }

std::string join(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += (text.empty() ? "" : "; ") + line;
  return text;
}

}  // namespace

Expected<std::unique_ptr<Clock>, std::string> Clock::create(const ClockConfig& config, ClockModel& model) {
  if (auto problems = validate(config); !problems.empty()) {
    return Unexpected{"PTP configuration rejected: " + join(problems)};
  }
  auto transport = UdpTransport::open(
      UdpTransportConfig{config.interface, config.timestamping, config.dscp_event, config.dscp_general});
  if (!transport) return Unexpected{"PTP transport on " + config.interface + ": " + transport.error()};
  return create(config, model, std::move(*transport));
}

Expected<std::unique_ptr<Clock>, std::string> Clock::create(const ClockConfig& config, ClockModel& model,
                                                            std::unique_ptr<Transport> transport) {
  if (auto problems = validate(config); !problems.empty()) {
    return Unexpected{"PTP configuration rejected: " + join(problems)};
  }
  return std::unique_ptr<Clock>(new Clock(config, model, std::move(transport)));
}

namespace {

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

Clock::Clock(const ClockConfig& config, ClockModel& model, std::unique_ptr<Transport> transport)
    : config_(config),
      model_(model),
      transport_(std::move(transport)),
      foreign_(PortIdentity{config.identity.value_or(default_identity(transport_->hardware_address())), 1},
               interval(config.log_announce_interval)),
      e2e_([this](Nanoseconds local) { return model_.to_ptp(local); }),
      network_servo_(config.servo, model.mapping().rate_ppb),
      system_servo_(config.servo, model.mapping().rate_ppb),
      lock_(config.lock),
      outliers_(config.outliers),
      discipline_(model, config.host_clock) {
  default_ds_.slave_only = config.slave_only;
  default_ds_.priority1 = config.priority1;
  default_ds_.priority2 = config.priority2;
  default_ds_.quality = config.quality;
  if (config.slave_only) default_ds_.quality.clock_class = 255;
  default_ds_.identity = config.identity.value_or(default_identity(transport_->hardware_address()));
  default_ds_.domain = config.domain;

  port_ds_.identity = PortIdentity{default_ds_.identity, 1};
  port_ds_.log_min_delay_req_interval = config.log_min_delay_req_interval;
  port_ds_.log_announce_interval = config.log_announce_interval;
  port_ds_.announce_receipt_timeout = config.announce_receipt_timeout;
  port_ds_.log_sync_interval = config.log_sync_interval;

  network_servo_.set_sync_interval(std::ldexp(1.0, config.log_sync_interval));
  system_servo_.set_sync_interval(std::ldexp(1.0, config.log_sync_interval));

  std::seed_seq seed{static_cast<std::uint64_t>(monotonic_raw_now()), static_cast<std::uint64_t>(default_ds_.identity.octets[7])};
  random_.seed(seed);
  history_.resize(std::max<std::size_t>(config.history_length, 1));
  status_.clock_identity = default_ds_.identity;
  status_.timestamping = transport_->timestamping();
}

Clock::~Clock() { stop(); }

void Clock::start() {
  if (running_.exchange(true)) return;
  thread_ = std::thread([this] { run(); });
}

void Clock::stop() {
  running_ = false;
  if (thread_.joinable()) thread_.join();
}

Nanoseconds Clock::interval(std::int8_t log2_seconds) const {
  return static_cast<Nanoseconds>(std::ldexp(static_cast<double>(kNanosPerSecond), log2_seconds));
}

void Clock::log(const std::string& line) const {
  if (event_log_) event_log_(line);
}

// A link that is down fails every send, 8 times a second: say so once, and again when the reason changes.
void Clock::report_send_failure(const std::string& what) {
  if (what == last_send_failure_) return;
  last_send_failure_ = what;
  log("sending failed: " + what);
}

void Clock::run() {
  const Nanoseconds start = monotonic_raw_now();
  become(PortState::kListening, "INITIALIZE");
  restart_announce_timeout(start);
  next_bmc_at_ = start + interval(config_.log_announce_interval);
  publish_traceability();

  while (running_) {
    Nanoseconds now = monotonic_raw_now();
    if (port_ds_.state != PortState::kMaster && announce_timeout_at_ <= now) on_announce_timeout(now);
    if (next_bmc_at_ <= now) {
      run_bmc(now);
      next_bmc_at_ = now + interval(config_.log_announce_interval);
    }
    if (port_ds_.state == PortState::kMaster) {
      if (next_announce_at_ <= now) {
        send_announce();
        next_announce_at_ += interval(config_.log_announce_interval);
        if (next_announce_at_ < now) next_announce_at_ = now + interval(config_.log_sync_interval) / 2;
      }
      if (next_sync_at_ <= now) {
        send_sync();
        next_sync_at_ += interval(config_.log_sync_interval);
        if (next_sync_at_ < now) next_sync_at_ = now;
      }
      if (config_.grandmaster_follows_system_clock && next_system_sample_at_ <= now) {
        follow_system_clock(now);
        next_system_sample_at_ += interval(config_.log_sync_interval);
        if (next_system_sample_at_ < now) next_system_sample_at_ = now + interval(config_.log_sync_interval) / 4;
      }
    } else if (is_following(port_ds_.state) && e2e_.has_sync() && next_delay_req_at_ <= now) {
      send_delay_req(now);
    }

    now = monotonic_raw_now();
    Nanoseconds wake = std::min(now + kMaxWait, next_bmc_at_);
    if (port_ds_.state == PortState::kMaster) {
      wake = std::min({wake, next_announce_at_, next_sync_at_});
      if (config_.grandmaster_follows_system_clock) wake = std::min(wake, next_system_sample_at_);
    } else {
      wake = std::min(wake, announce_timeout_at_);
      if (is_following(port_ds_.state) && e2e_.has_sync()) wake = std::min(wake, next_delay_req_at_);
    }
    if (auto received = transport_->receive(wake - now)) handle(*received, monotonic_raw_now());
  }
}

void Clock::handle(const ReceivedMessage& received, Nanoseconds now) {
  auto decoded = decode_message(received.bytes);
  if (!decoded) {
    drops_.count(drop_reason(decoded.error()));
    return;
  }
  const Message& message = *decoded;
  if (message.header.domain != config_.domain) return drops_.count(DropReason::kForeignDomain);
  if (message.header.source.clock == default_ds_.identity) return drops_.count(DropReason::kFromSelf);

  std::visit(
      [&](const auto& body) {
        using Body = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<Body, Announce>) on_announce(message.header, body, now);
        else if constexpr (std::is_same_v<Body, Sync>) on_sync(message.header, body, received.local_time);
        else if constexpr (std::is_same_v<Body, FollowUp>) on_follow_up(message.header, body);
        else if constexpr (std::is_same_v<Body, DelayReq>) on_delay_req(message.header, received.local_time);
        else if constexpr (std::is_same_v<Body, DelayResp>) on_delay_resp(message.header, body);
        else if constexpr (std::is_same_v<Body, Management>) on_management(message.header, body);
        // Peer-delay messages (not in the ST 2059-2 E2E profile) and Signaling need no answer.
      },
      message.body);
}

// --- BMCA and port states --------------------------------------------------------------------------------

void Clock::on_announce(const Header& header, const Announce& announce, Nanoseconds now) {
  if (!foreign_.observe(header, announce, now)) return;
  if (is_following(port_ds_.state) && header.source == parent_ds_.parent_port) {
    restart_announce_timeout(now);
    if (auto best = foreign_.best(now); best && best->header.source == header.source) update_parent(*best);
  }
  run_bmc(now);
}

void Clock::run_bmc(Nanoseconds now) {
  foreign_.expire(now);
  const auto best = foreign_.best(now);
  const auto local = ComparisonDataSet::local(default_ds_.priority1, default_ds_.identity, default_ds_.quality,
                                              default_ds_.priority2);
  const std::optional<ComparisonDataSet> best_data =
      best ? std::optional<ComparisonDataSet>(best->data_set) : std::nullopt;
  switch (decide_state(local, best_data, port_ds_.state, default_ds_.slave_only)) {
    case StateDecision::kListening:
      if (port_ds_.state != PortState::kListening) {
        become(PortState::kListening, "no master");
        restart_announce_timeout(now);
      }
      break;
    case StateDecision::kM1:
    case StateDecision::kM2:
      if (port_ds_.state != PortState::kMaster) become_master(now, "BMC_UPDATE (we are the best clock)");
      break;
    case StateDecision::kP1:
      if (port_ds_.state != PortState::kPassive) {
        become(PortState::kPassive, "RS_PASSIVE");
        restart_announce_timeout(now);
      }
      break;
    case StateDecision::kS1:
      if (!is_following(port_ds_.state) || best->header.source != parent_ds_.parent_port) {
        become_slave(*best, now);
      }
      break;
  }
}

void Clock::become(PortState state, const std::string& why) {
  if (state == port_ds_.state) return;
  log("port 1: " + std::string(to_string(port_ds_.state)) + " to " + std::string(to_string(state)) + " on " + why);
  port_ds_.state = state;
  std::lock_guard lock(status_mutex_);
  status_.port_state = state;
  ++status_.port_state_changes;
}

void Clock::become_master(Nanoseconds now, const char* why) {
  become(PortState::kMaster, why);
  current_ds_ = CurrentDataSet{};
  parent_ds_ = ParentDataSet{};
  parent_ds_.parent_port = PortIdentity{default_ds_.identity, 0};
  parent_ds_.grandmaster_identity = default_ds_.identity;
  parent_ds_.grandmaster_priority1 = default_ds_.priority1;
  parent_ds_.grandmaster_priority2 = default_ds_.priority2;
  parent_ds_.grandmaster_quality = default_ds_.quality;
  time_properties_ds_ = TimePropertiesDataSet{};
  time_properties_ds_.current_utc_offset = config_.current_utc_offset;
  time_properties_ds_.current_utc_offset_valid = config_.grandmaster_follows_system_clock;
  time_properties_ds_.ptp_timescale = true;
  time_properties_ds_.time_source = static_cast<std::uint8_t>(TimeSource::kInternalOscillator);
  discipline_.set_utc_offset_seconds(config_.current_utc_offset);
  {
    std::lock_guard lock(status_mutex_);
    status_.grandmaster_metadata = own_metadata();
  }
  e2e_.reset();
  lock_.reset();
  locked_ = true;  // a grandmaster is its own reference
  system_servo_.reset(model_.mapping().rate_ppb);
  // Announce and the system clock sample fall between Syncs: a Sync sent right after another message leaves a
  // warmer path than a lone one and would be timestamped differently (seen on veth as alternating offsets).
  const Nanoseconds sync_interval = interval(config_.log_sync_interval);
  next_sync_at_ = now;
  next_announce_at_ = now + sync_interval / 2;
  next_system_sample_at_ = now + sync_interval / 4;
  publish_traceability();
}

void Clock::become_slave(const ForeignMaster& master, Nanoseconds now) {
  const std::string why = "RS_SLAVE (master " + master.header.source.to_string() + ")";
  if (port_ds_.state == PortState::kUncalibrated) log("port 1: new master on " + why);
  become(PortState::kUncalibrated, why);
  update_parent(master);
  e2e_.reset();
  lock_.reset();
  locked_ = false;
  network_servo_.reset(model_.mapping().rate_ppb);
  restart_announce_timeout(now);
  next_delay_req_at_ = now;
  publish_traceability();
}

void Clock::update_parent(const ForeignMaster& master) {
  const Announce& a = master.announce;
  const Header& h = master.header;
  current_ds_.steps_removed = static_cast<std::uint16_t>(a.steps_removed + 1);
  parent_ds_.parent_port = h.source;
  parent_ds_.grandmaster_identity = a.grandmaster_identity;
  parent_ds_.grandmaster_priority1 = a.grandmaster_priority1;
  parent_ds_.grandmaster_priority2 = a.grandmaster_priority2;
  parent_ds_.grandmaster_quality = a.grandmaster_quality;
  const TimePropertiesDataSet before = time_properties_ds_;
  time_properties_ds_.current_utc_offset = a.current_utc_offset;
  time_properties_ds_.leap61 = h.has(flags::kLeap61);
  time_properties_ds_.leap59 = h.has(flags::kLeap59);
  time_properties_ds_.current_utc_offset_valid = h.has(flags::kCurrentUtcOffsetValid);
  time_properties_ds_.ptp_timescale = h.has(flags::kPtpTimescale);
  time_properties_ds_.time_traceable = h.has(flags::kTimeTraceable);
  time_properties_ds_.frequency_traceable = h.has(flags::kFrequencyTraceable);
  time_properties_ds_.time_source = a.time_source;
  discipline_.set_utc_offset_seconds(time_properties_ds_.ptp_timescale ? time_properties_ds_.current_utc_offset : 0);
  {
    std::lock_guard lock(status_mutex_);
    status_.grandmaster_metadata = a.synchronization_metadata;
  }
  if (!(before == time_properties_ds_)) publish_traceability();
}

void Clock::on_announce_timeout(Nanoseconds now) {
  // Our master fell silent: forget it and decide among whoever else is qualified, or take over.
  if (is_following(port_ds_.state)) foreign_.forget(parent_ds_.parent_port);
  foreign_.expire(now);
  const auto best = foreign_.best(now);
  if (best && !is_better(ComparisonDataSet::local(default_ds_.priority1, default_ds_.identity, default_ds_.quality,
                                                  default_ds_.priority2),
                         best->data_set)) {
    become_slave(*best, now);
    return;
  }
  if (default_ds_.slave_only) {
    become(PortState::kListening, "ANNOUNCE_RECEIPT_TIMEOUT_EXPIRES");
    restart_announce_timeout(now);
    if (locked_) {
      locked_ = false;
      publish_traceability();
    }
    return;
  }
  become_master(now, "ANNOUNCE_RECEIPT_TIMEOUT_EXPIRES");
}

void Clock::restart_announce_timeout(Nanoseconds now) {
  // A random fraction of an interval keeps clocks that started together from timing out together.
  const Nanoseconds announce = interval(config_.log_announce_interval);
  std::uniform_int_distribution<Nanoseconds> jitter(0, announce / 4);
  announce_timeout_at_ = now + config_.announce_receipt_timeout * announce + jitter(random_);
}

// --- Slave --------------------------------------------------------------------------------------------

void Clock::on_sync(const Header& header, const Sync& sync, std::optional<Nanoseconds> rx) {
  if (!is_following(port_ds_.state) || header.source != parent_ds_.parent_port) {
    if (port_ds_.state != PortState::kMaster) drops_.count(DropReason::kNotFromParent);
    return;
  }
  if (!rx) return drops_.count(DropReason::kMissingTimestamp);
  const std::optional<PtpTime> one_step = header.has(flags::kTwoStep) ? std::nullopt : std::optional(sync.origin);
  if (auto sample = e2e_.on_sync(header.sequence_id, *rx, header.correction_ns(), one_step)) {
    use_offset(*sample, network_servo_, monotonic_raw_now());
  }
}

void Clock::on_follow_up(const Header& header, const FollowUp& follow_up) {
  if (!is_following(port_ds_.state) || header.source != parent_ds_.parent_port) {
    if (port_ds_.state != PortState::kMaster) drops_.count(DropReason::kNotFromParent);
    return;
  }
  if (auto sample = e2e_.on_follow_up(header.sequence_id, follow_up.precise_origin, header.correction_ns())) {
    use_offset(*sample, network_servo_, monotonic_raw_now());
  }
}

void Clock::send_delay_req(Nanoseconds now) {
  const std::uint16_t sequence = delay_req_sequence_++;
  send(Message{header_for(sequence, kLogIntervalUnused), DelayReq{model_.to_ptp(now)}});
  // 9.5.11.2: the next request at a random time up to twice the minimum interval.
  std::uniform_int_distribution<Nanoseconds> wait(0, 2 * interval(config_.log_min_delay_req_interval));
  next_delay_req_at_ = now + wait(random_);
}

void Clock::on_delay_resp(const Header& header, const DelayResp& response) {
  if (response.requesting != port_ds_.identity) return drops_.count(DropReason::kNotForUs);
  if (!is_following(port_ds_.state) || header.source != parent_ds_.parent_port) {
    return drops_.count(DropReason::kNotFromParent);
  }
  if (!e2e_.on_delay_resp(header.sequence_id, response.receive, header.correction_ns())) {
    drops_.count(DropReason::kUnmatchedSequence);
  }
}

void Clock::use_offset(const OffsetSample& sample, Servo& servo, Nanoseconds now) {
  if (port_ds_.state != PortState::kMaster) {
    if (!locked_) {
      outliers_.reset();
    } else if (!outliers_.accept(sample.offset_ns)) {
      return;  // one delayed packet: counted in the filter, kept away from the servo
    }
  }
  const ServoOutput output = servo.sample(sample.offset_ns, sample.local_time_ns);
  discipline_.apply(output, now);
  if (output.state == ServoState::kJump) {
    log("clock stepped by " + std::to_string(-output.step_ns) + " ns");
  }
  if (port_ds_.state == PortState::kMaster) {
    locked_ = true;
  } else {
    const bool was_locked = locked_;
    locked_ = lock_.sample(output.state, sample.offset_ns);
    if (port_ds_.state == PortState::kUncalibrated && output.state != ServoState::kUnlocked) {
      become(PortState::kSlave, "MASTER_CLOCK_SELECTED");
    }
    if (locked_ != was_locked) {
      log(locked_ ? "locked" : "lost lock");
      publish_traceability();
    }
    current_ds_.offset_from_master_scaled = sample.offset_ns * 65536;
    current_ds_.mean_path_delay_scaled = sample.mean_path_delay_ns * 65536;
  }
  record(ClockSample{sample.local_time_ns, model_.to_ptp(sample.local_time_ns), sample.offset_ns,
                     sample.mean_path_delay_ns, output.frequency_ppb, output.state, locked_});
}

// --- Master -------------------------------------------------------------------------------------------

void Clock::send_announce() {
  Header header = header_for(announce_sequence_++, config_.log_announce_interval);
  const auto& tp = time_properties_ds_;
  header.flags = static_cast<std::uint16_t>((tp.leap61 ? flags::kLeap61 : 0) | (tp.leap59 ? flags::kLeap59 : 0) |
                                            (tp.current_utc_offset_valid ? flags::kCurrentUtcOffsetValid : 0) |
                                            (tp.ptp_timescale ? flags::kPtpTimescale : 0) |
                                            (tp.time_traceable ? flags::kTimeTraceable : 0) |
                                            (tp.frequency_traceable ? flags::kFrequencyTraceable : 0));
  Announce announce;
  announce.origin = model_.now();
  announce.current_utc_offset = tp.current_utc_offset;
  announce.grandmaster_priority1 = parent_ds_.grandmaster_priority1;
  announce.grandmaster_quality = parent_ds_.grandmaster_quality;
  announce.grandmaster_priority2 = parent_ds_.grandmaster_priority2;
  announce.grandmaster_identity = parent_ds_.grandmaster_identity;
  announce.steps_removed = current_ds_.steps_removed;
  announce.time_source = tp.time_source;
  announce.synchronization_metadata = own_metadata();
  send(Message{header, announce});
}

void Clock::send_sync() {
  const std::uint16_t sequence = sync_sequence_++;
  Header header = header_for(sequence, config_.log_sync_interval);
  header.flags = flags::kTwoStep;
  std::array<std::uint8_t, kMaxMessageLength> buffer{};
  const auto length = encode_message(Message{header, Sync{model_.now()}}, buffer);
  if (!length) return;
  auto sent = transport_->send_event(std::span<const std::uint8_t>(buffer.data(), *length));
  if (!sent) {
    report_send_failure("Sync: " + sent.error());
    return;
  }
  last_send_failure_.clear();
  header.flags = 0;
  send(Message{header, FollowUp{model_.to_ptp(*sent)}});
}

SynchronizationMetadata Clock::own_metadata() const {
  SynchronizationMetadata metadata = config_.synchronization_metadata;
  metadata.master_locking_status = MasterLockingStatus::kFreeRun;  // no reference of our own to lock to
  return metadata;
}

void Clock::on_delay_req(const Header& header, std::optional<Nanoseconds> rx) {
  if (port_ds_.state != PortState::kMaster) return;
  if (!rx) return drops_.count(DropReason::kMissingTimestamp);
  Header response = header_for(header.sequence_id, config_.log_min_delay_req_interval);
  response.correction = header.correction;
  send(Message{response, DelayResp{model_.to_ptp(*rx), header.source}});
}

void Clock::follow_system_clock(Nanoseconds now) {
  const ClockOffset utc = read_clock_offset(CLOCK_REALTIME);
  const Nanoseconds local = utc.local_ns;
  const Nanoseconds tai = local + utc.other_minus_local_ns + config_.current_utc_offset * kNanosPerSecond;
  const Nanoseconds offset = static_cast<Nanoseconds>(model_.to_ptp(local).to_nanos()) - tai;
  use_offset(OffsetSample{offset, local, 0}, system_servo_, now);
}

// --- Management ---------------------------------------------------------------------------------------

void Clock::on_management(const Header& header, const Management& request) {
  // Responses and acknowledgements are for management nodes; a clock answers requests only.
  if (request.action == ManagementAction::kResponse || request.action == ManagementAction::kAcknowledge) return;
  const bool to_us = (request.target.clock == kAllClocks || request.target.clock == default_ds_.identity) &&
                     (request.target.port == 0xFFFF || request.target.port == port_ds_.identity.port);
  if (!to_us) return drops_.count(DropReason::kNotForUs);

  std::array<std::uint8_t, 64> data{};
  WireWriter writer(data);
  Management response;
  response.target = header.source;
  response.starting_boundary_hops = static_cast<std::uint8_t>(request.starting_boundary_hops - request.boundary_hops);
  response.boundary_hops = response.starting_boundary_hops;
  response.action = ManagementAction::kResponse;
  response.id = request.id;
  if (request.action != ManagementAction::kGet) {
    response.error = ManagementErrorId::kNotSupported;
  } else {
    switch (request.id) {
      case ManagementId::kDefaultDataSet: encode_data_set(default_ds_, writer); break;
      case ManagementId::kCurrentDataSet: encode_data_set(current_ds_, writer); break;
      case ManagementId::kParentDataSet: encode_data_set(parent_ds_, writer); break;
      case ManagementId::kTimePropertiesDataSet: encode_data_set(time_properties_ds_, writer); break;
      case ManagementId::kPortDataSet: encode_data_set(port_ds_, writer); break;
      case ManagementId::kNullManagement:
      case ManagementId::kClockDescription:
      case ManagementId::kUserDescription:
      case ManagementId::kPriority1:
      case ManagementId::kPriority2:
      case ManagementId::kDomain: response.error = ManagementErrorId::kNotSupported; break;
      default: response.error = ManagementErrorId::kNoSuchId; break;
    }
  }
  response.data = std::span<const std::uint8_t>(data.data(), writer.position());
  Header out = header_for(header.sequence_id, kLogIntervalUnused);
  send(Message{out, response});
}

// --- Plumbing -----------------------------------------------------------------------------------------

Header Clock::header_for(std::uint16_t sequence, std::int8_t log_interval) const {
  Header header;
  header.domain = config_.domain;
  header.source = port_ds_.identity;
  header.sequence_id = sequence;
  header.log_message_interval = log_interval;
  return header;
}

void Clock::send(const Message& message) {
  std::array<std::uint8_t, kMaxMessageLength> buffer{};
  const auto length = encode_message(message, buffer);
  if (!length) return;
  const std::span<const std::uint8_t> bytes(buffer.data(), *length);
  const MessageType type = type_of(message.body);
  if (type == MessageType::kDelayReq) {
    auto sent = transport_->send_event(bytes);
    if (sent) {
      e2e_.on_delay_req_sent(message.header.sequence_id, *sent);
    } else {
      report_send_failure("Delay_Req: " + sent.error());
    }
  } else if (is_event(type)) {
    (void)transport_->send_event(bytes);
  } else if (auto sent = transport_->send_general(bytes); !sent) {
    report_send_failure(std::string(to_string(type)) + ": " + sent.error());
  }
}

void Clock::publish_traceability() {
  ClockTraceability traceability;
  traceability.grandmaster_id = parent_ds_.grandmaster_identity.octets;
  traceability.domain = config_.domain;
  traceability.locked = locked_;
  traceability.traceable = time_properties_ds_.time_traceable;
  traceability.timescale = time_properties_ds_.ptp_timescale ? Timescale::kPtp : Timescale::kArbitrary;
  model_.publish(traceability);
  std::lock_guard lock(status_mutex_);
  status_.grandmaster_identity = parent_ds_.grandmaster_identity;
  status_.parent = parent_ds_.parent_port;
  status_.steps_removed = current_ds_.steps_removed;
  status_.locked = locked_;
  status_.timescale = traceability.timescale;
  status_.parent_data_set = parent_ds_;
  status_.time_properties = time_properties_ds_;
}

void Clock::record(const ClockSample& sample) {
  std::lock_guard lock(status_mutex_);
  history_[history_next_] = sample;
  history_next_ = (history_next_ + 1) % history_.size();
  history_count_ = std::min(history_count_ + 1, history_.size());
  status_.offset_from_master_ns = sample.offset_ns;
  status_.mean_path_delay_ns = sample.mean_path_delay_ns;
  status_.frequency_ppb = sample.frequency_ppb;
  status_.locked = sample.locked;
  status_.steps_removed = current_ds_.steps_removed;
}

ClockStatus Clock::status() const {
  std::lock_guard lock(status_mutex_);
  ClockStatus copy = status_;
  copy.messages_dropped = drops_.total();
  copy.history.reserve(history_count_);
  const std::size_t oldest = (history_next_ + history_.size() - history_count_) % history_.size();
  for (std::size_t i = 0; i < history_count_; ++i) copy.history.push_back(history_[(oldest + i) % history_.size()]);
  return copy;
}

}  // namespace crosspoint::ptp
