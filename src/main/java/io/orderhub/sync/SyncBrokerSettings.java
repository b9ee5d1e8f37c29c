package io.orderhub.sync;

import io.orderhub.config.HubProperties;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;

/**
 * The embedded broker's side of the sync transport: the three durable anycast queues, and for the two
 * sync queues the redelivery back-off (delay, multiplier, maximum) of a rolled-back batch. The broker's
 * own dead-lettering is a safety net a few deliveries beyond {@code max-attempts} (the consumers
 * dead-letter first, with the reason); it uses the same dead-letter queue. An external broker needs the
 * same address-settings (see the operator notes).
 */
public class SyncBrokerSettings implements ArtemisConfigurationCustomizer {

    static final int BROKER_SAFETY_MARGIN = 3;

    private final HubProperties.Sync settings;

    public SyncBrokerSettings(HubProperties.Sync settings) {
        this.settings = settings;
    }

    @Override
    public void customize(Configuration configuration) {
        for (String q : new String[] {settings.getToNewQueue(), settings.getToOldQueue(), settings.getDeadLetterQueue()}) {
            configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(q).addRoutingType(RoutingType.ANYCAST)
                    .addQueueConfiguration(QueueConfiguration.of(q).setRoutingType(RoutingType.ANYCAST).setDurable(true)));
        }
        for (String q : new String[] {settings.getToNewQueue(), settings.getToOldQueue()}) {
            configuration.addAddressSetting(q, new AddressSettings()
                    .setRedeliveryDelay(settings.getRedeliveryDelayMs())
                    .setRedeliveryMultiplier(settings.getRedeliveryMultiplier())
                    .setMaxRedeliveryDelay(settings.getMaxRedeliveryDelayMs())
                    .setMaxDeliveryAttempts(settings.getMaxAttempts() + BROKER_SAFETY_MARGIN)
                    .setDeadLetterAddress(SimpleString.of(settings.getDeadLetterQueue())));
        }
    }
}
