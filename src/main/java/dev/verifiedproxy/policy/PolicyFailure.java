package dev.verifiedproxy.policy;

import dev.verifiedproxy.verdict.Reason;

/** Why the active policy does not accept what was observed. */
public enum PolicyFailure implements Reason {
    NO_MATCHING_PROFILE("No profile of the policy applies to this component."),
    FACT_MISSING("A check the policy requires was not run."),
    QUOTE_NOT_VERIFIED("There is no DCAP verification result, so the platform is unknown."),
    TCB_STATUS_NOT_ALLOWED("The platform's TCB status is not allowed."),
    OUT_OF_DATE_SINCE_UNKNOWN("The platform is out of date, and the policy's grace period needs to know since when."),
    OUT_OF_DATE_GRACE_EXPIRED("The platform has been out of date for longer than the policy's grace period."),
    ADVISORY_NOT_ALLOWED("An Intel security advisory applies that the policy does not allow."),
    DEBUG_TD("The TD is a debug TD: its memory is readable by the host."),
    TD_ATTRIBUTES_MISMATCH("TD_ATTRIBUTES differ from the value the policy pins."),
    NON_ZERO_FIELD("A quote field the policy requires to be zero is not."),
    MR_SEAM_NOT_ALLOWED("The TDX module (MR_SEAM) is not in the allow-list."),
    BOOT_NOT_ALLOWED("The boot chain (MRTD, RTMR0-2, OS image) matches no allowed tuple."),
    EVENTS_UNAVAILABLE("The RTMR3 runtime events are not available."),
    REQUIRED_EVENT_MISSING("A boot event the policy requires is missing."),
    POST_BOOT_EVENT_NOT_ALLOWED("An application extended RTMR3 after system-ready with an event the policy does not allow."),
    APP_ID_NOT_ALLOWED("The dstack app id is not in the allow-list."),
    KEY_PROVIDER_NOT_ALLOWED("The key provider is not in the allow-list."),
    APP_COMPOSE_UNAVAILABLE("The app compose is absent or unreadable."),
    COMPOSE_NOT_ALLOWED("The compose hash is not in the allow-list."),
    IMAGE_NOT_PINNED("An image of the compose is not pinned by digest, or the compose cannot be read reliably."),
    IMAGE_NOT_ALLOWED("An image digest is not allowed by the image rules."),
    TLS_BINDING_REQUIRED("The report does not bind a TLS fingerprint, but the policy requires TLS binding."),
    GPU_NOT_VERIFIED("GPU evidence was not verified, but the policy requires it."),
    GPU_COUNT_NOT_ALLOWED("The number of GPUs is not one the policy allows."),
    GPU_ARCHITECTURE_NOT_ALLOWED("The GPU architecture is not one the policy allows."),
    GPU_FACT_UNKNOWN("The GPU count or architecture the policy pins could not be established from the evidence."),
    COMPOSE_MANAGER_MISSING("The report has no compose-manager attestation, but the policy requires it."),
    COMPOSE_STATE_UNAVAILABLE("compose-manager's deployed state is not available."),
    COMPOSE_FILE_NOT_ALLOWED("compose-manager deployed a compose file version the policy does not allow."),
    COMPOSE_MANAGER_IMAGE_UNKNOWN("The action log does not say which compose-manager image runs."),
    COMPOSE_MANAGER_IMAGE_NOT_ALLOWED("The running compose-manager image is not allowed by its image rule.");

    private final String message;

    PolicyFailure(String message) {
        this.message = message;
    }

    @Override
    public String message() {
        return message;
    }
}
