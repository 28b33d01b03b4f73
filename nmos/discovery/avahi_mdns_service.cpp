// MdnsService on libavahi-client with a threaded poll: every call into Avahi from our threads holds the
// poll's lock; Avahi's callbacks run on its own thread.
#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-client/publish.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-common/strlst.h>
#include <avahi-common/thread-watch.h>

#include <mutex>

#include "nmos/discovery/mdns_service.hpp"

namespace crosspoint::nmos {
namespace {

class AvahiMdnsService final : public MdnsService {
 public:
  AvahiMdnsService() = default;
  ~AvahiMdnsService() override {
    if (poll_ != nullptr) avahi_threaded_poll_stop(poll_);
    for (AvahiServiceResolver* r : resolvers_) avahi_service_resolver_free(r);
    for (Browser& b : browsers_) avahi_service_browser_free(b.browser);
    for (Published& p : published_) avahi_entry_group_free(p.group);
    if (client_ != nullptr) avahi_client_free(client_);
    if (poll_ != nullptr) avahi_threaded_poll_free(poll_);
  }

  Expected<bool, std::string> open() {
    poll_ = avahi_threaded_poll_new();
    if (poll_ == nullptr) return Unexpected{std::string("cannot create the Avahi poll")};
    int error = 0;
    client_ = avahi_client_new(avahi_threaded_poll_get(poll_), AvahiClientFlags(0), &on_client_state, this, &error);
    if (client_ == nullptr)
      return Unexpected{std::string("no avahi-daemon to talk to: ") + avahi_strerror(error)};
    if (avahi_threaded_poll_start(poll_) < 0) return Unexpected{std::string("cannot start the Avahi poll thread")};
    return true;
  }

  Expected<bool, std::string> advertise(const std::string& instance, const std::string& type, std::uint16_t port,
                                        const std::map<std::string, std::string>& txt) override {
    Lock lock(poll_);
    Published entry{nullptr, instance, type, port, txt};
    entry.group = avahi_entry_group_new(client_, &on_group_state, this);
    if (entry.group == nullptr) return Unexpected{"cannot create an Avahi entry group: " + last_error()};
    published_.push_back(std::move(entry));
    return commit(published_.back());
  }

  void withdraw_all() override {
    Lock lock(poll_);
    for (Published& p : published_) avahi_entry_group_free(p.group);
    published_.clear();
  }

  Expected<bool, std::string> browse(const std::string& type, BrowseCallback on_change) override {
    Lock lock(poll_);
    Browser browser{nullptr, type, std::move(on_change), {}};
    browsers_.push_back(std::move(browser));
    Browser& b = browsers_.back();
    b.browser = avahi_service_browser_new(client_, AVAHI_IF_UNSPEC, AVAHI_PROTO_INET, type.c_str(), nullptr,
                                          AvahiLookupFlags(0), &on_browse, this);
    if (b.browser == nullptr) {
      browsers_.pop_back();
      return Unexpected{"cannot browse " + type + ": " + last_error()};
    }
    return true;
  }

 private:
  struct Lock {
    explicit Lock(AvahiThreadedPoll* poll) : poll_(poll) { avahi_threaded_poll_lock(poll_); }
    ~Lock() { avahi_threaded_poll_unlock(poll_); }
    AvahiThreadedPoll* poll_;
  };
  struct Published {
    AvahiEntryGroup* group;
    std::string instance;
    std::string type;
    std::uint16_t port;
    std::map<std::string, std::string> txt;
  };
  struct Browser {
    AvahiServiceBrowser* browser;
    std::string type;
    BrowseCallback on_change;
    std::map<std::string, DiscoveredService> found;  // by instance name + interface
  };

  std::string last_error() const { return avahi_strerror(avahi_client_errno(client_)); }

  Expected<bool, std::string> commit(Published& p) {
    AvahiStringList* list = nullptr;
    for (const auto& [key, value] : p.txt) list = avahi_string_list_add_pair(list, key.c_str(), value.c_str());
    const int added = avahi_entry_group_add_service_strlst(p.group, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC,
                                                           AvahiPublishFlags(0), p.instance.c_str(), p.type.c_str(),
                                                           nullptr, nullptr, p.port, list);
    avahi_string_list_free(list);
    if (added < 0) return Unexpected{"cannot add " + p.type + " service: " + std::string(avahi_strerror(added))};
    const int committed = avahi_entry_group_commit(p.group);
    if (committed < 0) return Unexpected{"cannot publish " + p.type + ": " + std::string(avahi_strerror(committed))};
    return true;
  }

