package dev.monitoredinference.resources;

import java.util.ArrayList;
import java.util.List;
import oshi.SystemInfo;
import oshi.hardware.GpuStats;
import oshi.hardware.GraphicsCard;

/**
 * GPUs through OSHI 6.12. On Linux its {@link GpuStats} reads VRAM used and power draw from NVML
 * for NVIDIA cards (sysfs for AMD and Intel) and busy share from sysfs for AMD and Intel only, so
 * an NVIDIA card reports memory and power but no utilisation. Figures OSHI cannot read come back
 * negative and become empty. Loaded only when OSHI is on the class path (it is optional).
 */
final class OshiGpuSource implements GpuSource {
  private final List<GraphicsCard> cards;

  OshiGpuSource() {
    this.cards = new SystemInfo().getHardware().getGraphicsCards();
  }

  /** Whether OSHI is on the class path, so that this class can load. */
  static boolean available() {
    try {
      Class.forName("oshi.SystemInfo", false, OshiGpuSource.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public List<GpuReading> read() {
    List<GpuReading> readings = new ArrayList<>(cards.size());
    for (int i = 0; i < cards.size(); i++) {
      GraphicsCard card = cards.get(i);
      try (GpuStats stats = card.createStatsSession()) {
        double busyPercent = stats.getGpuUtilization();
        readings.add(GpuReading.of(i, card.getName(),
            busyPercent >= 0 ? Math.min(1, busyPercent / 100) : Double.NaN,
            stats.getVramUsed(), card.getVRam() > 0 ? card.getVRam() : -1, stats.getPowerDraw()));
      }
    }
    return readings;
  }
}
