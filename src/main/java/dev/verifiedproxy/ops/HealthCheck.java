package dev.verifiedproxy.ops;

import java.util.List;

/**
 * One contributor to {@code GET /health}. Implementations are CDI beans; the health resource
 * asks each of them. A problem makes the proxy report DOWN (503); a warning is reported while
 * the proxy stays UP (e.g. "test trust roots are enabled").
 */
public interface HealthCheck {

    /** Reasons the proxy cannot serve correctly now; empty when healthy. */
    List<String> problems();

    /** Conditions an operator must know about that do not stop the proxy. */
    default List<String> warnings() {
        return List.of();
    }
}
