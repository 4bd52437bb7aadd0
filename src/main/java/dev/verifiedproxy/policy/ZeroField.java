package dev.verifiedproxy.policy;

import dev.verifiedproxy.eventlog.TdMeasurements;

import java.util.function.Function;

/** Quote fields a policy can require to be all zero ({@code platform.mustBeZero}). */
public enum ZeroField {
    /** Non-zero means a TDX module not signed by Intel (dstack rejects it). */
    MR_SIGNER_SEAM("mrSignerSeam", TdMeasurements::mrSignerSeam),
    MR_OWNER("mrOwner", TdMeasurements::mrOwner),
    MR_OWNER_CONFIG("mrOwnerConfig", TdMeasurements::mrOwnerConfig),
    SEAM_ATTRIBUTES("seamAttributes", TdMeasurements::seamAttributes);

    private final String json;
    private final Function<TdMeasurements, String> value;

    ZeroField(String json, Function<TdMeasurements, String> value) {
        this.json = json;
        this.value = value;
    }

    public String json() {
        return json;
    }

    public String valueIn(TdMeasurements td) {
        return value.apply(td);
    }
}
