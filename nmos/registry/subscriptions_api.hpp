// The Query API's subscriptions (IS-04 v1.0-v1.3):
//   POST   /x-nmos/query/{v}/subscriptions            201 new + Location, 200 existing identical, 400, 501
//   GET    /x-nmos/query/{v}/subscriptions            those created through {v}
//   GET    /x-nmos/query/{v}/subscriptions/{id}       200, 404, 409 + Location
//   DELETE /x-nmos/query/{v}/subscriptions/{id}       204 persistent, 403 non-persistent, 404, 409
//   WebSocket ws://{host}/x-nmos/query/{v}/subscriptions/{id}/ws   the ws_href: sync grain, then change grains
#pragma once

#include <memory>

#include "nmos/http/router.hpp"
#include "nmos/registry/schema_validator.hpp"
#include "nmos/registry/subscription_hub.hpp"

namespace crosspoint::nmos::registry {

void add_subscriptions_api(http::Router& router, std::shared_ptr<SubscriptionHub> hub,
                           std::shared_ptr<const SchemaValidator> schemas, SubscriptionTransport transport);

}  // namespace crosspoint::nmos::registry
