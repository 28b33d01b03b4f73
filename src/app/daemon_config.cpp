#include "daemon_config.hpp"

#include <fstream>
#include <tuple>
#include <utility>
#include <sstream>

#include "config_node.hpp"
#include "crosspoint/engine/limits.hpp"
#include "crosspoint/st2110/sdp.hpp"
#include "natural_groups.hpp"

namespace crosspoint::app {
namespace {

constexpr unsigned kMaxMbufs = 1U << 24;

st2110::MediaType parse_media(const ConfigNode& node, const std::string& key, st2110::MediaType fallback) {
  const std::string text = node.string(key, "");
  if (text.empty()) return fallback;
  if (text == "video") return st2110::MediaType::kVideo;
  if (text == "audio") return st2110::MediaType::kAudio;
  if (text == "ancillary") return st2110::MediaType::kAncillary;
  node.fail(key, "\"" + text + "\" is not one of video, audio, ancillary");
}

// Device strings may name files relative to the configuration: "{config_dir}" expands to its folder.
std::string expand(std::string text, const std::filesystem::path& base_dir) {
  const std::string token = "{config_dir}";
  for (auto at = text.find(token); at != std::string::npos; at = text.find(token)) {
    text.replace(at, token.size(), base_dir.string());
  }
  return text;
}

// The format a flow carries, from its SDP file (the first leg's media section).
std::optional<st2110::MediaFormat> read_format(const ConfigNode& node, const std::filesystem::path& base_dir) {
  if (!node.has("sdp")) return std::nullopt;
  std::filesystem::path path = expand(node.string("sdp"), base_dir);
  if (path.is_relative()) path = base_dir / path;
  std::ifstream file(path);
  if (!file) node.fail("sdp", "cannot read " + path.string());
  std::stringstream text;
  text << file.rdbuf();
  auto session = st2110::parse_sdp(text.str());
  if (!session) node.fail("sdp", path.string() + " " + session.error().to_string());
  if (session->legs.empty()) node.fail("sdp", path.string() + " has no media section");
  return session->legs.front().format;
}

// A flow's format from its SDP file and its media type, which must agree when both are given.
std::pair<std::optional<st2110::MediaFormat>, st2110::MediaType> read_format_and_media(
    const ConfigNode& node, const std::filesystem::path& base_dir) {
  auto format = read_format(node, base_dir);
  const auto format_media = format ? st2110::media_type_of(*format) : st2110::MediaType::kVideo;
  const auto media = parse_media(node, "media", format_media);
  if (format && media != format_media) node.fail("media", "disagrees with the SDP file");
  return {std::move(format), media};
}

engine::EalConfig parse_eal(const ConfigNode& node) {
  engine::EalConfig eal;
  eal.cores = node.string("cores", eal.cores);
  eal.memory_mb = node.integer<unsigned>("memory_mb", eal.memory_mb, 64, 1 << 20);
  eal.no_huge = node.boolean("no_huge", eal.no_huge);
  eal.no_pci = node.boolean("no_pci", eal.no_pci);
  eal.file_prefix = node.string("file_prefix", eal.file_prefix);
  eal.extra_args = node.strings("extra_args");
  node.only({"cores", "memory_mb", "no_huge", "no_pci", "file_prefix", "extra_args"});
  return eal;
}

// ports[].attached_network_device: the switch port as its LLDP names it; a MAC may be written with colons.
nmos::AttachedNetworkDevice parse_attached_network_device(const ConfigNode& node) {
  nmos::AttachedNetworkDevice device{node.string("chassis_id"), node.string("port_id")};
  if (device.chassis_id.empty()) node.fail("chassis_id", "must not be empty");
  if (device.port_id.empty()) node.fail("port_id", "must not be empty");
  node.only({"chassis_id", "port_id"});
  return device;
}

engine::PortConfig parse_port(const ConfigNode& node, const std::filesystem::path& base_dir) {
  engine::PortConfig port;
  port.name = node.string("name");
  port.device = expand(node.string("device"), base_dir);
  port.mac = node.optional_mac("mac");
  if (node.has("ipv4")) port.ipv4 = node.ipv4("ipv4");
  port.worker = node.integer<unsigned>("worker", port.worker, 0, 127);
  port.rx_descriptors = node.integer<unsigned>("rx_descriptors", port.rx_descriptors, 32, 65536);
  port.tx_descriptors = node.integer<unsigned>("tx_descriptors", port.tx_descriptors, 32, 65536);
  node.only({"name", "device", "mac", "ipv4", "worker", "rx_descriptors", "tx_descriptors", "attached_network_device"});
  return port;
}

InputDescription parse_input(const ConfigNode& node, const std::filesystem::path& base_dir, NaturalGroups& groups) {
  InputDescription input;
  input.engine.id = node.string("id");
  input.label = node.string("label", input.engine.id);
  std::tie(input.format, input.engine.media) = read_format_and_media(node, base_dir);
  if (node.has("group_hint")) input.group_hint = groups.claim_configured(node, input.engine.media);
  input.engine.merge_window_packets =
      node.integer<std::uint32_t>("merge_window_packets", input.engine.merge_window_packets, 1, 1 << 20);
  input.engine.max_skew_us = node.integer<std::uint32_t>("max_skew_us", input.engine.max_skew_us, 0, engine::kMaxSkewUs);
  input.engine.max_packet_rate = node.integer<std::uint32_t>("max_packet_rate", input.engine.max_packet_rate, 0, 100'000'000);
  for (const auto& leg_node : node.objects("legs")) {
    engine::InputLeg leg;
    leg.port = leg_node.string("port");
    leg.destination = leg_node.ipv4("destination");
    leg.udp_port = leg_node.required_integer<std::uint16_t>("udp_port", 1, 65535);
    leg.source = leg_node.optional_ipv4("source");
    leg_node.only({"port", "destination", "udp_port", "source"});
    input.engine.legs.push_back(leg);
  }
  if (input.engine.legs.empty() || input.engine.legs.size() > 2) node.fail("legs", "must hold one or two legs");
  node.only({"id", "label", "sdp", "media", "merge_window_packets", "max_skew_us", "max_packet_rate", "legs", "group_hint"});
  return input;
}

// ST 2110-21 pacing: by default what the SDP's TP declares (audio and ancillary at packet time); without an
// SDP the output passes packets through. A paced video output's format states TP and TROFF as it sends.
void parse_pacing(const ConfigNode& node, OutputDescription& output) {
  std::optional<engine::PacingMode> mode;
  if (node.has("pacing")) {
    mode = engine::pacing_mode_from(node.string("pacing"));
    if (!mode) node.fail("pacing", "must be narrow, narrow_linear, wide or passthrough");
  }
  const auto delay = node.integer<std::uint32_t>("pacing_delay_us", 1000, 0, 100'000);
  if (!output.format) {
    if (mode && *mode != engine::PacingMode::kPassthrough) node.fail("pacing", "needs the output's sdp (its format)");
    return;
  }
  output.engine.pacing = engine::pacing_for(*output.format, mode.value_or(engine::pacing_mode_of(*output.format)), delay);
  if (auto* video = std::get_if<st2110::VideoFormat>(&*output.format)) {
    if (const auto type = engine::sender_type_of(output.engine.pacing.mode)) video->sender_type = *type;
    video->troff_us = engine::paced_read_offset_us(output.engine.pacing);
  }
}

OutputDescription parse_output(const ConfigNode& node, const std::filesystem::path& base_dir, NaturalGroups& groups) {
  OutputDescription output;
  output.engine.id = node.string("id");
  output.label = node.string("label", output.engine.id);
  std::tie(output.format, output.engine.media) = read_format_and_media(node, base_dir);
  if (node.has("group_hint")) output.group_hint = groups.claim_configured(node, output.engine.media);
  output.engine.ssrc = node.integer<std::uint32_t>("ssrc", output.engine.ssrc);
  output.engine.payload_type = node.integer<std::uint8_t>("payload_type", output.engine.payload_type, 0, 127);
  output.engine.dscp = node.integer<std::uint8_t>("dscp", output.engine.dscp, 0, 63);
  output.engine.ttl = node.integer<std::uint8_t>("ttl", output.engine.ttl, 1, 255);
  output.engine.worker = node.integer<unsigned>("worker", output.engine.worker, 0, 127);
  for (const auto& leg_node : node.objects("legs")) {
    engine::OutputLeg leg;
    leg.port = leg_node.string("port");
    leg.destination = leg_node.ipv4("destination");
    leg.destination_mac = leg_node.optional_mac("destination_mac");
    leg.source = leg_node.optional_ipv4("source");
    leg.source_port = leg_node.integer<std::uint16_t>("source_port", leg.source_port, 1, 65535);
    leg.destination_port = leg_node.integer<std::uint16_t>("destination_port", leg.destination_port, 1, 65535);
    leg_node.only({"port", "destination", "destination_mac", "source", "source_port", "destination_port"});
    output.engine.legs.push_back(leg);
  }
  if (output.engine.legs.empty() || output.engine.legs.size() > 2) node.fail("legs", "must hold one or two legs");
  parse_pacing(node, output);
  node.only({"id", "label", "sdp", "media", "ssrc", "payload_type", "dscp", "ttl", "worker", "legs", "group_hint",
             "pacing", "pacing_delay_us"});
  return output;
}

PtpSection parse_ptp(const ConfigNode& node) {
  PtpSection section;
  ptp::ClockConfig& clock = section.clock;
  section.enabled = node.boolean("enabled", section.enabled);
  clock.interface = node.string("interface", "lo");
  // Ranges are checked by ptp::validate against the profile, so a bad value is reported in its terms.
  clock.domain = node.integer<std::uint8_t>("domain", clock.domain);
  clock.log_announce_interval = node.integer<std::int8_t>("log_announce_interval", clock.log_announce_interval);
  clock.log_sync_interval = node.integer<std::int8_t>("log_sync_interval", clock.log_sync_interval);
  clock.log_min_delay_req_interval =
      node.integer<std::int8_t>("log_min_delay_req_interval", clock.log_min_delay_req_interval);
  clock.announce_receipt_timeout = node.integer<std::uint8_t>("announce_receipt_timeout", clock.announce_receipt_timeout);
  clock.priority1 = node.integer<std::uint8_t>("priority1", clock.priority1);
  clock.priority2 = node.integer<std::uint8_t>("priority2", clock.priority2);
  clock.slave_only = node.boolean("slave_only", clock.slave_only);
  clock.grandmaster_follows_system_clock =
      node.boolean("grandmaster_follows_system_clock", clock.grandmaster_follows_system_clock);
  const std::string timestamping = node.string("timestamping", "auto");
  if (timestamping == "auto") clock.timestamping = ptp::TimestampingMode::kAuto;
  else if (timestamping == "software") clock.timestamping = ptp::TimestampingMode::kSoftware;
  else if (timestamping == "hardware") clock.timestamping = ptp::TimestampingMode::kHardware;
  else node.fail("timestamping", "\"" + timestamping + "\" is not one of auto, software, hardware");
  const std::string adjust = node.string("adjust_host_clock", "none");
  if (adjust == "none") clock.host_clock = ptp::HostClockAdjustment::kNone;
  else if (adjust == "system") clock.host_clock = ptp::HostClockAdjustment::kSystemClock;
  else node.fail("adjust_host_clock", "\"" + adjust + "\" is not one of none, system");
  // Where software timestamps cross a busy bridge, offsets wander by several microseconds. Below the unlock
  // threshold, or a locked clock would never unlock.
  clock.lock.lock_threshold_ns = node.integer<Nanoseconds>("lock_threshold_ns", clock.lock.lock_threshold_ns, 1,
                                                           clock.lock.unlock_threshold_ns - 1);
  node.only({"enabled", "interface", "domain", "log_announce_interval", "log_sync_interval",
             "log_min_delay_req_interval", "announce_receipt_timeout", "priority1", "priority2", "slave_only",
             "grandmaster_follows_system_clock", "timestamping", "adjust_host_clock", "lock_threshold_ns"});
  return section;
}

// nmos.asset: BCP-002-02 asks for exactly one non-empty value of each, and at least one function.
void parse_asset(const ConfigNode& node, NmosSection& nmos) {
  const auto non_empty = [&node](const std::string& key, const std::string& fallback) {
    const std::string value = node.string(key, fallback);
    if (value.empty()) node.fail(key, "must not be empty");
    return value;
  };
  nmos.asset.manufacturer = non_empty("manufacturer", nmos.asset.manufacturer);
  nmos.asset.product = non_empty("product", nmos.asset.product);
  if (node.has("instance_id")) nmos.asset.instance_id = non_empty("instance_id", "");
  if (node.has("functions")) {
    nmos.functions = node.strings("functions");
    if (nmos.functions->empty()) node.fail("functions", "must name at least one function");
    for (const auto& function : *nmos.functions)
      if (function.empty()) node.fail("functions", "must not hold an empty name");
  }
  node.only({"manufacturer", "product", "instance_id", "functions"});
}

NmosSection parse_nmos(const ConfigNode& node) {
  NmosSection nmos;
  nmos.enabled = node.boolean("enabled", nmos.enabled);
  nmos.address = node.string("address", nmos.address);
  nmos.port = node.integer<std::uint16_t>("port", nmos.port, 0, 65535);  // 0: any free port
  nmos.threads = node.integer<unsigned>("threads", nmos.threads, 1, 64);
  nmos.label = node.string("label", nmos.label);
  nmos.seed = node.string("seed", nmos.seed);
  nmos.embedded_registry = node.boolean("embedded_registry", nmos.embedded_registry);
  nmos.heartbeat_interval_s = node.integer<unsigned>("heartbeat_interval_s", nmos.heartbeat_interval_s, 1, 3600);
  nmos.registry_expiry_s = node.integer<unsigned>("registry_expiry_s", nmos.registry_expiry_s, 1, 3600);
  nmos.registries = node.strings("registries");
  nmos.dns_sd = node.boolean("dns_sd", nmos.dns_sd);
  if (auto registry = node.optional_object("registry")) {
    nmos.registry_store = registry->string("store", nmos.registry_store);
    if (nmos.registry_store != "in-process" && nmos.registry_store != "etcd") {
      registry->fail("store", "\"" + nmos.registry_store + "\" is not one of in-process, etcd");
    }
    nmos.etcd_endpoints = registry->strings("etcd_endpoints");
    for (const auto& endpoint : nmos.etcd_endpoints) {
      if (!endpoint.starts_with("http://")) registry->fail("etcd_endpoints", "\"" + endpoint + "\" is not an http:// URL");
    }
    if (nmos.registry_store == "etcd" && nmos.etcd_endpoints.empty()) {
      registry->fail("etcd_endpoints", "the etcd store needs at least one endpoint");
    }
    nmos.etcd_prefix = registry->string("etcd_prefix", nmos.etcd_prefix);
    nmos.registry_priority = registry->integer<unsigned>("priority", nmos.registry_priority, 0, 255);
    registry->only({"store", "etcd_endpoints", "etcd_prefix", "priority"});
  }
  if (auto asset = node.optional_object("asset")) parse_asset(*asset, nmos);
  node.only({"enabled", "address", "port", "threads", "label", "seed", "embedded_registry", "heartbeat_interval_s",
             "registry_expiry_s", "registries", "dns_sd", "registry", "asset"});
  return nmos;
}

// The header pool holds every fan-out copy the outputs' pace queues can hold (engine::fan_out_header_mbufs):
// sized to it unless the configuration gives a size, which is kept, with a warning when it is smaller.
void size_header_pool(DaemonConfig& config, bool configured) {
  std::vector<engine::OutputConfig> outputs;
  for (const auto& output : config.outputs) outputs.push_back(output.engine);
  const std::uint64_t needed = engine::fan_out_header_mbufs(outputs, config.engine.workers.burst_size);
  unsigned& header_mbufs = config.engine.mempools.header_mbufs;
  if (needed <= header_mbufs) return;
  if (!configured) {
    header_mbufs = static_cast<unsigned>(std::min<std::uint64_t>(needed, kMaxMbufs));
    return;
  }
  config.warnings.push_back("mempools.header_mbufs " + std::to_string(header_mbufs) + " is below the " +
                            std::to_string(needed) +
                            " the outputs' pace queues can hold as fan-out copies: after a stall, copies to "
                            "outputs that share an input may be dropped as mempool_exhausted");
}

}  // namespace

DaemonConfig parse_daemon_config(const nlohmann::json& document, const std::filesystem::path& base_dir) {
  const ConfigNode root(document, "");
  DaemonConfig config;
  if (auto eal = root.optional_object("eal")) config.engine.eal = parse_eal(*eal);
  if (auto workers = root.optional_object("workers")) {
    config.engine.workers.burst_size = workers->integer<unsigned>("burst_size", config.engine.workers.burst_size, 1, 512);
    config.engine.workers.idle_sleep_us =
        workers->integer<unsigned>("idle_sleep_us", config.engine.workers.idle_sleep_us, 0, 1'000'000);
    config.engine.workers.realtime_priority =
        workers->integer<unsigned>("realtime_priority", config.engine.workers.realtime_priority, 0, 99);
    workers->only({"burst_size", "idle_sleep_us", "realtime_priority"});
  }
  if (auto pools = root.optional_object("mempools")) {
    auto& mempools = config.engine.mempools;
    mempools.packet_mbufs = pools->integer<unsigned>("packet_mbufs", mempools.packet_mbufs, 1023, kMaxMbufs);
    mempools.header_mbufs = pools->integer<unsigned>("header_mbufs", mempools.header_mbufs, 1023, kMaxMbufs);
    mempools.cache_size = pools->integer<unsigned>("cache_size", mempools.cache_size, 0, 512);
    mempools.tap_buffers = pools->integer<unsigned>("tap_buffers", mempools.tap_buffers, 63, 1 << 20);
    pools->only({"packet_mbufs", "header_mbufs", "cache_size", "tap_buffers"});
  }
  for (const auto& port : root.objects("ports")) {
    config.engine.ports.push_back(parse_port(port, base_dir));
    if (auto attached = port.optional_object("attached_network_device"))
      config.attached_network_devices[config.engine.ports.back().name] = parse_attached_network_device(*attached);
  }
  NaturalGroups groups;
  for (const auto& input : root.objects("inputs")) config.inputs.push_back(parse_input(input, base_dir, groups));
  for (const auto& output : root.objects("outputs")) config.outputs.push_back(parse_output(output, base_dir, groups));
  // Defaults after every configured hint is claimed, so a default never takes a role someone wrote down.
  const auto claim_default = [&groups](auto& flow) {
    if (!flow.group_hint)
      flow.group_hint = groups.claim_default(flow.label.empty() ? flow.engine.id : flow.label, flow.engine.media);
  };
  for (auto& input : config.inputs) claim_default(input);
  for (auto& output : config.outputs) claim_default(output);
  if (auto routes = root.optional_object("routes")) {
    for (const auto& [output, input] : document["routes"].items()) {
      if (!input.is_string()) routes->fail(output, "must name an input id");
      config.routes[output] = input.get<std::string>();
    }
  }
  if (auto ptp = root.optional_object("ptp")) config.ptp = parse_ptp(*ptp);
  if (auto nmos = root.optional_object("nmos")) config.nmos = parse_nmos(*nmos);
  root.only({"eal", "workers", "mempools", "ports", "inputs", "outputs", "routes", "ptp", "nmos"});
  const auto pools = root.optional_object("mempools");
  size_header_pool(config, pools && pools->has("header_mbufs"));
  return config;
}

}  // namespace crosspoint::app
