package dev.monitoredinference.drift;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The byte form of profiles and baselines: a magic number, a format version, then per feature its
 * name, kind and the DataSketches images ({@code toByteArray}), so images stay readable by any
 * DataSketches language binding. Baselines add their provenance first.
 */
final class ProfileCodec {
  private static final int WINDOW_MAGIC = 0x4D494457; // "MIDW"
  private static final int BASELINE_MAGIC = 0x4D494442; // "MIDB"
  private static final int FORMAT = 2; // 2: embeddings carry their moments

  /** A decoded profile: its features' names and kinds, the sketches and the KLL k. */
  record Decoded(List<String> names, List<FeatureKind> kinds, Profile profile, int k,
      @Nullable BaselineProvenance provenance) {

    /**
     * This profile's sketches in {@code schema}'s order.
     *
     * @throws IllegalArgumentException if a configured feature is missing or of another kind
     */
    Profile alignedTo(DriftSchema schema) {
      Object[] sketches = new Object[schema.features.size()];
      for (int i = 0; i < sketches.length; i++) {
        DriftSchema.Feature feature = schema.features.get(i);
        int at = names.indexOf(feature.name());
        if (at < 0 || kinds.get(at) != feature.kind()) {
          throw new IllegalArgumentException("the drift profile has no " + feature.kind()
              + " feature '" + feature.name() + "'; it has " + names + " (" + kinds + ")");
        }
        sketches[i] = profile.sketches[at];
      }
      return Profile.of(sketches, profile.rows, profile.seed());
    }
  }

  private ProfileCodec() {}

  static byte[] writeWindow(DriftSchema schema, Profile profile, int k) {
    return writeWindow(names(schema), kinds(schema), profile, k);
  }

  static byte[] writeWindow(List<String> names, List<FeatureKind> kinds, Profile profile, int k) {
    return write(out -> {
      out.writeInt(WINDOW_MAGIC);
      out.writeInt(FORMAT);
      writeProfile(out, names, kinds, profile, k);
    });
  }

  private static List<String> names(DriftSchema schema) {
    return schema.features.stream().map(DriftSchema.Feature::name).toList();
  }

  private static List<FeatureKind> kinds(DriftSchema schema) {
    return schema.features.stream().map(DriftSchema.Feature::kind).toList();
  }

  static byte[] writeBaseline(DriftSchema schema, Profile profile, int k,
      BaselineProvenance provenance) {
    return write(out -> {
      out.writeInt(BASELINE_MAGIC);
      out.writeInt(FORMAT);
      out.writeInt(provenance.source().ordinal());
      out.writeUTF(provenance.modelDigest());
      out.writeUTF(provenance.modelVersion());
      out.writeLong(provenance.samples());
      out.writeUTF(provenance.frozenAt().toString());
      out.writeBoolean(provenance.pinned());
      writeProfile(out, names(schema), kinds(schema), profile, k);
    });
  }

  /** @throws IllegalArgumentException if {@code bytes} is not a serialized window */
  static Decoded readWindow(byte[] bytes) {
    return read(bytes, WINDOW_MAGIC, "window");
  }

  /** @throws IllegalArgumentException if {@code bytes} is not a serialized baseline */
  static Decoded readBaseline(byte[] bytes) {
    return read(bytes, BASELINE_MAGIC, "baseline");
  }

  private static Decoded read(byte[] bytes, int magic, String what) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      if (in.readInt() != magic || in.readInt() != FORMAT) {
        throw new IllegalArgumentException("the bytes are not a drift " + what + " of format "
            + FORMAT);
      }
      BaselineProvenance provenance = null;
      if (magic == BASELINE_MAGIC) {
        BaselineProvenance.Source source = BaselineProvenance.Source.values()[in.readInt()];
        provenance = new BaselineProvenance(source, in.readUTF(), in.readUTF(), in.readLong(),
            Instant.parse(in.readUTF()), in.readBoolean());
      }
      int k = in.readInt();
      long rows = in.readLong();
      int count = in.readInt();
      List<String> names = new ArrayList<>(count);
      List<FeatureKind> kinds = new ArrayList<>(count);
      Object[] sketches = new Object[count];
      for (int i = 0; i < count; i++) {
        names.add(in.readUTF());
        FeatureKind kind = FeatureKind.values()[in.readInt()];
        kinds.add(kind);
        sketches[i] = kind == FeatureKind.NUMERIC ? NumericSketch.read(in)
            : kind == FeatureKind.CATEGORICAL ? CategoricalSketch.read(in)
            : EmbeddingSketch.read(in, k);
      }
      // Decoded profiles merge with a fixed seed: a fleet merge is reproducible too.
      return new Decoded(names, kinds, Profile.of(sketches, rows, 0), k, provenance);
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException && e.getMessage() != null
          && e.getMessage().startsWith("the bytes are not")) {
        throw (IllegalArgumentException) e;
      }
      throw new IllegalArgumentException("the bytes are not a readable drift " + what + ": " + e,
          e);
    }
  }

  private static void writeProfile(DataOutput out, List<String> names, List<FeatureKind> kinds,
      Profile profile, int k) throws IOException {
    out.writeInt(k);
    out.writeLong(profile.rows);
    out.writeInt(names.size());
    for (int i = 0; i < names.size(); i++) {
      out.writeUTF(names.get(i));
      out.writeInt(kinds.get(i).ordinal());
      Object sketch = profile.sketches[i];
      if (sketch instanceof NumericSketch) {
        ((NumericSketch) sketch).write(out);
      } else if (sketch instanceof CategoricalSketch) {
        ((CategoricalSketch) sketch).write(out);
      } else {
        ((EmbeddingSketch) sketch).write(out);
      }
    }
  }

  static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static byte[] readBytes(DataInput in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > 64 << 20) {
      throw new IOException("bad sketch length " + length);
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] write(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    return bytes.toByteArray();
  }
}
