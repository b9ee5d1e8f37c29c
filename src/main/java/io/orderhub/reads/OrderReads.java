package io.orderhub.reads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.cutover.CutoverUnavailableException;
import io.orderhub.cutover.Decision;
import io.orderhub.cutover.Entity;
import io.orderhub.cutover.Origin;
import io.orderhub.cutover.RequestFacts;
import io.orderhub.cutover.ShadowReads;
import io.orderhub.cutover.Store;
import io.orderhub.intake.StoreUnavailableException;
import io.orderhub.stores.NewStore;
import io.orderhub.stores.OldStoreOrderReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * Behind {@code direct:order-read}, the one door every order read passes (REST GET and search, the
 * status command's read, SOAP QueryOrder, UpdateOrderStatus and QueryOrdersSince). Which store answers
 * is decided here, and nowhere else, by the cutover rules: the request's facts (the function, the POS
 * caller's identity when there is one, the order's channel when the query names it) give a cohort and
 * its ORDERS phase; the caller gets {@code Phase.reads()} — the old store (the legacy CRM's tables, read
 * through {@link OldStoreOrderReader}) in OFF, DUAL_WRITE and SHADOW, the new store in LIVE, RAMPDOWN and
 * COMPLETE.
 *
 * <p>In SHADOW and LIVE a one-order read is also read from the other store in the background
 * ({@link ShadowReads}: never slower, never failing for the caller) and the two are compared on the
 * comparison form of {@link #comparable}: the canonical JSON with what the legacy schema cannot
 * express taken out, so only real differences (status, amounts, items, contacts, times to the second,
 * version...) count and are kept as mismatches. Pages of {@link OrderQuery.ChangedSince} are not
 * shadowed: the two stores' change times differ by design (each store stamps its own write, the
 * secondary one later), so the same page of the two stores holds different orders without any order
 * differing; their orders are compared when read one by one.
 *
 * <p>Functions ({@link RequestFacts#FUNCTIONS}): a SOAP call's operation (exchange property
 * {@code posOperation}); otherwise {@code orders.status} for the read of the REST status command
 * (route {@code rest-command-order-status}), {@code orders.read} by id, {@code orders.search} by channel
 * identity or change time.
 */
public class OrderReads {

    private final NewStore newStore;
    private final OldStoreOrderReader oldStore;
    private final Function<RequestFacts, Decision> cutover;
    private final ShadowReads shadowReads;

    public OrderReads(NewStore newStore, OldStoreOrderReader oldStore, Function<RequestFacts, Decision> cutover,
                      ShadowReads shadowReads) {
        this.newStore = newStore;
        this.oldStore = oldStore;
        this.cutover = cutover;
        this.shadowReads = shadowReads;
    }

    /**
     * Answers {@code Optional<CanonicalOrder>} for a {@link OrderQuery.One}, an {@link OrderPage} for
     * {@link OrderQuery.ChangedSince}. A store that cannot answer is a {@link StoreUnavailableException}.
     */
    public Object read(@Body OrderQuery query, @ExchangeProperty("posIdentity") Origin identity,
                       @ExchangeProperty("posOperation") String operation, Exchange exchange) {
        Decision decision = decide(facts(query, identity, operation, exchange == null ? null : exchange.getFromRouteId()));
        Store answering = decision.phase(Entity.ORDERS).reads();
        try {
            if (query instanceof OrderQuery.One one) {
                Optional<CanonicalOrder> answer = one(answering, one);
                Store other = answering == Store.OLD ? Store.NEW : Store.OLD;
                shadowReads.submit(decision, Entity.ORDERS, keyName(one), keyValue(one),
                        answer.map(OrderReads::comparable), () -> one(other, one).map(OrderReads::comparable));
                return answer;
            }
            OrderQuery.ChangedSince c = (OrderQuery.ChangedSince) query;
            if (answering == Store.OLD) {
                OldStoreOrderReader.ChangedPage page = oldStore.findChangedSince(c.since(), c.offset(), c.limit());
                return new OrderPage(page.total(), page.orders());
            }
            NewStore.ChangedPage page = newStore.findChangedSince(c.since(), c.offset(), c.limit());
            return new OrderPage(page.total(), page.orders());
        } catch (SQLException e) {
            throw new StoreUnavailableException("the " + (answering == Store.OLD ? "old" : "new")
                    + " store cannot be read: " + e.getMessage(), e);
        }
    }

    /** What the rules see of an order read. */
    static RequestFacts facts(OrderQuery query, Origin identity, String operation, String fromRouteId) {
        String function;
        if (operation != null) {
            function = operation;
        } else if ("rest-command-order-status".equals(fromRouteId)) {
            function = "orders.status";
        } else {
            function = query instanceof OrderQuery.ById ? "orders.read" : "orders.search";
        }
        String channel = query instanceof OrderQuery.ByChannelKey k ? k.channel() : null;
        return identity == null
                ? new RequestFacts(null, channel, function, null, null, null, Map.of())
                : new RequestFacts(identity.sourceSystem(), channel, function, identity.regionCode(),
                        identity.storeCode(), null, Map.of());
    }

    private Decision decide(RequestFacts facts) {
        try {
            return cutover.apply(facts);
        } catch (CutoverUnavailableException e) {
            throw new StoreUnavailableException("the cutover rules are not loaded yet", e);
        }
    }

    private Optional<CanonicalOrder> one(Store store, OrderQuery.One query) throws SQLException {
        if (query instanceof OrderQuery.ById byId) {
            return store == Store.OLD ? oldStore.findByHubId(byId.id()) : newStore.find(byId.id());
        }
        if (query instanceof OrderQuery.ByLegacyOrderNo byNo) {
            return store == Store.OLD ? oldStore.findByLegacyOrderNo(byNo.orderNo())
                    : newStore.findByLegacyOrderNo(byNo.orderNo());
        }
        OrderQuery.ByChannelKey k = (OrderQuery.ByChannelKey) query;
        CanonicalOrder.ChannelKey key = new CanonicalOrder.ChannelKey(k.channel(), k.shop(), k.channelOrderId());
        if (store == Store.OLD) {
            return oldStore.findByChannelKey(key);
        }
        Optional<UUID> id = newStore.findIdByChannelKey(key);
        return id.isPresent() ? newStore.find(id.get()) : Optional.empty();
    }

    private static String keyName(OrderQuery.One query) {
        if (query instanceof OrderQuery.ById) {
            return "orderId";
        }
        return query instanceof OrderQuery.ByLegacyOrderNo ? "legacyOrderNo" : "channelKey";
    }

    private static String keyValue(OrderQuery.One query) {
        if (query instanceof OrderQuery.ById byId) {
            return byId.id().toString();
        }
        if (query instanceof OrderQuery.ByLegacyOrderNo byNo) {
            return byNo.orderNo();
        }
        OrderQuery.ByChannelKey k = (OrderQuery.ByChannelKey) query;
        return k.channel() + "/" + k.shop() + "/" + k.channelOrderId();
    }

    private static final List<String> TIMES = List.of("createdAt", "paidAt", "shippedAt", "completedAt",
            "platformModifiedAt");
    private static final List<String> ORDER_AMOUNTS = List.of("goods", "shipping", "discount", "paid");
    private static final List<String> ITEM_AMOUNTS = List.of("unitPrice", "discount", "lineTotal");

    /**
     * The form a shadow read compares (and a mismatch keeps): the order's canonical JSON without what
     * the legacy schema cannot express, so that an order the legacy CRM holds exactly as the hub wrote it
     * matches whichever store answers, with or without its hub document:
     * <ul>
     *   <li>instants to the whole second (DATETIME keeps none; MariaDB truncates the fraction);</li>
     *   <li>amounts at 2 decimals (fen), 12.5 and 12.50 being the same amount;</li>
     *   <li>no {@code sourceSystem} (no legacy column: set once at intake, carried only by the hub's
     *       document, absent for orders the legacy CRM took itself);</li>
     *   <li>a member, buyer, address or payment with no field is absent.</li>
     * </ul>
     * Everything else — id, legacy order number, version, status, hold, amounts, items (their number,
     * order and every field), contacts, address, remarks, times — is compared as is.
     */
    public static JsonNode comparable(CanonicalOrder order) {
        ObjectNode o = CanonicalJson.mapper().valueToTree(order);
        o.remove("sourceSystem");
        TIMES.forEach(t -> second(o, t));
        if (o.path("amounts") instanceof ObjectNode a) {
            ORDER_AMOUNTS.forEach(f -> fen(a, f));
        }
        o.path("items").forEach(item -> {
            if (item instanceof ObjectNode i) {
                ITEM_AMOUNTS.forEach(f -> fen(i, f));
            }
        });
        for (String name : List.of("member", "buyer", "shippingAddress", "payment")) {
            if (o.path(name).isObject() && o.path(name).isEmpty()) {
                o.remove(name);
            }
        }
        return o;
    }

    private static void second(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v != null && v.isTextual()) {
            try {
                o.put(field, Instant.parse(v.asText()).truncatedTo(ChronoUnit.SECONDS).toString());
            } catch (DateTimeParseException e) {
                // not an instant: compared as written
            }
        }
    }

    private static void fen(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v != null && !v.isNull()) {
            try {
                BigDecimal d = new BigDecimal(v.asText());
                o.put(field, (d.stripTrailingZeros().scale() <= 2 ? d.setScale(2, RoundingMode.UNNECESSARY)
                        : d.stripTrailingZeros()).toPlainString());
            } catch (NumberFormatException e) {
                // not an amount: compared as written
            }
        }
    }
}
