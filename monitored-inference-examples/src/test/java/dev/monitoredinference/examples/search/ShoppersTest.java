package dev.monitoredinference.examples.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The simulated users: hidden relevance, position bias, and the funnel click → cart → purchase. */
class ShoppersTest {
  @Test
  void relevance_isHighestForTheItemWithTheModifier_andLowForOtherItems() {
    assertThat(Shoppers.relevance("red running shoes", "Acme red breathable running shoes")).isEqualTo(0.5);
    assertThat(Shoppers.relevance("red running shoes", "Acme blue breathable trail running shoes")).isEqualTo(0.15);
    assertThat(Shoppers.relevance("red running shoes", "Acme red breathable hiking boots")).isEqualTo(0.01);
  }

  @Test
  void clicksFollowPositionBiasTimesRelevance_andAFifthOfClicksAreBought() {
    List<Shoppers.Shown> shown = List.of(
        new Shoppers.Shown("1", "Acme red lightweight running shoes", 80),
        new Shoppers.Shown("2", "Acme red lightweight running shoes", 90));
    SplittableRandom random = new SplittableRandom(7);
    int[] clicks = new int[2];
    int purchases = 0;
    double revenue = 0;
    int users = 100_000;
    for (int u = 0; u < users; u++) {
      for (Shoppers.Event event : Shoppers.react("red running shoes", shown, random)) {
        if (event.type().equals("click")) {
          clicks[Integer.parseInt(event.itemId()) - 1]++;
        } else if (event.type().equals("purchase")) {
          purchases++;
          revenue += event.value();
        }
      }
    }
    // position 0: looked at always, clicked half the time; position 1: looked at half the time
    assertThat(clicks[0] / (double) users).isCloseTo(0.5, within(0.01));
    assertThat(clicks[1] / (double) users).isCloseTo(0.25, within(0.01));
    assertThat(purchases / (double) (clicks[0] + clicks[1])).isCloseTo(0.2, within(0.01));
    assertThat(revenue / purchases).isBetween(80.0, 90.0);
  }
}
