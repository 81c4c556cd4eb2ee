package dev.winnow.pipeline;

import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.ImageModel;
import dev.winnow.spec.Tier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Wraps a real backend and replaces some of its answers, to drive the pipeline through failures. Tests the
 * pipeline's handling of outcomes, not any client: the Gemini client has its own wire-format tests.
 */
final class FaultyModel implements ImageModel {
  private final ImageModel inner;
  private final BiFunction<GenerationRequest, Integer, CallOutcome> fault;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger finals = new AtomicInteger();

  /** {@code fault} sees each request and its call number; returning null passes the call to the real backend. */
  FaultyModel(ImageModel inner, BiFunction<GenerationRequest, Integer, CallOutcome> fault) {
    this.inner = inner;
    this.fault = fault;
  }

  @Override
  public String backend() {
    return inner.backend();
  }

  @Override
  public boolean bills() {
    return inner.bills();
  }

  @Override
  public CallOutcome generate(GenerationRequest request) {
    int n = calls.incrementAndGet();
    if (request.tier() == Tier.FINAL) finals.incrementAndGet();
    CallOutcome replaced = fault.apply(request, n);
    return replaced != null ? replaced : inner.generate(request);
  }
}
