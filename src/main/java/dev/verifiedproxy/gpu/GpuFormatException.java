package dev.verifiedproxy.gpu;

import java.util.Objects;

/** Input that cannot be parsed into the GPU records, with the failure reason it amounts to. */
public final class GpuFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient GpuFailure reason;

    public GpuFormatException(GpuFailure reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason);
    }

    public GpuFailure reason() {
        return reason;
    }
}
