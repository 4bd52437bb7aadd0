package dev.verifiedproxy.quote;

import java.util.Locale;

/** The TEE a quote attests: the {@code tee_type} field of the quote header (dcap.md §1.1). */
public enum TeeType {
    SGX(0x00000000),
    TDX(0x00000081);

    private final int code;

    TeeType(int code) {
        this.code = code;
    }

    /** The little-endian u32 value in the header. */
    public int code() {
        return code;
    }

    /** Path segment of the Intel PCS v4 API: {@code sgx} or {@code tdx}. */
    public String pcsPath() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The TEE type with this header code, or null when the code is not one of ours. */
    public static TeeType ofCode(int code) {
        for (TeeType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
