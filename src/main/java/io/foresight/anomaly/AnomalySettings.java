package io.foresight.anomaly;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The anomaly check's setting, beside the ledger's and drift's under {@code foresight.monitoring}
 * (config/application.yml).
 *
 * @param anomalyLevel an observation outside this percent interval of its one-step-ahead forecast is an anomaly; also
 *                     the default level of {@code anomalies:detect}; strictly between 0 and 100
 */
@ConfigurationProperties("foresight.monitoring")
record AnomalySettings(@DefaultValue("99") double anomalyLevel) {

    AnomalySettings {
        if (!(anomalyLevel > 0 && anomalyLevel < 100)) {
            throw new IllegalArgumentException("foresight.monitoring.anomaly-level must be a percentage strictly between"
                    + " 0 and 100, e.g. 99; got " + anomalyLevel);
        }
    }
}
