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
