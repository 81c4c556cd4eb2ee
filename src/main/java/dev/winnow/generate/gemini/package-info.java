/**
 * The {@code gemini} backend: Nano Banana image models through the official Google GenAI SDK, one
 * {@code models/{model}:generateContent} call per {@link dev.winnow.generate.gemini.GeminiImageModel#generate}.
 * Its front door is {@link dev.winnow.generate.gemini.GeminiImageModel}, configured by a
 * {@link dev.winnow.generate.gemini.GeminiSettings}; every SDK answer and exception becomes a
 * {@link dev.winnow.generate.CallOutcome}. It never retries (winnow's pipeline does), never logs, and never lets the
 * API key into a message, an exception or a {@code toString}.
 */
package dev.winnow.generate.gemini;
