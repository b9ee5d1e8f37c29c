package io.orderhub.sync;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;

/**
 * The embedded broker's queues, read inside the broker: the browsable messages, those scheduled for a
 * redelivery (a rolled-back batch waits out its back-off there, invisible to a JMS browser), and those
 * in delivery, which for a consumer with an open transaction includes the messages it has received and
 * acknowledged but not committed. Each message is counted once (by message id); anything the broker
 * counts beyond what was visited (a message being routed at that instant) is answered as unattributed.
 */
public class EmbeddedQueueInspector implements QueueInspector {

    private final Supplier<ActiveMQServer> server;

    public EmbeddedQueueInspector(Supplier<ActiveMQServer> server) {
        this.server = server;
    }

    @Override
    public long scan(String queue, Consumer<Seen> visitor) throws Exception {
        ActiveMQServer s = server.get();
        Queue q = s == null ? null : s.locateQueue(queue);
        if (q == null) {
            return 0;
        }
        // messages just added wait in the queue's executor before they are browsable
        q.flushExecutor();
        Set<Long> ids = new HashSet<>();
        Consumer<MessageReference> visit = ref -> {
            if (ids.add(ref.getMessageID())) {
                visitor.accept(seen(ref.getMessage()));
            }
        };
        try (LinkedListIterator<MessageReference> it = q.browserIterator()) {
            while (it.hasNext()) {
                visit.accept(it.next());
            }
        }
        q.getScheduledMessages().forEach(visit);
        for (List<MessageReference> refs : q.getDeliveringMessages().values()) {
            refs.forEach(visit);
        }
        return Math.max(0, q.getMessageCount() - ids.size());
    }

    private static Seen seen(Message m) {
        Object at = m.getObjectProperty(SyncMessages.COMMITTED_AT);
        return new Seen(string(m.getObjectProperty(SyncMessages.COHORT)), string(m.getObjectProperty(SyncMessages.ENTITY)),
                string(m.getObjectProperty(SyncMessages.TARGET)), at instanceof Number n ? n.longValue() : null);
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }
}
