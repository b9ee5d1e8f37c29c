package io.orderhub.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.CanonicalOrderReader;
import io.orderhub.canonical.FieldError;
import io.orderhub.canonical.InvalidOrderException;
import io.orderhub.canonical.OrderIds;
import io.orderhub.canonical.OrderStatus;
import io.orderhub.canonical.OrderTransitions;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStore;
import io.orderhub.stores.OldStore;
import io.orderhub.stores.StoreSchemas;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Behind {@code direct:canonical-order-intake}: validates, de-duplicates (on the channel identity
 * and on an optional Idempotency-Key), writes the old store and then the new store with the outbox
 * event, and applies newer platform copies of known orders through the state machine.
 *
 * <p>Both writes are idempotent on the channel identity, so a retry after a failure between them
 * completes the order instead of doubling it. The cutover issue replaces this fixed sequence with
 * migration phases.
 */
public class OrderIntake {

    private static final Logger LOG = LoggerFactory.getLogger(OrderIntake.class);
    private static final int ATTEMPTS = 5;

    private final NewStore newStore;
    private final OldStore oldStore;
    private final LegacyMapping legacy;
    private final StoreSchemas schemas;

    public OrderIntake(NewStore newStore, OldStore oldStore, LegacyMapping legacy, StoreSchemas schemas) {
        this.newStore = newStore;
        this.oldStore = oldStore;
        this.legacy = legacy;
        this.schemas = schemas;
    }

    /** The intake route's entry: the body as it came, plus the caller's Idempotency-Key if any. */
    public IntakeResult intake(@Body Object body, @ExchangeProperty("idempotencyKey") String idempotencyKey,
                               Exchange exchange) {
        if (!(body instanceof CanonicalOrder || body instanceof byte[] || body instanceof String || body == null)) {
            // streams and caches from HTTP, files or JMS: read them as raw bytes, the reader parses strictly
            body = exchange.getContext().getTypeConverter().convertTo(byte[].class, exchange, body);
        }
        return accept(body, idempotencyKey);
    }

    /** Reads and validates a body (canonical JSON or a {@link CanonicalOrder}) and accepts it. */
    public IntakeResult accept(Object body, String idempotencyKey) {
        CanonicalOrder order = CanonicalOrderReader.read(body);
        List<FieldError> legacyProblems = legacy.check(order);
        if (!legacyProblems.isEmpty()) {
            throw new InvalidOrderException(false, legacyProblems);
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            throw new InvalidOrderException(true, List.of(
                    new FieldError("Idempotency-Key", "must be 1 to 255 characters")));
        }
        if (!schemas.ready()) {
            throw new StoreUnavailableException("the stores are not ready yet", null);
        }
        try {
            return store(order, idempotencyKey);
        } catch (SQLException e) {
            throw new StoreUnavailableException("a store could not take the order: " + e.getMessage(), e);
        }
    }

    private IntakeResult store(CanonicalOrder order, String idempotencyKey) throws SQLException {
        String hash = idempotencyKey == null ? null : hash(order);
        if (idempotencyKey != null) {
            Optional<NewStore.IdempotencyRecord> seen = newStore.findIdempotency(idempotencyKey);
            if (seen.isPresent()) {
                if (!seen.get().requestHash().equals(hash)) {
                    throw new IdempotencyConflictException(idempotencyKey);
                }
                Optional<CanonicalOrder> stored = newStore.find(seen.get().orderId());
                if (stored.isPresent()) {
                    return new IntakeResult(IntakeResult.Outcome.DUPLICATE, stored.get());
                }
            }
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<UUID> known = newStore.findIdByChannelKey(order.channelKey());
            IntakeResult result = known.isPresent()
                    ? existing(known.get(), order, idempotencyKey, hash)
                    : create(order, idempotencyKey, hash);
            if (result != null) {
                return result;
            }
            LOG.debug("concurrent write on {}; attempt {} again", order.channelKey(), attempt + 1);
        }
        throw new StoreUnavailableException("the order kept changing under concurrent writers; retry", null);
    }

    /** A new order: old store first (it numbers the order), then the new store with its event. */
    private IntakeResult create(CanonicalOrder order, String idempotencyKey, String hash) throws SQLException {
        UUID id = OrderIds.newId(order.createdAt());
        CanonicalOrder withId = order.withIdentity(id.toString(), null, 1L);
        OldStore.Insert inserted = oldStore.insert(withId);
        if (!inserted.created()) {
            // the old store already holds this channel order: a concurrent writer, an earlier write
            // that stopped before the new store, or an order the legacy CRM took itself
            return completeNewStore(inserted.ref(), order, idempotencyKey, hash);
        }
        CanonicalOrder stored = withId.withIdentity(id.toString(), inserted.ref().legacyOrderNo(), 1L);
        if (!newStore.insert(stored, OrderEvents.of(OrderEvents.CREATED, stored), idempotency(idempotencyKey, hash, id))) {
            return null;
        }
        return new IntakeResult(IntakeResult.Outcome.CREATED, stored);
    }

