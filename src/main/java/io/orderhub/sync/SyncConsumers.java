package io.orderhub.sync;

import io.orderhub.config.HubProperties;
import io.orderhub.cutover.Store;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Applies the sync queues to the non-authoritative stores. Per queue {@code orderhub.sync.consumers}
 * threads, each with its own connection and transacted session: it receives up to
 * {@code apply-batch-size} changes (or what came within {@code apply-batch-wait-ms}), applies them with
 * {@link SecondaryApply} (one store transaction per cohort/entity of the batch, usually one), and then
 * commits the JMS session: a change leaves the queue only after its store transaction committed.
 *
 * <p>Message groups: every consumer is a plain consumer of the same queue, and Artemis pins each group
 * (aggregate id) to one of them, so one entity's changes are applied in order by one thread while other
 * entities' changes go to the others.
 *
 * <p>Failures: when a batch's apply fails, its changes are applied one by one in the same JMS
 * transaction, so one poison change does not hold the others. A change that fails on its last attempt
 * ({@code max-attempts}, counted from {@code JMSXDeliveryCount} plus attempts carried by retry copies)
 * goes to the dead-letter queue with its reason, in the same JMS transaction as its consume. When the
 * others went through, a change that failed with attempts left is put back as a copy scheduled after
 * the back-off (same group, its attempts carried), and the transaction commits. When nothing went
 * through (the store is down, say), the session rolls back and the broker redelivers the whole batch
 * after its redelivery delay (address settings of the sync queues: delay, multiplier, maximum).
 */
