package io.foresight;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The service. The jar starts at {@code io.foresight.cli.Main}, which also runs the backtest and bench tools. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ForesightApplication {

    public static void main(String[] args) {
        SpringApplication.run(ForesightApplication.class, args);
    }
}
