package dev.winnow.screen;

/**
 * What the screen measured on one image. {@code brightness} is mean Rec. 601 luma (0-255); {@code contrast} its
 * standard deviation; {@code sharpness} the variance of the Laplacian at a fixed working width (how much fine detail,
 * shown to people; it does not decide blur); {@code edgeWidth} how wide the image's strong edges are at that width
 * ({@link EdgeWidth}: about 1 for a sharp picture, more when blurred, 0 when it has no strong edges to judge, as a
 * smooth gradient); {@code hash} the 64-bit DCT perceptual hash.
 */
public record ImageMetrics(int width, int height, double brightness, double contrast, double sharpness, double edgeWidth, long hash) {}
