package dev.verifiedproxy.routing;

import dev.verifiedproxy.net.FetchException;
import dev.verifiedproxy.net.FetchRequest;
import dev.verifiedproxy.net.FetchedResponse;
import dev.verifiedproxy.net.HttpFetcher;
import dev.verifiedproxy.testing.MutableClock;
import dev.verifiedproxy.testing.ScriptedFetcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry cache under a registry that hangs or fails: one read in flight at most, a stale
 * copy served at once to everyone but the request refreshing it, a back-off after a failed refresh,
 * and, without a copy, one read shared by all waiting requests. A scripted fetcher that can be held
 * mid-read and a clock the test moves; no sockets.
 */
class EndpointDiscoveryTest {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final String OLD = registry("old.completions.near.ai");
    private static final String NEW = registry("new.completions.near.ai");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T00:00:00Z"));
    private final ScriptedFetcher script = new ScriptedFetcher();
    private final HeldFetcher fetcher = new HeldFetcher(script);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        fetcher.release();
        threads.shutdownNow();
    }

    private static String registry(String domain) {
        return "{\"endpoints\":[{\"domain\":\"" + domain + "\",\"models\":[\"m\"]}]}";
    }

    private EndpointDiscovery discovery(Duration ttl) {
        return new EndpointDiscovery(fetcher, URI.create("https://completions.near.ai/endpoints"), ttl,
                Duration.ofSeconds(30), new DomainAllowList(List.of("*.completions.near.ai")), clock);
    }

    private static String domain(EndpointDirectory directory) {
        return directory.domainFor("m").orElseThrow();
    }

    private static FetchException down() {
        return new FetchException(FetchException.Reason.UNREACHABLE, URI.create("https://completions.near.ai/endpoints"),
                "connection refused", null);
    }

    @Test
    void whileOneRequestRefreshesEveryOtherGetsTheStaleCopyAtOnce() throws Exception {
        EndpointDiscovery discovery = discovery(TTL);
        script.answer(OLD, NEW);
        assertEquals("old.completions.near.ai", domain(discovery.directory()));
        clock.advance(TTL.plusSeconds(1));

        fetcher.holdNext();
        Future<EndpointDirectory> refreshing = threads.submit(discovery::directory);
        fetcher.awaitHeld();
        for (int i = 0; i < 5; i++) {
            // Answered while the registry read is still held: nobody queues behind it.
            Future<EndpointDirectory> other = threads.submit(discovery::directory);
            assertEquals("old.completions.near.ai", domain(other.get(10, TimeUnit.SECONDS)));
        }
        assertEquals(2, fetcher.reads(), "one refresh in flight, however many requests");

        fetcher.release();
        assertEquals("new.completions.near.ai", domain(refreshing.get(10, TimeUnit.SECONDS)));
        assertEquals("new.completions.near.ai", domain(discovery.directory()));
        assertEquals(2, fetcher.reads());
    }

    @Test
    void afterAFailedRefreshTheStaleCopyIsServedWithoutAReadForThirtySeconds() throws Exception {
        EndpointDiscovery discovery = discovery(TTL);
        script.answer(OLD, down(), NEW);
        discovery.directory();
        clock.advance(TTL.plusSeconds(1));
        assertEquals("old.completions.near.ai", domain(discovery.directory()), "stale copy when the refresh fails");
        assertEquals(2, fetcher.reads());

        clock.advance(EndpointDiscovery.MAX_FAILURE_BACKOFF.minusSeconds(1));
        for (int i = 0; i < 3; i++) {
            assertEquals("old.completions.near.ai", domain(discovery.directory()));
        }
        assertEquals(2, fetcher.reads(), "no read during the back-off");

        clock.advance(Duration.ofSeconds(1));
        assertEquals("new.completions.near.ai", domain(discovery.directory()), "read again once the back-off is over");
        assertEquals(3, fetcher.reads());
        clock.advance(TTL.minusSeconds(1));
        discovery.directory();
        assertEquals(3, fetcher.reads(), "a good read is kept for the whole TTL again");
    }

    @Test
    void theBackOffIsTheTtlWhenTheTtlIsShorter() throws Exception {
        Duration ttl = Duration.ofSeconds(10);
        EndpointDiscovery discovery = discovery(ttl);
        script.answer(OLD, down(), NEW);
        discovery.directory();
        clock.advance(ttl);
        assertEquals("old.completions.near.ai", domain(discovery.directory()));
        clock.advance(ttl.minusMillis(1));
        assertEquals("old.completions.near.ai", domain(discovery.directory()));
        assertEquals(2, fetcher.reads());
        clock.advance(Duration.ofMillis(1));
        assertEquals("new.completions.near.ai", domain(discovery.directory()));
    }

    /** Without a copy nothing can be served, so all wait; for one read, whose failure they all get. */
    @Test
    void withoutACopyEveryWaitingRequestSharesTheOneRead() throws Exception {
        EndpointDiscovery discovery = discovery(TTL);
        script.answer(down(), OLD);
        fetcher.holdNext();
        List<Future<EndpointDirectory>> calls = new ArrayList<>();
        List<Thread> waiting = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            calls.add(threads.submit(() -> {
                synchronized (waiting) {
                    waiting.add(Thread.currentThread());
                }
                started.countDown();
                return discovery.directory();
            }));
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        fetcher.awaitHeld();
        awaitParked(waiting, 4); // the reader, held, and three waiting for it
        fetcher.release();
        for (Future<EndpointDirectory> call : calls) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> call.get(10, TimeUnit.SECONDS));
            assertEquals(RouteException.Reason.DISCOVERY_UNAVAILABLE, ((RouteException) e.getCause()).reason());
        }
        assertEquals(1, fetcher.reads(), "one read for all four");

        // No back-off without a copy: the next request reads again, at the same instant.
        assertEquals("old.completions.near.ai", domain(discovery.directory()));
        assertEquals(2, fetcher.reads());
    }

    @Test
    void withoutACopyWaitingRequestsGetTheOneReadsDirectory() throws Exception {
        EndpointDiscovery discovery = discovery(TTL);
        script.answer(OLD);
        fetcher.holdNext();
        List<Thread> waiting = new ArrayList<>();
        List<Future<EndpointDirectory>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(threads.submit(() -> {
                synchronized (waiting) {
                    waiting.add(Thread.currentThread());
                }
                return discovery.directory();
            }));
        }
        fetcher.awaitHeld();
        awaitParked(waiting, 3);
        fetcher.release();
        for (Future<EndpointDirectory> call : calls) {
            assertEquals("old.completions.near.ai", domain(call.get(10, TimeUnit.SECONDS)));
        }
        assertEquals(1, fetcher.reads());
    }

    /** Waits (bounded) until {@code count} of the threads are parked: the held reader and those waiting for its read. */
    private static void awaitParked(List<Thread> threads, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            long parked;
            synchronized (threads) {
                parked = threads.stream().filter(t -> t.getState() == Thread.State.TIMED_WAITING
                        || t.getState() == Thread.State.WAITING).count();
            }
            if (parked >= count) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the requests did not wait for the read in flight");
    }

    /** Delegates to a script; the next read can be held until {@link #release()}, to catch requests mid-read. */
    private static final class HeldFetcher implements HttpFetcher {
        private final HttpFetcher delegate;
        private final AtomicBoolean holdNext = new AtomicBoolean();
        private final Semaphore held = new Semaphore(0);
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicInteger reads = new AtomicInteger();

        HeldFetcher(HttpFetcher delegate) {
            this.delegate = delegate;
        }

        void holdNext() {
            holdNext.set(true);
        }

        void awaitHeld() throws InterruptedException {
            assertTrue(held.tryAcquire(10, TimeUnit.SECONDS), "no read started");
        }

        void release() {
            released.countDown();
        }

        /** Reads started, held ones included. */
        int reads() {
            return reads.get();
        }

        @Override
        public FetchedResponse send(FetchRequest request) throws FetchException {
            reads.incrementAndGet();
            if (holdNext.compareAndSet(true, false)) {
                held.release();
                try {
                    if (!released.await(20, TimeUnit.SECONDS)) {
                        throw new FetchException(FetchException.Reason.TIMEOUT, request.uri(), "held too long", null);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new FetchException(FetchException.Reason.IO, request.uri(), "interrupted", e);
                }
            }
            return delegate.send(request);
        }
    }
}