public class SyncConsumers implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(SyncConsumers.class);
    private static final int REASON_MAX = 2000;

    private final ConnectionFactory cf;
    private final SecondaryApply apply;
    private final SyncMetrics metrics;
    private final HubProperties.Sync settings;
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private volatile boolean running;

    public SyncConsumers(ConnectionFactory cf, SecondaryApply apply, SyncMetrics metrics, HubProperties.Sync settings) {
        this.cf = cf;
        this.apply = apply;
        this.metrics = metrics;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        if (running || apply == null) {
            return;
        }
        running = true;
        for (Store target : Store.values()) {
            for (int i = 1; i <= Math.max(1, settings.getConsumers()); i++) {
                Worker w = new Worker(target, SyncMessages.queueFor(settings, target));
                Thread t = new Thread(w, "sync-apply-" + target.name().toLowerCase() + "-" + i);
                w.thread = t;
                workers.add(w);
                t.start();
            }
        }
        LOG.info("sync consumers started: {} per queue on {} and {}", Math.max(1, settings.getConsumers()),
                settings.getToNewQueue(), settings.getToOldQueue());
    }

    @Override
    public synchronized void stop() {
        running = false;
        for (Worker w : workers) {
            try {
                w.thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        workers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the JMS connection factory and the stores are up; stopped before they close. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    private final class Worker implements Runnable {
        final Store target;
        final String queue;
        Thread thread;

        Worker(Store target, String queue) {
            this.target = target;
            this.queue = queue;
        }

        @Override
        public void run() {
            while (running) {
                try (Connection c = cf.createConnection()) {
                    c.start();
                    Session session = c.createSession(true, Session.SESSION_TRANSACTED);
                    MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
                    MessageProducer producer = session.createProducer(null);
                    producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                    while (running) {
                        List<Message> batch = receive(consumer);
                        if (!batch.isEmpty()) {
                            handle(session, producer, batch);
                        }
                    }
                } catch (Exception e) {
                    if (running) {
                        LOG.warn("sync consumer of {} failed, reconnecting in 1 s: {}", queue, e.toString());
                        pause();
                    }
                }
            }
        }

        private void pause() {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }

        private List<Message> receive(MessageConsumer consumer) throws JMSException {
            List<Message> batch = new ArrayList<>();
            Message first = consumer.receive(500); // the stop flag is looked at this often
            if (first == null) {
                return batch;
            }
            batch.add(first);
            long deadline = System.currentTimeMillis() + settings.getApplyBatchWaitMs();
            while (batch.size() < settings.getApplyBatchSize()) {
                long left = deadline - System.currentTimeMillis();
                Message m = left > 0 ? consumer.receive(left) : consumer.receiveNoWait();
                if (m == null) {
                    break;
                }
                batch.add(m);
            }
            return batch;
        }

        private void handle(Session session, MessageProducer producer, List<Message> batch) throws JMSException {
            metrics.batch(target, batch.size());
            Map<StoreSyncBacklog.Key, List<Taken>> groups = new LinkedHashMap<>();
            int progress = 0;
            for (Message m : batch) {
                SyncChange change;
                try {
                    change = SyncMessages.toChange(m);
                } catch (RuntimeException e) {
                    // a message that is no change can never apply: straight to the dead letters
                    deadLetter(session, producer, m, attempts(m), e);
                    progress++;
                    continue;
                }
                groups.computeIfAbsent(new StoreSyncBacklog.Key(change.cohort(), change.entity().name()),
                        k -> new ArrayList<>()).add(new Taken(m, change));
            }
            List<Failed> failed = new ArrayList<>();
            for (Map.Entry<StoreSyncBacklog.Key, List<Taken>> g : groups.entrySet()) {
                List<Taken> taken = g.getValue();
                try {
                    applied(g.getKey(), taken, apply.apply(target, taken.stream().map(Taken::change).toList()));
                    progress += taken.size();
                    continue;
                } catch (Exception e) {
                    metrics.failure(target);
                    if (taken.size() == 1) {
                        failed.add(new Failed(taken.get(0), e));
                        continue;
                    }
                    LOG.debug("sync batch of {} for {} failed, applying one by one: {}", taken.size(), g.getKey(), e.toString());
                }
                for (Taken t : taken) {
                    try {
                        applied(g.getKey(), List.of(t), apply.apply(target, List.of(t.change())));
                        progress++;
                    } catch (Exception e) {
                        metrics.failure(target);
                        failed.add(new Failed(t, e));
                    }
                }
            }
            List<Failed> retry = new ArrayList<>();
            for (Failed f : failed) {
                int attempts = attempts(f.taken().message());
                if (attempts >= settings.getMaxAttempts()) {
                    deadLetter(session, producer, f.taken().message(), attempts, f.cause());
                    progress++;
                } else {
                    retry.add(f);
                }
            }
            if (!retry.isEmpty() && progress == 0) {
                // nothing went through: most likely the store, not the changes; the broker's back-off
                LOG.debug("sync batch of {} on {} failed as a whole, rolled back for redelivery: {}", batch.size(),
                        queue, retry.get(0).cause().toString());
                session.rollback();
                return;
            }
            for (Failed f : retry) {
                retryLater(session, producer, f);
            }
            session.commit();
        }

        private void applied(StoreSyncBacklog.Key key, List<Taken> taken, SecondaryApply.Applied a) {
            metrics.applied(key.cohort(), key.entity(), target, a == null ? new SecondaryApply.Applied(0, 0) : a);
            for (Taken t : taken) {
                metrics.lag(target, t.change().committedAt());
            }
        }

        private void retryLater(Session session, MessageProducer producer, Failed f) throws JMSException {
            Message m = f.taken().message();
            int attempts = attempts(m);
            Message copy = copy(session, m);
            copy.setIntProperty(SyncMessages.CARRIED_ATTEMPTS, attempts);
            copy.setStringProperty(SyncMessages.GROUP_ID, m.getStringProperty(SyncMessages.GROUP_ID));
            String dup = m.getStringProperty(SyncMessages.DUPLICATE_ID);
            if (dup != null) {
                copy.setStringProperty(SyncMessages.DUPLICATE_ID, dup + "#" + attempts);
            }
            copy.setLongProperty(SyncMessages.SCHEDULED_DELIVERY, System.currentTimeMillis() + backoff(attempts));
            producer.send(session.createQueue(queue), copy);
            LOG.debug("sync change {} {} v{} failed (attempt {}), retried after its back-off: {}", f.taken().change().entity(),
                    f.taken().change().aggregateId(), f.taken().change().version(), attempts, f.cause().toString());
        }

        private void deadLetter(Session session, MessageProducer producer, Message m, int attempts, Exception cause)
                throws JMSException {
            Message dead = copy(session, m);
            dead.setStringProperty(SyncMessages.REASON, reason(cause));
            dead.setIntProperty(SyncMessages.ATTEMPTS, attempts);
            producer.send(session.createQueue(settings.getDeadLetterQueue()), dead);
            metrics.deadLetter(target);
            LOG.warn("sync change {} {} v{} for the {} store dead-lettered after {} attempts: {}",
                    m.getStringProperty(SyncMessages.ENTITY), m.getStringProperty(SyncMessages.AGGREGATE_ID),
                    m.getObjectProperty(SyncMessages.VERSION), target, attempts, reason(cause));
        }
    }

    /** Attempts so far, this delivery included. */
    static int attempts(Message m) throws JMSException {
        int delivered = m.propertyExists(SyncMessages.DELIVERY_COUNT) ? m.getIntProperty(SyncMessages.DELIVERY_COUNT) : 1;
        int carried = m.propertyExists(SyncMessages.CARRIED_ATTEMPTS) ? m.getIntProperty(SyncMessages.CARRIED_ATTEMPTS) : 0;
        return Math.max(1, delivered) + carried;
    }

    long backoff(int attempts) {
        double d = settings.getRedeliveryDelayMs() * Math.pow(settings.getRedeliveryMultiplier(), Math.max(0, attempts - 1));
        return (long) Math.min(d, settings.getMaxRedeliveryDelayMs());
    }

    private static String reason(Exception e) {
        // a JDBC batch names its statement first and the store's own reason last, in the next exception
        Exception cause = e;
        if (e instanceof java.sql.SQLException s && s.getNextException() != null) {
            cause = s.getNextException();
        }
        String r = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
        return r.length() > REASON_MAX ? r.substring(0, REASON_MAX) : r;
    }

    /** The change's body and its properties (not the broker's own: delivery count, duplicate id, schedule). */
    private static Message copy(Session session, Message m) throws JMSException {
        TextMessage c = session.createTextMessage(m instanceof TextMessage t ? t.getText() : null);
        for (Enumeration<?> names = m.getPropertyNames(); names.hasMoreElements(); ) {
            String n = (String) names.nextElement();
            if (n.startsWith("_AMQ") || n.equals(SyncMessages.DELIVERY_COUNT) || n.startsWith("JMS_")) {
                continue;
            }
            c.setObjectProperty(n, m.getObjectProperty(n));
        }
        return c;
    }

    private record Taken(Message message, SyncChange change) {
    }

    private record Failed(Taken taken, Exception cause) {
    }
}
