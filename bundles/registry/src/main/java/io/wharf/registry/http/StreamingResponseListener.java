package io.wharf.registry.http;

import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.io.Content;

/**
 * A response whose body the caller reads on its own thread straight from Jetty's content source, so that the
 * reading thread itself takes the bytes off the connection. Jetty's InputStreamResponseListener instead hands each
 * network buffer from a Jetty thread to the reader and waits until it is consumed before reading on: two thread
 * switches per buffer, most of a blob download's CPU on a local registry. Closing the body before its end aborts
 * the response, as with InputStreamResponseListener.
 */
final class StreamingResponseListener implements Response.Listener {
    private final CompletableFuture<Response> headers = new CompletableFuture<>();
    private final CompletableFuture<InputStream> body = new CompletableFuture<>();

    @Override
    public void onHeaders(Response response) {
        headers.complete(response);
    }

    @Override
    public void onContentSource(Response response, Content.Source source) {
        body.complete(Content.Source.asInputStream(source));
    }

    @Override
    public void onComplete(Result result) {
        if (result.isFailed()) {
            headers.completeExceptionally(result.getFailure());
            body.completeExceptionally(result.getFailure()); // once the body streams, its reads report the failure
        } else {
            headers.complete(result.getResponse());
            body.complete(InputStream.nullInputStream()); // a response without content has no content source
        }
    }

    /** The response once its headers are in, with its body to read; each wait at most {@code timeout}. */
    RegistryHttp.Streamed await(long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        Response r = headers.get(timeout, unit);
        return new RegistryHttp.Streamed(r.getStatus(), r.getReason(), r.getHeaders(), body.get(timeout, unit));
    }
}
