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
}