  static void on_client_state(AvahiClient*, AvahiClientState, void*) {}

  static void on_group_state(AvahiEntryGroup* group, AvahiEntryGroupState state, void* self_pointer) {
    auto* self = static_cast<AvahiMdnsService*>(self_pointer);
    if (state != AVAHI_ENTRY_GROUP_COLLISION) return;
    // Someone else has the name: take "name #2" and publish again (we are on Avahi's thread, lock held).
    for (Published& p : self->published_) {
      if (p.group != group) continue;
      char* alternative = avahi_alternative_service_name(p.instance.c_str());
      p.instance = alternative;
      avahi_free(alternative);
      avahi_entry_group_reset(group);
      (void)self->commit(p);
    }
  }

  static void on_browse(AvahiServiceBrowser* browser, AvahiIfIndex interface, AvahiProtocol protocol,
                        AvahiBrowserEvent event, const char* name, const char* type, const char* domain,
                        AvahiLookupResultFlags, void* self_pointer) {
    auto* self = static_cast<AvahiMdnsService*>(self_pointer);
    Browser* b = self->browser_for(browser);
    if (b == nullptr) return;
    if (event == AVAHI_BROWSER_NEW) {
      AvahiServiceResolver* resolver =
          avahi_service_resolver_new(self->client_, interface, protocol, name, type, domain, AVAHI_PROTO_INET,
                                     AvahiLookupFlags(0), &on_resolve, self);
      if (resolver != nullptr) self->resolvers_.push_back(resolver);
    } else if (event == AVAHI_BROWSER_REMOVE) {
      if (b->found.erase(std::string(name) + "%" + std::to_string(interface)) > 0) self->report(*b);
    }
  }

  static void on_resolve(AvahiServiceResolver* resolver, AvahiIfIndex interface, AvahiProtocol, AvahiResolverEvent event,
                         const char* name, const char* type, const char*, const char*, const AvahiAddress* address,
                         uint16_t port, AvahiStringList* txt, AvahiLookupResultFlags, void* self_pointer) {
    auto* self = static_cast<AvahiMdnsService*>(self_pointer);
    std::erase(self->resolvers_, resolver);
    if (event == AVAHI_RESOLVER_FOUND) {
      for (Browser& b : self->browsers_) {
        if (b.type != type) continue;
        DiscoveredService service;
        service.instance = name;
        char text[AVAHI_ADDRESS_STR_MAX] = {};
        avahi_address_snprint(text, sizeof text, address);
        service.host = text;
        service.port = port;
        for (AvahiStringList* item = txt; item != nullptr; item = avahi_string_list_get_next(item)) {
          char* key = nullptr;
          char* value = nullptr;
          size_t size = 0;
          if (avahi_string_list_get_pair(item, &key, &value, &size) == 0) {
            service.txt[key] = value != nullptr ? std::string(value, size) : std::string();
            avahi_free(key);
            avahi_free(value);
          }
        }
        b.found[std::string(name) + "%" + std::to_string(interface)] = std::move(service);
        self->report(b);
      }
    }
    avahi_service_resolver_free(resolver);
  }

  Browser* browser_for(AvahiServiceBrowser* browser) {
    for (Browser& b : browsers_)
      if (b.browser == browser) return &b;
    return nullptr;
  }

  void report(const Browser& b) {
    std::vector<DiscoveredService> services;
    for (const auto& [key, service] : b.found) services.push_back(service);
    if (b.on_change) b.on_change(services);
  }

  AvahiThreadedPoll* poll_ = nullptr;
  AvahiClient* client_ = nullptr;
  std::vector<Published> published_;
  std::vector<Browser> browsers_;  // deque-like stability not needed: callbacks look them up by pointer
  std::vector<AvahiServiceResolver*> resolvers_;
};

}  // namespace

Expected<std::unique_ptr<MdnsService>, std::string> MdnsService::connect() {
  auto service = std::make_unique<AvahiMdnsService>();
  if (auto opened = service->open(); !opened) return Unexpected{opened.error()};
  return std::unique_ptr<MdnsService>(std::move(service));
}

}  // namespace crosspoint::nmos
