package dev.verifiedproxy.collateral;

/** Collateral text or bytes that are not what Intel publishes (bad JSON, missing field, wrong length, bad DER). */
public final class CollateralFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public CollateralFormatException(String message) {
        super(message);
    }

    public CollateralFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
