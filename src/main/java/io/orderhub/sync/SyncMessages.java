package io.orderhub.sync;

import io.orderhub.cutover.Entity;
import io.orderhub.cutover.Store;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Instant;

/**
 * How a {@link SyncChange} travels on Artemis: body = payload, the rest as message properties. The
 * message group ({@code JMSXGroupID}) is the aggregate id, so Artemis hands one entity's changes to one
 * consumer in order; {@code _AMQ_DUPL_ID} is {@code <store>:<outbox id>}, so a relay that sends a row
 * again (it died before deleting it) is dropped by the broker's duplicate detection.
 */
public final class SyncMessages {

    public static final String ENTITY = "entity";
    public static final String AGGREGATE_ID = "aggregateId";
    public static final String COHORT = "cohort";
    public static final String VERSION = "version";
    public static final String COMMITTED_AT = "committedAt";
    public static final String TARGET = "target";
    /** On the dead-letter queue: why the change could not be applied (the last exception's message). */
    public static final String REASON = "reason";
    /** On the dead-letter queue: how often it was tried. */
    public static final String ATTEMPTS = "attempts";
    /** Failed deliveries carried over by a retry copy (see {@link SyncConsumers}). */
    public static final String CARRIED_ATTEMPTS = "orderhubSyncAttempts";
    public static final String GROUP_ID = "JMSXGroupID";
    public static final String DELIVERY_COUNT = "JMSXDeliveryCount";
    /** Artemis duplicate detection (org.apache.activemq.artemis.api.core.Message.HDR_DUPLICATE_DETECTION_ID). */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** Artemis scheduled delivery, epoch ms (Message.HDR_SCHEDULED_DELIVERY_TIME). */
    public static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";

    private SyncMessages() {
    }

    /** The queue of changes for {@code target}. */
    public static String queueFor(io.orderhub.config.HubProperties.Sync settings, Store target) {
        return target == Store.NEW ? settings.getToNewQueue() : settings.getToOldQueue();
    }

    /** A message for a change; {@code duplicateId} null for none. */
    public static TextMessage toMessage(Session session, SyncChange c, String duplicateId) throws JMSException {
        TextMessage m = session.createTextMessage(c.payload());
        m.setStringProperty(GROUP_ID, c.aggregateId());
        if (duplicateId != null) {
            m.setStringProperty(DUPLICATE_ID, duplicateId);
        }
        m.setStringProperty(ENTITY, c.entity().name());
        m.setStringProperty(AGGREGATE_ID, c.aggregateId());
        m.setStringProperty(COHORT, c.cohort());
        m.setLongProperty(VERSION, c.version());
        m.setLongProperty(COMMITTED_AT, c.committedAt().toEpochMilli());
        m.setStringProperty(TARGET, c.target().name());
        return m;
    }

    /** The change a message carries; an {@link IllegalArgumentException} names what is missing or wrong. */
    public static SyncChange toChange(Message m) throws JMSException {
        if (!(m instanceof TextMessage t) || t.getText() == null) {
            throw new IllegalArgumentException("not a sync change: no text body");
        }
        String entity = required(m, ENTITY);
        String aggregateId = required(m, AGGREGATE_ID);
        String cohort = required(m, COHORT);
        String target = required(m, TARGET);
        if (!m.propertyExists(VERSION) || !m.propertyExists(COMMITTED_AT)) {
            throw new IllegalArgumentException("not a sync change: no version or committedAt");
        }
        return new SyncChange(Entity.valueOf(entity), aggregateId, Store.valueOf(target), cohort,
                m.getLongProperty(VERSION), Instant.ofEpochMilli(m.getLongProperty(COMMITTED_AT)), t.getText());
    }

    private static String required(Message m, String name) throws JMSException {
        String v = m.getStringProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("not a sync change: no " + name);
        }
        return v;
    }
}
