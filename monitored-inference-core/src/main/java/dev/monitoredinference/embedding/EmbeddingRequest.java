package dev.monitoredinference.embedding;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The texts of one {@link TextEmbedder} call, as its interceptors see them: the attribute {@code
 * chain.inputs().attribute(EmbeddingRequest.class)} of the call's tensor-less inputs. An
 * interceptor may proceed with other texts ({@code inputs.withAttribute(EmbeddingRequest.class,
 * EmbeddingRequest.of(...))}), one per text it was given.
 *
 * <p>Immutable; {@link #toString()} gives the count only, never a text.
 */
public final class EmbeddingRequest {
  private final List<String> texts;

  private EmbeddingRequest(List<String> texts) {
    this.texts = texts;
  }

  /**
   * A request for {@code texts}, copied.
   *
   * @throws NullPointerException if {@code texts} or one of them is null
   */
  public static EmbeddingRequest of(List<String> texts) {
    requireNonNull(texts, "texts");
    List<String> copy = new ArrayList<>(texts.size());
    for (String text : texts) {
      copy.add(requireNonNull(text, "a text is null"));
    }
    return new EmbeddingRequest(Collections.unmodifiableList(copy));
  }

  /** The texts as the caller gave them, before normalisation; unmodifiable. */
  public List<String> texts() {
    return texts;
  }

  /** The number of texts. */
  public int size() {
    return texts.size();
  }

  @Override
  public String toString() {
    return "EmbeddingRequest[" + texts.size() + " texts]";
  }
}
