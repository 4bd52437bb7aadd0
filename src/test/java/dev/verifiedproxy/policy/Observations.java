package dev.verifiedproxy.policy;

import dev.verifiedproxy.testing.Records;
import dev.verifiedproxy.testing.RealComponents;


/** Real observations: the June direct capture's model and compose-manager (change them with {@code Records.with}). */
final class Observations {

    private static RealComponents.Component direct;

    private Observations() {
    }

    static synchronized RealComponents.Component direct() {
        if (direct == null) {
            direct = RealComponents.components(RealComponents.DIRECT_0629).get(0);
        }
        return direct;
    }

    static Observation model() {
        return direct().observation();
    }

    static Observation composeManager() {
        return direct().composeManager().orElseThrow();
    }
}
