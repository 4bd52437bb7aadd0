package dev.verifiedproxy.transport;

/** What a backend is: a model CVM reached directly, or the NEAR AI gateway. Their reports differ. */
public enum BackendRole {
    MODEL,
    GATEWAY
}
