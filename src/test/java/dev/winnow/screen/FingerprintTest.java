package dev.winnow.screen;

import static dev.winnow.screen.Fixtures.fingerprint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  @Test
  void storesCompactlyWithTheFormatVersionFirstAndReadsBackEqual() {
    Fingerprint f = fingerprint("garden.jpg");
    byte[] bytes = f.toBytes();
    assertThat(bytes[0]).isEqualTo((byte) 1);
    assertThat(bytes.length).isLessThan(1400);
    Fingerprint back = Fingerprint.fromBytes(bytes);
    assertThat(back).isEqualTo(f).hasSameHashCodeAs(f);
    assertThat(back.hash()).isEqualTo(f.hash());
    assertThat(back.sameImage(fingerprint("garden-q60.jpg"))).isTrue();
  }

  @Test
  void refusesBytesOfAnotherFormatOrLength() {
    byte[] bytes = fingerprint("garden.jpg").toBytes();
    byte[] newer = bytes.clone();
    newer[0] = 2;
    assertThatThrownBy(() -> Fingerprint.fromBytes(newer)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 2");
    assertThatThrownBy(() -> Fingerprint.fromBytes(Arrays.copyOf(bytes, bytes.length - 1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(bytes.length - 1));
    assertThatThrownBy(() -> Fingerprint.fromBytes(new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isAValueItsArraysCannotChangeFromOutside() {
    Fingerprint f = fingerprint("garden.jpg");
    byte[] thumbnail = f.thumbnail();
    thumbnail[0] ^= 0x55;
    assertThat(f.thumbnail()[0]).isNotEqualTo(thumbnail[0]);
    assertThat(new Fingerprint(f.hash(), f.width(), f.height(), f.brightness(), f.spread(), thumbnail, f.colours())).isNotEqualTo(f);
  }

  @Test
  void keepsTheMeasuredSizeAndBrightness() {
    Fingerprint bright = fingerprint("garden-bright.jpg"), dark = fingerprint("storm-dark.jpg"), small = fingerprint("garden-resized.jpg");
    assertThat(small.width()).isEqualTo(280);
    assertThat(small.height()).isEqualTo(175);
    assertThat(dark.brightness()).isLessThan(30);
    assertThat(bright.brightness()).isGreaterThan(fingerprint("garden.jpg").brightness());
  }
}
