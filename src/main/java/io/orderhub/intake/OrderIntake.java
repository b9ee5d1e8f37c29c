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
import io.orderhub.cutover.CutoverUnavailableException;
import io.orderhub.cutover.Decision;
import io.orderhub.cutover.Entity;
import io.orderhub.cutover.Origin;
import io.orderhub.cutover.Phase;
import io.orderhub.cutover.RequestFacts;
import io.orderhub.cutover.Store;
import io.orderhub.cutover.WriteGate;
import io.orderhub.stores.AuthoritativeOrders;
import io.orderhub.stores.Jdbc;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.OrderWrite;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.sql.Connection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
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
 * Behind {@code direct:canonical-order-intake} (and the status command): validates, asks the cutover
 * for the request's cohort and phase, and writes the order in its authoritative store through a group
 * commit, answering once the batch holding it has committed.
 *
 * <p>Per phase (io.orderhub.cutover.Phase): OFF, DUAL_WRITE and SHADOW write the old store (legacy CRM
 * schema) synchronously; LIVE, RAMPDOWN and COMPLETE the new store. In the same transaction go the
 * order's Kafka event (that store's event outbox) and, when the phase has a secondary store, a sync
 * change for it (that store's sync outbox; io.orderhub.sync carries it over Artemis). A create takes
 * its number from the legacy sequence first, in every phase, as the legacy contract demands.
 *
 * <p>De-duplication rests on the stores' unique keys: the batch locks the rows its channel identities
 * already hold, decides create, update (a newer platform copy, through the state machine) or duplicate
 * for each order in arrival order, and writes. A concurrent create elsewhere surfaces as a unique-key
 * violation and the batch is tried again; a batch failing for any other reason is split so one bad
 * order fails alone. Nothing is answered before its commit.
 */
public class OrderIntake implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderIntake.class);
    private static final int ATTEMPTS = 5;

    /** How the write path batches: committers per store, batch size, linger, queue bound, answer wait. */
    public record Batching(int committers, int maxBatch, long lingerMicros, int capacity, long answerTimeoutMs) {
    }

    /** One caller's write waiting in a batch. */
    private static final class Pending {
        final CanonicalOrder order;
        final String idempotencyKey;
        final String hash;
        final UnaryOperator<CanonicalOrder> command;
        final Decision decision;
        final Phase phase;
        final long queuedAt = System.nanoTime();
        final CompletableFuture<IntakeResult> answer = new CompletableFuture<>();

        Pending(CanonicalOrder order, String idempotencyKey, String hash, UnaryOperator<CanonicalOrder> command,
                Decision decision) {
            this.order = order;
            this.idempotencyKey = idempotencyKey;
            this.hash = hash;
            this.command = command;
            this.decision = decision;
            this.phase = decision.phase(Entity.ORDERS);
        }
    }

    private final NewStore newStore;
    private final OldStore oldStore;
    private final LegacyMapping legacy;
    private final StoreSchemas schemas;
    private final WriteGate gate;
    private final Runnable afterCommit;
    private final MeterRegistry meters;
    private final Batching batching;
    private final Map<Store, GroupCommit<Pending>> committers = new EnumMap<>(Store.class);
    private final Map<Store, io.micrometer.core.instrument.DistributionSummary> batchSizes = new EnumMap<>(Store.class);
    private final Map<String, io.micrometer.core.instrument.Counter> writeCounts =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, io.micrometer.core.instrument.Timer> acceptTimes =
            new java.util.concurrent.ConcurrentHashMap<>();

    public OrderIntake(NewStore newStore, OldStore oldStore, LegacyMapping legacy, StoreSchemas schemas,
                       WriteGate gate, Runnable afterCommit, MeterRegistry meters, Batching batching) {
        this.newStore = newStore;
        this.oldStore = oldStore;
        this.legacy = legacy;
        this.schemas = schemas;
        this.gate = gate;
        this.afterCommit = afterCommit;
        this.meters = meters;
        this.batching = batching;
        for (Store store : Store.values()) {
            batchSizes.put(store, io.micrometer.core.instrument.DistributionSummary.builder("orderhub.write.batch.size")
                    .description("Orders per group-committed batch").tag("store", store.name())
                    .publishPercentiles(0.5, 0.99).register(meters));
        }
        for (Store store : Store.values()) {
            committers.put(store, new GroupCommit<>("orderhub-write-" + store.name().toLowerCase(Locale.ROOT),
                    batching.committers(), batching.maxBatch(), batching.lingerMicros(), batching.capacity(),
                    batch -> commit(store, batch)));
        }
        for (Store store : Store.values()) {
            meters.gauge("orderhub.write.queued", List.of(Tag.of("store", store.name())), committers.get(store),
                    GroupCommit::queued);
        }
    }

    /** The intake route's entry: the body as it came, plus the caller's Idempotency-Key if any. */
    public IntakeResult intake(@Body Object body, @ExchangeProperty("idempotencyKey") String idempotencyKey,
                               Exchange exchange) {
        if (!(body instanceof CanonicalOrder || body instanceof byte[] || body instanceof String || body == null)) {
            // streams and caches from HTTP, files or JMS: read them as raw bytes, the reader parses strictly
            body = exchange.getContext().getTypeConverter().convertTo(byte[].class, exchange, body);
        }
        return accept(body, idempotencyKey, exchange.getProperty(FUNCTION, String.class),
                exchange.getProperty("posIdentity", Origin.class));
    }

    /** Exchange property naming the API function of the door (RequestFacts.FUNCTIONS). */
    public static final String FUNCTION = "cutoverFunction";

    /** Reads and validates a body (canonical JSON or a {@link CanonicalOrder}) and accepts it. */
    public IntakeResult accept(Object body, String idempotencyKey) {
        return accept(body, idempotencyKey, null, null);
    }

    public IntakeResult accept(Object body, String idempotencyKey, String function, Origin origin) {
        CanonicalOrder order = CanonicalOrderReader.read(body);
        List<FieldError> legacyProblems = legacy.check(order);
        if (!legacyProblems.isEmpty()) {
            throw new InvalidOrderException(false, legacyProblems);
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            throw new InvalidOrderException(true, List.of(
                    new FieldError("Idempotency-Key", "must be 1 to 255 characters")));
        }
        String hash = idempotencyKey == null ? null : hash(order);
        return write(order, idempotencyKey, hash, null, facts(order, function, origin));
    }

    private static RequestFacts facts(CanonicalOrder o, String function, Origin origin) {
        String member = o.member() == null ? null
                : o.member().cardNo() != null ? o.member().cardNo() : o.member().unionId();
        return new RequestFacts(origin != null && origin.sourceSystem() != null ? origin.sourceSystem() : o.sourceSystem(),
                o.channel(), function,
                origin != null && origin.regionCode() != null ? origin.regionCode() : o.regionCode(),
                origin != null && origin.storeCode() != null ? origin.storeCode() : o.storeCode(), member, Map.of());
    }

    private IntakeResult write(CanonicalOrder order, String idempotencyKey, String hash,
                               UnaryOperator<CanonicalOrder> command, RequestFacts facts) {
        if (!schemas.ready()) {
            throw new StoreUnavailableException("the stores are not ready yet", null);
        }
        WriteGate.Admission admission;
        try {
            admission = gate.admit(facts, Entity.ORDERS);
        } catch (CutoverUnavailableException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
        try (admission) {
            Pending p = new Pending(order, idempotencyKey, hash, command, admission.decision());
            if (!committers.get(p.phase.authority()).offer(p)) {
                throw new StoreUnavailableException("the " + p.phase.authority().name().toLowerCase(Locale.ROOT)
                        + " store's write queue is full; retry", null);
            }
            try {
                return p.answer.get(batching.answerTimeoutMs(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new StoreUnavailableException("the order could not be written: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                // not acknowledged: the caller retries, and the retry finds the order if its batch did commit
                throw new StoreUnavailableException("the store did not confirm the write in time; retry", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted while waiting for the store", e);
            }
        }
    }

    /** One batch in its authoritative store; answers every item. */
    private void commit(Store store, List<Pending> batch) {
        batchSizes.get(store).record(batch.size());
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                Object[] outcomes = Jdbc.inTransaction(authoritative(store).dataSource(), c -> plan(c, store, batch));
                answer(store, batch, outcomes);
                afterCommit.run();
                return;
            } catch (SQLException e) {
                last = e;
                if (!Jdbc.retryable(e)) {
                    break;
                }
                LOG.debug("write batch of {} in the {} store meets a concurrent writer; attempt {} again",
                        batch.size(), store, attempt + 1);
            } catch (RuntimeException e) {
                if (batch.size() == 1) {
                    fail(store, batch.get(0), e);
                    return;
                }
                break;
            }
        }
        if (batch.size() > 1 && (last == null || !Jdbc.unreachable(last))) {
            // one order may be what fails: each alone, so the others still go through
            for (Pending p : batch) {
                commit(store, List.of(p));
            }
            return;
        }
        String reason = last == null ? "a write failed" : last.getMessage();
        for (Pending p : batch) {
            fail(store, p, new StoreUnavailableException("the " + store.name().toLowerCase(Locale.ROOT)
                    + " store could not take the order: " + reason, last));
        }
    }

    private AuthoritativeOrders authoritative(Store store) {
        return store == Store.OLD ? oldStore : newStore;
    }

    /**
     * Decides every item of the batch against the locked rows, in arrival order (a later item sees what
     * an earlier one did), and writes the batch. Returns per item an IntakeResult or the exception its
     * caller gets.
     */
    private Object[] plan(Connection c, Store store, List<Pending> batch) throws SQLException {
        AuthoritativeOrders s = authoritative(store);
        Map<CanonicalOrder.ChannelKey, CanonicalOrder> keys = new LinkedHashMap<>();
        Set<String> idempotencyKeys = new LinkedHashSet<>();
        for (Pending p : batch) {
            keys.putIfAbsent(p.order.channelKey(), p.order);
            if (p.idempotencyKey != null) {
                idempotencyKeys.add(p.idempotencyKey);
            }
        }
        Map<CanonicalOrder.ChannelKey, AuthoritativeOrders.Current> locked = s.lockByChannelKeys(c, keys);
        Map<String, NewStore.IdempotencyRecord> used = new HashMap<>(s.idempotency(c, idempotencyKeys));
        Map<String, CanonicalOrder> usedOrders = s.byIds(c, used.values().stream()
                .map(r -> r.orderId().toString()).collect(Collectors.toSet()));
        Map<CanonicalOrder.ChannelKey, CanonicalOrder> now = new HashMap<>();
        locked.forEach((k, v) -> now.put(k, v.order()));
        Deque<String> numbers = new ArrayDeque<>(numbers(c, store, (int) keys.keySet().stream()
                .filter(k -> !locked.containsKey(k)).count()));
        List<OrderWrite> writes = new ArrayList<>();
        List<NewStore.IdempotencyRecord> remembered = new ArrayList<>();
        Set<CanonicalOrder.ChannelKey> adopted = new HashSet<>();
        Object[] outcomes = new Object[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            CanonicalOrder.ChannelKey key = p.order.channelKey();
            boolean sync = p.phase.secondary().isPresent();
            try {
                if (p.idempotencyKey != null && used.containsKey(p.idempotencyKey)) {
                    NewStore.IdempotencyRecord r = used.get(p.idempotencyKey);
                    if (!r.requestHash().equals(p.hash)) {
                        throw new IdempotencyConflictException(p.idempotencyKey);
                    }
                    CanonicalOrder earlier = usedOrders.get(r.orderId().toString());
                    if (earlier == null) {
                        earlier = now.values().stream().filter(o -> o.id().equals(r.orderId().toString())).findFirst()
                                .orElse(null);
                    }
                    if (earlier != null) {
                        outcomes[i] = new IntakeResult(IntakeResult.Outcome.DUPLICATE,
                                now.getOrDefault(earlier.channelKey(), earlier));
                        continue;
                    }
                }
                AuthoritativeOrders.Current held = locked.get(key);
                boolean firstSeen = false;
                boolean legacyChange = false;
                if (held != null && held.adopt() && adopted.add(key)) {
                    // a row new to the hub (the legacy CRM took it, or a write from before the hub's
                    // documents) is announced as created; one the legacy CRM changed, as updated
                    CanonicalOrder taken = adopt(held.order());
                    firstSeen = !held.known();
                    legacyChange = held.known();
                    writes.add(new OrderWrite(OrderWrite.Kind.ADOPT, taken, taken.version(),
                            OrderEvents.of(firstSeen ? OrderEvents.CREATED : OrderEvents.UPDATED, taken),
                            p.decision.cohort(), sync, null));
                    now.put(key, taken);
                }
                CanonicalOrder stored = now.get(key);
                if (p.command != null) {
                    if (stored == null) {
                        throw new OrderNotFoundException(p.order.id());
                    }
                    CanonicalOrder next = p.command.apply(stored);
                    writes.add(new OrderWrite(OrderWrite.Kind.UPDATE, next, stored.version(),
                            OrderEvents.of(OrderEvents.UPDATED, next), p.decision.cohort(), sync, null));
                    now.put(key, next);
                    outcomes[i] = new IntakeResult(IntakeResult.Outcome.UPDATED, next);
                    continue;
                }
                NewStore.IdempotencyRecord record = null;
                if (stored == null) {
                    UUID id = OrderIds.newId(p.order.createdAt());
                    CanonicalOrder created = p.order.withIdentity(id.toString(), numbers.pop(), 1L);
                    record = idempotency(p.idempotencyKey, p.hash, id);
                    writes.add(new OrderWrite(OrderWrite.Kind.CREATE, created, 0,
                            OrderEvents.of(OrderEvents.CREATED, created), p.decision.cohort(), sync, record));
                    now.put(key, created);
                    outcomes[i] = new IntakeResult(IntakeResult.Outcome.CREATED, created);
                } else if (!p.order.platformModifiedAt().isAfter(stored.platformModifiedAt())) {
                    remember(remembered, p, stored);
                    // the hub learnt of the row only now (created) or of the legacy CRM's change to it (updated)
                    outcomes[i] = new IntakeResult(firstSeen ? IntakeResult.Outcome.CREATED
                            : legacyChange ? IntakeResult.Outcome.UPDATED : IntakeResult.Outcome.DUPLICATE, stored);
                } else {
                    OrderTransitions.SyncResult moved = OrderTransitions.sync(stored, p.order);
                    if (!moved.refusedMoves().isEmpty()) {
                        LOG.info("order {}: platform sync kept out backward moves {}", stored.id(), moved.refusedMoves());
                    }
                    CanonicalOrder next = moved.order().withIdentity(stored.id(), stored.legacyOrderNo(),
                            stored.version() + 1);
                    remember(remembered, p, stored);
                    writes.add(new OrderWrite(OrderWrite.Kind.UPDATE, next, stored.version(),
                            OrderEvents.of(OrderEvents.UPDATED, next), p.decision.cohort(), sync, null));
                    now.put(key, next);
                    outcomes[i] = new IntakeResult(IntakeResult.Outcome.UPDATED, next);
                }
                if (record != null) {
                    used.put(record.key(), record);
                }
            } catch (RuntimeException e) {
                outcomes[i] = e;
            }
        }
        s.write(c, writes, remembered);
        return outcomes;
    }

    private void remember(List<NewStore.IdempotencyRecord> remembered, Pending p, CanonicalOrder stored) {
        if (p.idempotencyKey != null) {
            remembered.add(idempotency(p.idempotencyKey, p.hash, UUID.fromString(stored.id())));
        }
    }

    /** A legacy row the hub takes over as it stands: it keeps its number and version, and gets a hub id if it has none. */
    private static CanonicalOrder adopt(CanonicalOrder legacyRow) {
        if (legacyRow.id() == null) {
            UUID id = OrderIds.newId(legacyRow.createdAt());
            return legacyRow.withIdentity(id.toString(), legacyRow.legacyOrderNo(), legacyRow.version())
                    .withCreatedAt(OrderIds.createdAt(id));
        }
        if (OrderIds.parse(legacyRow.id()) == null) {
            // someone else wrote the hub's column: park the order naming it, the run goes on
            throw new InvalidOrderException(false, List.of(new FieldError("id", "the old store's order "
                    + legacyRow.legacyOrderNo() + " carries HUB_ORDER_ID '" + legacyRow.id()
                    + "', which is not a hub order id (UUIDv7)")));
        }
        return legacyRow;
    }

    /** Legacy order numbers for the batch's creates: the legacy sequence numbers every create first. */
    private List<String> numbers(Connection c, Store store, int creates) throws SQLException {
        if (creates == 0) {
            return List.of();
        }
        return store == Store.OLD ? oldStore.nextOrderNumbers(c, creates) : oldStore.nextOrderNumbers(creates);
    }

    private void answer(Store store, List<Pending> batch, Object[] outcomes) {
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            if (outcomes[i] instanceof IntakeResult r) {
                writes(p, store, r.outcome().name()).increment();
                acceptTimes.computeIfAbsent(store.name() + '\u0000' + p.decision.cohort(), k ->
                        io.micrometer.core.instrument.Timer.builder("orderhub.write.accept")
                                .description("From a write's queueing to its answer after the batch's commit")
                                .tags("store", store.name(), "cohort", p.decision.cohort())
                                .publishPercentiles(0.5, 0.99).register(meters))
                        .record(System.nanoTime() - p.queuedAt, TimeUnit.NANOSECONDS);
                p.answer.complete(r);
            } else {
                fail(store, p, (RuntimeException) outcomes[i]);
            }
        }
    }

    private void fail(Store store, Pending p, RuntimeException e) {
        writes(p, store, e instanceof StoreUnavailableException ? "UNAVAILABLE" : "REFUSED").increment();
        p.answer.completeExceptionally(e);
    }

    // meters are looked up once per tag set, not built and registered again for every order
    private io.micrometer.core.instrument.Counter writes(Pending p, Store store, String outcome) {
        String key = p.decision.cohort() + '\u0000' + p.phase + '\u0000' + store + '\u0000' + outcome;
        return writeCounts.computeIfAbsent(key, k -> meters.counter("orderhub.cutover.writes", "cohort",
                p.decision.cohort(), "phase", p.phase.name(), "store", store.name(), "outcome", outcome));
    }

    @Override
    public void close() throws InterruptedException {
        for (GroupCommit<Pending> g : committers.values()) {
            g.close();
        }
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
        // which order it is, wherever it is already (the write then locks it in its authoritative store)
        SQLException failed = null;
        try {
            Optional<CanonicalOrder> found = newStore.find(uuid);
            if (found.isPresent()) {
                return found;
            }
        } catch (SQLException e) {
            failed = e;
        }
        try {
            return oldStore.findByHubId(uuid.toString());
        } catch (SQLException e) {
            throw new StoreUnavailableException("neither store can be read: " + e.getMessage()
                    + (failed == null ? "" : "; " + failed.getMessage()), e);
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
     * Moves an order one legal step in its authoritative store, with an OrderUpdated event (and the sync
     * change for the other store). A {@code changedAt} from the legacy contract (its OperTime) also
     * becomes the order's last business change; without one the platform's modified time is kept, so a
     * later platform copy is not mistaken for stale.
     */
    public IntakeResult changeStatus(String id, OrderStatus target, java.time.Instant changedAt) {
        return changeStatus(id, target, changedAt, null, null);
    }

    public IntakeResult changeStatus(String id, OrderStatus target, java.time.Instant changedAt, String function,
                                     Origin origin) {
        java.time.Instant at = (changedAt != null ? changedAt : java.time.Instant.now())
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        CanonicalOrder known = find(id).orElseThrow(() -> new OrderNotFoundException(id));
        UnaryOperator<CanonicalOrder> command = o -> {
            OrderTransitions.STATUS.command(o.status(), target);
            return new CanonicalOrder(o.id(), o.legacyOrderNo(), o.version() + 1, o.channel(),
                    o.shopId(), o.channelOrderId(), o.sourceSystem(), target, o.onHold(), o.member(), o.buyer(),
                    o.shippingAddress(), o.storeCode(), o.regionCode(), o.items(), o.amounts(), o.payment(),
                    o.createdAt(), o.paidAt(), target == OrderStatus.SHIPPED ? at : o.shippedAt(),
                    target == OrderStatus.COMPLETED ? at : o.completedAt(),
                    changedAt != null ? at : o.platformModifiedAt(), o.buyerRemark(), o.sellerRemark());
        };
        return write(known, null, null, command, facts(known, function != null ? function : "orders.status", origin));
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
