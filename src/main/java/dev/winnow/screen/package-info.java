/**
 * The free mechanical checks that reject most drafts before anyone pays for a final: decodability, size, aspect,
 * brightness skew, blur, flat or two-tone images, and near-duplicates: a perceptual hash finds the candidates in an
 * index, a comparison of {@link dev.winnow.screen.Fingerprint}s (lined up, then luma, contrast and colour) decides.
 * {@link dev.winnow.screen.Screen} is the front door; it works on any image bytes, generated here or not, never throws
 * for a bad file, and never calls a model.
 */
package dev.winnow.screen;
