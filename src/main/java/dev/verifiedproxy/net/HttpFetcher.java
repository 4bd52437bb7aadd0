package dev.verifiedproxy.net;

/**
 * Fetches over HTTP(S) from services whose content is verified by signature, not by the
 * channel (Intel PCS, NVIDIA NRAS, NEAR endpoint discovery). Verifiers receive one as a
 * parameter, so tests point them at local fakes and nothing hides network I/O.
 */
@FunctionalInterface
public interface HttpFetcher {

    /**
     * @return the complete response, whatever its status
     * @throws FetchException when no complete response within the request's timeout and size limit was obtained
     */
    FetchedResponse send(FetchRequest request) throws FetchException;
}
