package kinesisedge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.http.Http2Metric;
import software.amazon.awssdk.http.HttpMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.metrics.SdkMetric;

/**
 * Records, per API call, which HTTP protocol carried it, from the SDK's own metrics: the Netty client reports
 * HTTP/2 stream window sizes only for calls sent on an HTTP/2 stream, so their presence tells h2 from HTTP/1.1.
 * As an interceptor it also records the Content-Type each request went out with and each response came back with.
 */
final class CallLog implements MetricPublisher, ExecutionInterceptor {
  private final List<Map<String, Object>> calls = new ArrayList<>();
  private final List<Map<String, Object>> wire = new ArrayList<>();

  @Override
  public synchronized void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    wire.add(Clients.map(
        "operation", attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
        "requestContentType", context.httpRequest().firstMatchingHeader("Content-Type").orElse(null),
        "status", context.httpResponse().statusCode(),
        "responseContentType", context.httpResponse().firstMatchingHeader("Content-Type").orElse(null)));
  }

  synchronized List<Map<String, Object>> wire() {
    return new ArrayList<>(wire);
  }

  @Override
  public synchronized void publish(MetricCollection apiCall) {
    TreeSet<String> names = new TreeSet<>();
    collect(apiCall, names);
    calls.add(Clients.map(
        "operation", first(apiCall, CoreMetric.OPERATION_NAME),
        "httpClient", first(apiCall, HttpMetric.HTTP_CLIENT_NAME),
        "http2", names.contains(Http2Metric.LOCAL_STREAM_WINDOW_SIZE_IN_BYTES.name()),
        "metrics", new ArrayList<>(names)));
    notifyAll();
  }

  /** Waits (bounded) until `n` calls were published: the SDK may publish after the response future completes. */
  synchronized List<Map<String, Object>> awaitCalls(int n, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (calls.size() < n && System.currentTimeMillis() < deadline) wait(Math.max(1, deadline - System.currentTimeMillis()));
    return new ArrayList<>(calls);
  }

  @Override
  public void close() {}

  private static void collect(MetricCollection c, TreeSet<String> names) {
    c.forEach(r -> names.add(r.metric().name()));
    c.children().forEach(child -> collect(child, names));
  }

  private static Object first(MetricCollection c, SdkMetric<?> metric) {
    List<?> values = c.metricValues(metric);
    if (!values.isEmpty()) return String.valueOf(values.get(0));
    for (MetricCollection child : c.children()) {
      Object v = first(child, metric);
      if (v != null) return v;
    }
    return null;
  }
}
