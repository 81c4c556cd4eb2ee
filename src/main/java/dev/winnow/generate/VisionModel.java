package dev.winnow.generate;

/**
 * A model that looks at an image and answers in JSON: one attempt per {@link #ask}, never throws for anything the
 * remote side does, never retries (the caller's retry policy decides).
 */
public interface VisionModel extends AutoCloseable {
  VisionReply ask(VisionQuery query);

  @Override
  default void close() {}
}
