package io.orderhub;

import io.orderhub.config.HubProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The orderhub integration hub. */
@SpringBootApplication
@EnableConfigurationProperties(HubProperties.class)
public class OrderhubApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderhubApplication.class, args);
    }
}
