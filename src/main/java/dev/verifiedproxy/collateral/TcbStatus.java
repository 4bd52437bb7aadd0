package dev.verifiedproxy.collateral;

/**
 * The TCB statuses Intel's TCB info and QE identity use (dcap.md §5.1), in increasing severity.
 * Any other string in signed collateral is a format error, never silently mapped.
 */
public enum TcbStatus {
    UP_TO_DATE("UpToDate"),
    SW_HARDENING_NEEDED("SWHardeningNeeded"),
    CONFIGURATION_NEEDED("ConfigurationNeeded"),
    CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded"),
    OUT_OF_DATE("OutOfDate"),
    OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded"),
    REVOKED("Revoked");

    private final String text;

    TcbStatus(String text) {
        this.text = text;
    }

    /** The exact string Intel uses, e.g. {@code UpToDate}. */
    public String text() {
        return text;
    }

    /** Severity as in dcap-qvl: UpToDate 0 ... Revoked 6; the declaration order. */
    public int severity() {
        return ordinal();
    }

    /** The status for Intel's string, or null when it is not one of the seven. */
    public static TcbStatus fromText(String text) {
        for (TcbStatus status : values()) {
            if (status.text.equals(text)) {
                return status;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
