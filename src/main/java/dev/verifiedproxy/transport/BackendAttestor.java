package dev.verifiedproxy.transport;

/**
 * Judges an attestation report fetched on a live backend connection. The transport calls it
 * once per (domain, SPKI) and trusts the SPKI only if it answers {@code verified}. It must fail
 * closed: any error becomes a failed outcome naming the check, never an exception that could be
 * mistaken for success.
 */
@FunctionalInterface
public interface BackendAttestor {

    AttestationOutcome attest(AttestationRequest request);
}
