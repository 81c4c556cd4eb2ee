package dev.winnow.screen;

/**
 * What the screen measured on one image. {@code brightness} is mean Rec. 601 luma (0-255); {@code contrast} its
 * standard deviation; {@code sharpness} the variance of the Laplacian at a fixed working width; {@code hash} the 64-bit
 * DCT perceptual hash.
 */
public record ImageMetrics(int width, int height, double brightness, double contrast, double sharpness, long hash) {}
