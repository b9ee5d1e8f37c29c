package io.orderhub;

import io.orderhub.channels.GoldenCommand;
import io.orderhub.config.HubProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The orderhub integration hub. */
@SpringBootApplication
@EnableConfigurationProperties(HubProperties.class)
public class OrderhubApplication {

    /**
     * Starts the hub; {@code golden <folder>} instead runs a channel's golden examples and exits
     * (no hub, no databases, no brokers: {@link GoldenCommand}).
     */
    public static void main(String[] args) {
        if (args.length > 0 && "golden".equals(args[0])) {
            System.exit(GoldenCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        SpringApplication.run(OrderhubApplication.class, args);
    }
}
