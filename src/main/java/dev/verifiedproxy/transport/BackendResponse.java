package dev.verifiedproxy.transport;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;

import java.io.IOException;
import java.io.InputStream;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A backend response whose body streams from the verified connection. {@link #close()} returns
 * the connection to the pool if the body was read to its end and the backend allows keep-alive;
 * otherwise (abandoned stream, client gone, error) it closes the connection, which also cancels
 * the request upstream.
 */
public final class BackendResponse implements AutoCloseable {

    private final AttestedConnectionPool pool;
    private final Lease lease;
    private final ClassicHttpRequest request;
    private final ClassicHttpResponse response;
    private final TrackingStream body;
    private boolean closed;

    BackendResponse(AttestedConnectionPool pool, Lease lease, ClassicHttpRequest request, ClassicHttpResponse response)
            throws IOException {
        this.pool = pool;
        this.lease = lease;
        this.request = request;
        this.response = response;
        HttpEntity entity = response.getEntity();
        this.body = new TrackingStream(entity == null ? InputStream.nullInputStream() : entity.getContent());
    }

    public int status() {
        return response.getCode();
    }

    public String reasonPhrase() {
        return response.getReasonPhrase();
    }

    /** Response headers in the order received. */
    public List<Map.Entry<String, String>> headers() {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Header header : response.getHeaders()) {
            headers.add(new AbstractMap.SimpleImmutableEntry<>(header.getName(), header.getValue()));
        }
        return headers;
    }

    /** The body as it arrives; read it to the end for the connection to be reused. */
    public InputStream body() {
        return body;
    }

    /** What the connection this response came over is verified as. */
    public VerifiedBackend verification() {
        return lease.verification();
    }

    public boolean connectionReused() {
        return lease.reused();
    }

    /** Gives up on the rest of the body and closes the connection (cancels the upstream request). */
    public void abort() {
        if (!closed) {
            closed = true;
            pool.release(lease, false);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean reusable = false;
        if (body.atEnd) {
            try {
                body.in.close();
                reusable = lease.connection().keepAlive(request, response);
            } catch (IOException e) {
                reusable = false;
            }
        }
        pool.release(lease, reusable);
    }

    /** Notices when the body has been read to its end, without ever draining it on close. */
    private static final class TrackingStream extends InputStream {
        private final InputStream in;
        private boolean atEnd;

        TrackingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            atEnd |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            atEnd |= n < 0;
            return n;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() {
            // Closing is the response's decision (reuse or abort), never a drain.
        }
    }
}
