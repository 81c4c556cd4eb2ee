package dev.winnow.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver, with a fresh profile. Tests using it are skipped only when
 * the browser is not installed ({@code apt-get install -y chromium chromium-driver}; CI's .ci/run installs it).
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  static {
    // Selenium warns that it has no DevTools bindings for this Chromium; WebDriver itself is all these tests use.
    java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
  }

  final WebDriver driver;

  private Browser(WebDriver driver) {
    this.driver = driver;
  }

  static Browser open(Path profile) throws IOException {
    assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium is not installed at " + CHROMIUM);
    assumeTrue(Files.isExecutable(DRIVER), "chromedriver is not installed at " + DRIVER);
    Files.createDirectories(profile);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1400,900");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().build();
    return new Browser(new ChromeDriver(service, options));
  }

  void get(String url) {
    driver.get(url);
  }

  /** Types keys as a person would, into whatever has the focus. */
  void press(CharSequence... keys) {
    new Actions(driver).sendKeys(keys).perform();
  }

  <T> T waitFor(String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(45)).withMessage(() -> what + "; the page then: " + pageState()).until(condition);
  }

  /** Every card's id, status and focus, and the status line: what a failed wait saw. */
  String pageState() {
    Object s = ((JavascriptExecutor) driver).executeScript(
        "const cards = Array.from(document.querySelectorAll('.card')).map(c => c.dataset.id + ':' + c.dataset.status + (c.classList.contains('focused') ? '*' : ''));"
            + "const say = document.querySelector('.status-line'); return cards.join(' ') + ' | ' + (say ? say.textContent : '');");
    return String.valueOf(s);
  }

  List<WebElement> cardElements(String status) {
    return driver.findElements(By.cssSelector(".card[data-status='" + status + "']"));
  }

  String focusedId() {
    Object id = ((JavascriptExecutor) driver).executeScript("const f = document.querySelector('.card.focused'); return f ? f.dataset.id : null;");
    return id == null ? null : id.toString();
  }

  /** Read in one script: the page redraws cards as they change, so a found element may be replaced a moment later. */
  String status(String id) {
    Object s = ((JavascriptExecutor) driver).executeScript("const c = document.getElementById('c-' + arguments[0]); return c ? c.dataset.status : null;", id);
    return s == null ? null : s.toString();
  }

  List<String> ids(String status) {
    @SuppressWarnings("unchecked")
    List<Object> ids = (List<Object>) ((JavascriptExecutor) driver).executeScript(
        "return Array.from(document.querySelectorAll(\".card[data-status='\" + arguments[0] + \"']\")).map(c => c.dataset.id);", status);
    return ids.stream().map(Object::toString).toList();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
