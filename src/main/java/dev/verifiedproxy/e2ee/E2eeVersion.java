package dev.verifiedproxy.e2ee;

/** {@code X-Encryption-Version}: selects the ed25519 scheme (protocol.md §7.4, §7.5); ecdsa has one scheme. */
public enum E2eeVersion {
    /** Default when the header is absent: NaCl box for ed25519. */
    V1("1"),
    /** Recommended: X25519 + HKDF-SHA256 + XChaCha20-Poly1305 for ed25519. */
    V2("2");

    private final String headerValue;

    E2eeVersion(String headerValue) {
        this.headerValue = headerValue;
    }

    public String headerValue() {
        return headerValue;
    }

    /**
     * @param value the header value, or null when absent (= {@link #V1})
     * @throws E2eeException {@link E2eeFailure#UNKNOWN_VERSION} for anything but 1 or 2
     */
    public static E2eeVersion fromHeader(String value) {
        if (value == null) {
            return V1;
        }
        for (E2eeVersion version : values()) {
            if (version.headerValue.equals(value.trim())) {
                return version;
            }
        }
        throw new E2eeException(E2eeFailure.UNKNOWN_VERSION);
    }
}
