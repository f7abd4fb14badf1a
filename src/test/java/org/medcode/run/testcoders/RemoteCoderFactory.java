package org.medcode.run.testcoders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderResult;
import org.medcode.coder.Egress;

/**
 * A test-only plug-in coder (found through {@link java.util.ServiceLoader}) that sends each admission's note to
 * {@code endpoint} (a POST) and answers I10, declaring that endpoint as its egress; with {@code declare: false} it
 * declares nothing, as a plug-in written before egress declarations would. It checks nothing itself: only the
 * harness stands between it and credentialed data.
 */
public final class RemoteCoderFactory implements CoderFactory {
  @Override
  public String name() {
    return "remote";
  }

  @Override
  public String description() {
    return "test coder: posts every note to an endpoint, answers I10";
  }

  @Override
  public List<CoderParameter> parameters() {
    return List.of(new CoderParameter("endpoint", "where notes are posted", "http://127.0.0.1:9/v1", CoderParameter.Type.TEXT),
        new CoderParameter("declare", "whether it declares its endpoint", "true", CoderParameter.Type.BOOLEAN));
  }

  @Override
  public Egress egress(Map<String, String> parameters) {
    return Boolean.parseBoolean(parameters.get("declare")) ? Egress.to(parameters.get("endpoint")) : Egress.undeclared();
  }

  @Override
  public Coder create(CoderContext context, Map<String, String> parameters) {
    HttpClient client = HttpClient.newHttpClient();
    URI endpoint = URI.create(parameters.get("endpoint"));
    return admission -> {
      client.send(HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofString(admission.text())).build(),
          HttpResponse.BodyHandlers.discarding());
      return new CoderResult(List.of(new CodeSuggestion("I10", 1.0)));
    };
  }
}
