package dev.verifiedproxy.transport;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Sends requests to NEAR AI backends over attested connections only. The rest of the code sees
 * a plain request/streaming-response API and cannot reach a backend any other way.
 *
 * <p>Redirects are never followed: a 3xx is returned to the caller like any other answer, and
 * the proxy never opens a connection to a location the backend names.
 */
public final class BackendClient implements AutoCloseable {

    private final AttestedConnectionPool pool;
    private final TransportSettings settings;

    public BackendClient(AttestedConnectionPool pool, TransportSettings settings) {
        this.pool = pool;
        this.settings = settings;
    }

    public BackendResponse send(BackendTarget target, BackendRequest request) throws TransportException {
        return send(pool.lease(target), target, request);
    }

    /**
     * Builds the request for the connection it will travel on, then sends it: for requests whose
     * bytes depend on what that connection is verified as (E2EE encrypts to the attested model key
     * of exactly this backend). The builder runs after the lease and before any byte is written;
     * if it throws, the untouched connection goes back to the pool and the exception propagates.
     */
    public BackendResponse send(BackendTarget target, RequestBuilder builder) throws TransportException {
        Lease lease = pool.lease(target);
        BackendRequest request;
        try {
            request = Objects.requireNonNull(builder.build(lease.verification()), "the builder returned no request");
        } catch (RuntimeException | Error e) {
            pool.release(lease, true);
            throw e;
        }
        return send(lease, target, request);
    }

    /** Makes the request once the verified connection that will carry it is known. */
    @FunctionalInterface
    public interface RequestBuilder {
        /**
         * @param backend what the leased connection is verified as
         * @return the request to write on it
         */
        BackendRequest build(VerifiedBackend backend);
    }

    /**
     * Sends to the CVM holding TLS key {@code spki} (see {@link AttestedConnectionPool#lease(BackendTarget,
     * SpkiHash, int)}), e.g. to fetch the signature of an answer that CVM produced.
     */
    public BackendResponse sendTo(BackendTarget target, SpkiHash spki, int attempts, BackendRequest request)
            throws TransportException {
        return send(pool.lease(target, spki, attempts), target, request);
    }

    private BackendResponse send(Lease lease, BackendTarget target, BackendRequest request) throws TransportException {
        String domain = target.endpoint().domain();
        ClassicHttpRequest message = new BasicClassicHttpRequest(request.method(), request.pathAndQuery());
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!name.equals("host") && !name.equals("content-length") && !name.equals("transfer-encoding")) {
                message.addHeader(header.getKey(), header.getValue());
            }
        }
        message.setHeader("Host", domain);
        byte[] body = request.bodyUnsafe();
        if (body != null) {
            // HttpCore frames by the message's own headers; the entity only supplies the bytes.
            message.setHeader("Content-Length", Integer.toString(body.length));
            message.setEntity(new ByteArrayEntity(body, null));
        }
        try {
            ClassicHttpResponse response = lease.connection().execute(message, settings.readTimeout());
            return new BackendResponse(pool, lease, message, response);
        } catch (SocketTimeoutException e) {
            pool.release(lease, false);
            throw new TransportException(TransportFailure.TIMEOUT, domain,
                    "no response within " + settings.readTimeout(), e);
        } catch (IOException e) {
            pool.release(lease, false);
            throw new TransportException(TransportFailure.IO, domain, e.getMessage(), e);
        } catch (HttpException e) {
            pool.release(lease, false);
            throw new TransportException(TransportFailure.PROTOCOL, domain, e.getMessage(), e);
        }
    }

    /**
     * A backend's attestation report fetched with a fresh nonce on a new connection that carries nothing else
     * (see {@link AttestedConnectionPool#fetchReport}), unjudged: for the verification endpoints.
     */
    public AttestationRequest fetchReport(BackendTarget target) throws TransportException {
        return pool.fetchReport(target);
    }

    public PoolStats stats() {
        return pool.stats();
    }

    @Override
    public void close() {
        pool.close();
    }
}
