package dev.winnow.generate.local;

import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.ImageModel;
import dev.winnow.spec.Instructions;
import dev.winnow.spec.Tier;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The offline backend: a procedural landscape for each request, PNG-encoded. The same request gives the same bytes
 * on every run. A final promoted by reference renders the same scene as by seed: the scene is a pure function of the
 * instructions, so the reference image adds nothing here (the Gemini backend does send it).
 */
public final class LocalImageModel implements ImageModel {
  private final LocalBatchLane batchLane = new LocalBatchLane(this);

  /** The Batch lane, simulated: priced as the lane, answered at the first poll. */
  @Override
  public java.util.Optional<dev.winnow.generate.BatchLane> batchLane() {
    return java.util.Optional.of(batchLane);
  }

  @Override
  public String backend() {
    return "local";
  }

  /** Rendering runs on this CPU: more calls in flight than cores only queue. */
  @Override
  public java.util.OptionalInt parallelism() {
    return java.util.OptionalInt.of(Runtime.getRuntime().availableProcessors());
  }

  @Override
  public boolean bills() {
    return false;
  }

  @Override
  public CallOutcome generate(GenerationRequest request) {
    Instructions in = request.instructions();
    int[] size = in.aspect().pixels(in.sizeFor(request.tier()));
    SceneSpec spec = SceneSpec.of(in.prompt(), in.seed());
    boolean draft = request.tier() == Tier.DRAFT;
    BufferedImage image = SceneRenderer.render(spec, size[0], size[1], !draft, draft);
    return new CallOutcome.Image(png(image), "image/png", size[0], size[1], 0);
  }

  private static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight());
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
