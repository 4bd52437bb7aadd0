package dev.verifiedproxy.dcap;

/**
 * A certificate chain problem with its explanation.
 *
 * @param problem what is wrong
 * @param message which certificate and why
 */
record ChainFailure(CertificateProblem problem, String message) {
}
