package io.orderhub.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The hub's own settings ({@code orderhub.*} in config/application.yaml). */
@ConfigurationProperties(prefix = "orderhub")
public class HubProperties {

    private String dataDir = "./data";
    private final Store newStore = new Store();
    private final Store oldStore = new Store();
    private final Kafka kafka = new Kafka();
    private final Outbox outbox = new Outbox();
    private final Partitions partitions = new Partitions();
    private final Embedded embedded = new Embedded();

    public String getDataDir() {
        return dataDir;
    }

    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }

    public Store getNewStore() {
        return newStore;
    }

    public Store getOldStore() {
        return oldStore;
    }

    public Kafka getKafka() {
        return kafka;
    }

    public Outbox getOutbox() {
        return outbox;
    }

    public Partitions getPartitions() {
        return partitions;
    }

    public Embedded getEmbedded() {
        return embedded;
    }

    /** How the embedded servers of the default run treat the disk. */
    public static class Embedded {
        private boolean unsafeFastCommit = false;

        public boolean isUnsafeFastCommit() {
            return unsafeFastCommit;
        }

        public void setUnsafeFastCommit(boolean unsafeFastCommit) {
            this.unsafeFastCommit = unsafeFastCommit;
        }
    }

    /** A database: an external one by URL, or (URL empty) an embedded server under the data directory. */
    public static class Store {
        private String url = "";
        private String username = "";
        private String password = "";
        private String database = "";
        private int embeddedPort = 0;
        private int poolSize = 10;
        private long retrySeconds = 5;

        public boolean isEmbedded() {
            return url == null || url.isBlank();
        }

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getDatabase() {
            return database;
        }

        public void setDatabase(String database) {
            this.database = database;
        }

        public int getEmbeddedPort() {
            return embeddedPort;
        }

        public void setEmbeddedPort(int embeddedPort) {
            this.embeddedPort = embeddedPort;
        }

        public int getPoolSize() {
            return poolSize;
        }

        public void setPoolSize(int poolSize) {
            this.poolSize = poolSize;
        }

        public long getRetrySeconds() {
            return retrySeconds;
        }

        public void setRetrySeconds(long retrySeconds) {
            this.retrySeconds = retrySeconds;
        }
    }

    public static class Kafka {
        private String bootstrapServers = "";
        private int embeddedPort = 9092;
        private String topic = "orderhub.order-events";
        private int topicPartitions = 6;

        public boolean isEmbedded() {
            return bootstrapServers == null || bootstrapServers.isBlank();
        }

        public String getBootstrapServers() {
            return bootstrapServers;
        }

        public void setBootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        public int getEmbeddedPort() {
            return embeddedPort;
        }

        public void setEmbeddedPort(int embeddedPort) {
            this.embeddedPort = embeddedPort;
        }

        public String getTopic() {
            return topic;
        }

        public void setTopic(String topic) {
            this.topic = topic;
        }

        public int getTopicPartitions() {
            return topicPartitions;
        }

        public void setTopicPartitions(int topicPartitions) {
            this.topicPartitions = topicPartitions;
        }
    }

    public static class Outbox {
        private int batchSize = 500;

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }
    }

    public static class Partitions {
        private int monthsAhead = 3;
        private int monthsBehind = 1;

        public int getMonthsAhead() {
            return monthsAhead;
        }

        public void setMonthsAhead(int monthsAhead) {
            this.monthsAhead = monthsAhead;
        }

        public int getMonthsBehind() {
            return monthsBehind;
        }

        public void setMonthsBehind(int monthsBehind) {
            this.monthsBehind = monthsBehind;
        }
    }

    // ---- secondary sync transport (io.orderhub.sync): orderhub.sync.*

    private final Sync sync = new Sync();

    public Sync getSync() {
        return sync;
    }

    /** The secondary write transport: sync outboxes → Artemis → the non-authoritative store. */
    public static class Sync {
        private String toNewQueue = "orderhub.sync.to-new";
        private String toOldQueue = "orderhub.sync.to-old";
        private String deadLetterQueue = "orderhub.sync.dead";
        private long relayPeriodMs = 200;
        private int relayBatchSize = 200;
        private int consumers = 2;
        private int applyBatchSize = 100;
        private long applyBatchWaitMs = 50;
        private int maxAttempts = 5;
        private long redeliveryDelayMs = 500;
        private double redeliveryMultiplier = 2.0;
        private long maxRedeliveryDelayMs = 30_000;

        public String getToNewQueue() {
            return toNewQueue;
        }

        public void setToNewQueue(String toNewQueue) {
            this.toNewQueue = toNewQueue;
        }

        public String getToOldQueue() {
            return toOldQueue;
        }

        public void setToOldQueue(String toOldQueue) {
            this.toOldQueue = toOldQueue;
        }

        public String getDeadLetterQueue() {
            return deadLetterQueue;
        }

        public void setDeadLetterQueue(String deadLetterQueue) {
            this.deadLetterQueue = deadLetterQueue;
        }

        public long getRelayPeriodMs() {
            return relayPeriodMs;
        }

        public void setRelayPeriodMs(long relayPeriodMs) {
            this.relayPeriodMs = relayPeriodMs;
        }

        public int getRelayBatchSize() {
            return relayBatchSize;
        }

        public void setRelayBatchSize(int relayBatchSize) {
            this.relayBatchSize = relayBatchSize;
        }

        public int getConsumers() {
            return consumers;
        }

        public void setConsumers(int consumers) {
            this.consumers = consumers;
        }

        public int getApplyBatchSize() {
            return applyBatchSize;
        }

        public void setApplyBatchSize(int applyBatchSize) {
            this.applyBatchSize = applyBatchSize;
        }

        public long getApplyBatchWaitMs() {
            return applyBatchWaitMs;
        }

        public void setApplyBatchWaitMs(long applyBatchWaitMs) {
            this.applyBatchWaitMs = applyBatchWaitMs;
        }

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public long getRedeliveryDelayMs() {
            return redeliveryDelayMs;
        }

        public void setRedeliveryDelayMs(long redeliveryDelayMs) {
            this.redeliveryDelayMs = redeliveryDelayMs;
        }

        public double getRedeliveryMultiplier() {
            return redeliveryMultiplier;
        }

        public void setRedeliveryMultiplier(double redeliveryMultiplier) {
            this.redeliveryMultiplier = redeliveryMultiplier;
        }

        public long getMaxRedeliveryDelayMs() {
            return maxRedeliveryDelayMs;
        }

        public void setMaxRedeliveryDelayMs(long maxRedeliveryDelayMs) {
            this.maxRedeliveryDelayMs = maxRedeliveryDelayMs;
        }
    }
}
