package io.tmsprovisioner.tapis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;

import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;

/**
 * How far one request got before it failed, from OkHttp's events: whether it went out on a pooled
 * connection and whether it was written whole. A request that was not written whole cannot have been
 * served (our requests are a few hundred bytes: a partial one is no request to Tapis), and one that fails
 * that way on a pooled connection met a connection the server had already closed (nginx closes a
 * kept-alive connection after 5 s idle): it is repeated as never sent. Attached to a request as its tag;
 * {@link #FACTORY} hands OkHttp the tag of each call.
 */
final class WireProgress extends EventListener {
    static final EventListener.Factory FACTORY = call -> {
        WireProgress progress = call.request().tag(WireProgress.class);
        return progress != null ? progress : EventListener.NONE;
    };

    private volatile boolean newConnection;
    private volatile boolean writing;
    private volatile boolean writeFailed;
    private volatile boolean answerStarted;

    /** {@code http} itself when its calls report to a {@link WireProgress}; else a client sharing its pool and dispatcher that does. */
    static OkHttpClient installedIn(OkHttpClient http) {
        return http.eventListenerFactory() == FACTORY ? http : http.newBuilder().eventListenerFactory(FACTORY).build();
    }

    /** Whether the request never reached Tapis whole: it was not written, or writing it failed. */
    boolean notSent() {
        return !writing || writeFailed;
    }

    /** Whether it failed on a connection kept from an earlier request, before any byte of an answer. */
    boolean failedOnPooledConnection() {
        return !newConnection && writing && !answerStarted;
    }

    @Override
    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        newConnection = true;
    }

    @Override
    public void requestHeadersStart(Call call) {
        writing = true;
    }

    @Override
    public void requestFailed(Call call, IOException failure) {
        writeFailed = true;
    }

    @Override
    public void responseHeadersStart(Call call) {
        answerStarted = true;
    }
}