    /** The old store has the order but the new store does not (a write was cut off): finish it. */
    private IntakeResult completeNewStore(OldStore.Ref ref, CanonicalOrder order, String idempotencyKey, String hash)
            throws SQLException {
        if (newStore.findIdByChannelKey(order.channelKey()).isPresent()) {
            return null; // a concurrent writer finished it: take the existing-order path
        }
        // an order the legacy CRM took itself has no hub id yet: it gets one now
        UUID id = ref.hubOrderId() != null ? OrderIds.parse(ref.hubOrderId()) : OrderIds.newId(order.createdAt());
        if (id == null) {
            // someone else wrote the hub's column: park the order naming it, the run goes on
            throw new InvalidOrderException(false, List.of(new FieldError("id", "the old store's order "
                    + ref.legacyOrderNo() + " carries HUB_ORDER_ID '" + ref.hubOrderId() + "', which is not a hub order id (UUIDv7)")));
        }
        CanonicalOrder stored = order.withIdentity(id.toString(), ref.legacyOrderNo(), ref.version())
                .withCreatedAt(OrderIds.createdAt(id));
        oldStore.update(stored);
        if (!newStore.insert(stored, OrderEvents.of(OrderEvents.CREATED, stored), idempotency(idempotencyKey, hash, id))) {
            return null;
        }
        LOG.info("order {} completed in the new store from the old store's {}", id, ref.legacyOrderNo());
        return new IntakeResult(IntakeResult.Outcome.CREATED, stored);
    }

    /** A known order: a newer platform copy moves it forward; anything else is a duplicate. */
    private IntakeResult existing(UUID id, CanonicalOrder incoming, String idempotencyKey, String hash)
            throws SQLException {
        Optional<CanonicalOrder> found = newStore.find(id);
        if (found.isEmpty()) {
            return null; // indexed but not yet visible: a concurrent insert is committing
        }
        CanonicalOrder stored = found.get();
        newStore.rememberIdempotency(idempotency(idempotencyKey, hash, id));
        if (!incoming.platformModifiedAt().isAfter(stored.platformModifiedAt())) {
            return new IntakeResult(IntakeResult.Outcome.DUPLICATE, stored);
        }
        OrderTransitions.SyncResult sync = OrderTransitions.sync(stored, incoming);
        if (!sync.refusedMoves().isEmpty()) {
            LOG.info("order {}: platform sync kept out backward moves {}", id, sync.refusedMoves());
        }
        CanonicalOrder next = sync.order().withIdentity(stored.id(), stored.legacyOrderNo(), stored.version() + 1);
        oldStore.update(next);
        if (!newStore.update(next, stored.version(), OrderEvents.of(OrderEvents.UPDATED, next))) {
            return null;
        }
        return new IntakeResult(IntakeResult.Outcome.UPDATED, next);
    }

    private static NewStore.IdempotencyRecord idempotency(String key, String hash, UUID id) {
        return key == null ? null : new NewStore.IdempotencyRecord(key, hash, id);
    }

    static String hash(CanonicalOrder order) {
        try {
            byte[] json = CanonicalJson.mapper().writeValueAsBytes(order);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // the write path's own read of the current version; callers read through direct:order-read
    private Optional<CanonicalOrder> find(String id) {
        UUID uuid = OrderIds.parse(id);
        if (uuid == null) {
            throw new InvalidOrderException(true, List.of(new FieldError("id", "is not a hub order id (UUIDv7)")));
        }
        try {
            return newStore.find(uuid);
        } catch (SQLException e) {
            throw new StoreUnavailableException("the new store cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * An internal command: moves an order one legal step ({@code {"status": "SHIPPED"}}), in both
     * stores with an OrderUpdated event. An illegal jump is refused naming both states.
     */
    public IntakeResult command(@ExchangeProperty("orderId") String id, @Body Object body, Exchange exchange) {
        byte[] json = exchange.getContext().getTypeConverter().convertTo(byte[].class, exchange, body);
        return changeStatus(id, readStatus(json), null);
    }

    /**
     * Moves an order one legal step, in both stores with an OrderUpdated event. A {@code changedAt}
     * from the legacy contract (its OperTime) also becomes the order's last business change; without
     * one the platform's modified time is kept, so a later platform copy is not mistaken for stale.
     */
    public IntakeResult changeStatus(String id, OrderStatus target, java.time.Instant changedAt) {
        java.time.Instant at = (changedAt != null ? changedAt : java.time.Instant.now())
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            CanonicalOrder stored = find(id).orElseThrow(() -> new OrderNotFoundException(id));
            OrderTransitions.STATUS.command(stored.status(), target);
            CanonicalOrder o = stored;
            CanonicalOrder next = new CanonicalOrder(o.id(), o.legacyOrderNo(), o.version() + 1, o.channel(),
                    o.shopId(), o.channelOrderId(), o.sourceSystem(), target, o.onHold(), o.member(), o.buyer(),
                    o.shippingAddress(), o.storeCode(), o.regionCode(), o.items(), o.amounts(), o.payment(),
                    o.createdAt(), o.paidAt(), target == OrderStatus.SHIPPED ? at : o.shippedAt(),
                    target == OrderStatus.COMPLETED ? at : o.completedAt(),
                    changedAt != null ? at : o.platformModifiedAt(), o.buyerRemark(), o.sellerRemark());
            try {
                oldStore.update(next);
                if (newStore.update(next, stored.version(), OrderEvents.of(OrderEvents.UPDATED, next))) {
                    return new IntakeResult(IntakeResult.Outcome.UPDATED, next);
                }
            } catch (SQLException e) {
                throw new StoreUnavailableException("a store could not take the change: " + e.getMessage(), e);
            }
        }
        throw new StoreUnavailableException("the order kept changing under concurrent writers; retry", null);
    }

    private static OrderStatus readStatus(byte[] json) {
        try {
            var node = json == null || json.length == 0 ? null : CanonicalJson.mapper().readTree(json);
            if (node == null || !node.isObject() || !node.path("status").isTextual()) {
                throw new InvalidOrderException(true, List.of(new FieldError("status", "is required")));
            }
            return OrderStatus.valueOf(node.get("status").asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidOrderException(true, List.of(new FieldError("status",
                    "must be one of " + List.of(OrderStatus.values()))));
        } catch (java.io.IOException e) {
            throw new InvalidOrderException(true, List.of(new FieldError("$", "is not well-formed JSON")));
        }
    }

}
