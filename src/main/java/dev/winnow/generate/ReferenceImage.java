package dev.winnow.generate;

import java.util.Objects;

/** An image sent to the model as input, e.g. the accepted draft when promoting it to a final. */
public record ReferenceImage(byte[] bytes, String mimeType) {
  public ReferenceImage {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(mimeType, "mimeType");
  }
}
