package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.eucalyptus.common.http.ClientTrust;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The web console in a real browser: Debian's chromium, headless, driven through its chromedriver by
 * Selenium, against a whole cloud on loopback. Each test leaves a screenshot of where it ended under
 * {@code target/console-screenshots/}. Skipped (saying why) where chromium or chromedriver is missing;
 * {@code .ci/run} installs both.
 */
@IntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleInChromiumTest {
  static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Paths.get("target", "console-screenshots");

  @TempDir static Path tmp;
  static LoopbackCloud box;
  static Path downloads;
  WebDriver browser;

  @BeforeAll
  static void startTheCloud() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does)");
    Libvirt.requireOrSkip();
    box = new LoopbackCloud(tmp);
    downloads = Files.createDirectories(tmp.resolve("downloads"));
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() {
    if (box != null) {
      box.close();
    }
  }

  @BeforeEach
  void openTheBrowser() {
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    // Headless as root in a sandbox-less machine, with nothing reaching out to Google's hosts.
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1280,900", "--user-data-dir=" + tmp.resolve("profile-" + System.nanoTime()));
    // The HTTPS port's certificate comes from the cloud CA, which this fresh profile does not know;
    // the chain itself is checked by HttpsPortTest.
    o.setAcceptInsecureCerts(true);
    o.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
        "download.prompt_for_download", false));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, o);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    // A click that submits a form may return before the next page is there (CI, loaded, looked for
    // the launch's message on the page it left): every lookup waits up to this long for its element.
    browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(15));
  }

  @AfterEach
  void screenshotAndClose(TestInfo test) throws Exception {
    if (browser != null) {
      try {
        byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"), png);
      } finally {
        browser.quit();
      }
    }
  }

  String url(String path) {
    return "https://127.0.0.1:" + box.httpsPort() + path;
  }

  void signIn(String account, String user, String password) {
    browser.get(url("/console/"));
    assertThat(browser.getCurrentUrl()).endsWith("/console/signin");
    browser.findElement(By.id("account")).sendKeys(account);
    browser.findElement(By.id("user")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("signin")).click();
    // Signed in once a page shows who: a test that goes to its page at once could otherwise leave
    // before the sign-in's answer (and its session cookie) arrived, and find itself signed out (CI did).
    browser.findElement(By.id("who"));
  }

  /**
   * Waits until chromium has finished saving {@code file}: it may show the name before the bytes are
   * in (CI saw an empty key file), so until the file has bytes, no partial download (.crdownload) is
   * left, and its size holds still between two looks.
   */
  void waitForDownload(Path file) {
    long[] last = {-1};
    waiting(Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(200)).until(d -> {
      try (var partial = Files.list(downloads)) {
        if (!Files.exists(file) || partial.anyMatch(p -> p.getFileName().toString().endsWith(".crdownload"))) {
          return false;
        }
        long size = Files.size(file);
        boolean still = size > 0 && size == last[0];
        last[0] = size;
        return still;
      } catch (java.io.IOException e) {
        return false;
      }
    });
  }

  WebDriverWait waiting(Duration d) {
    return new WebDriverWait(browser, d);
  }

  @Test
  @Order(1)
  void signInLaunchSeeItRunningAndReadItsConsoleWithItsTagShownAsText() throws Exception {
    signIn("eucalyptus", "admin", box.adminPassword);
    assertThat(browser.findElement(By.id("who")).getText()).startsWith("admin @ eucalyptus");
    browser.findElement(By.linkText("Instances")).click();
    new Select(browser.findElement(By.id("launch-image"))).selectByValue(box.emi);
    new Select(browser.findElement(By.id("launch-type"))).selectByVisibleText("m1.small");
    browser.findElement(By.id("launch")).click();
    String flash = browser.findElement(By.id("flash")).getText();
    assertThat(flash).matches("Launched i-[0-9a-f]{8}\\.");
    String id = flash.substring("Launched ".length(), flash.length() - 1);
    box.ec2.createTags(r -> r.resources(id).tags(Tag.builder().key("Name").value("<script>alert(1)</script>").build()));
    waiting(Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(500)).until(d -> {
      d.navigate().refresh();
      return d.findElement(By.id(id)).findElement(By.className("state")).getText().equals("running");
    });
    // The tag is text: no script ran (an alert would be open and fail the next call), its characters show.
    assertThat(browser.findElement(By.id(id)).findElement(By.className("name")).getText())
        .isEqualTo("<script>alert(1)</script>");
    browser.findElement(By.id(id)).findElement(By.linkText("Console output")).click();
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Console output of " + id);
    assertThat(box.ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0).state()
        .nameAsString()).isEqualTo("running");
  }

  @Test
  @Order(2)
  void aKeyPairIsCreatedAndItsPrivateKeyDownloaded() throws Exception {
    signIn("eucalyptus", "admin", box.adminPassword);
    browser.findElement(By.linkText("Key pairs")).click();
    browser.findElement(By.id("create-name")).sendKeys("browser-key");
    browser.findElement(By.id("create")).click();
    Path pem = downloads.resolve("browser-key.pem");
    waitForDownload(pem);
    assertThat(Files.readString(pem)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    browser.navigate().refresh();
    assertThat(browser.findElements(By.cssSelector("#keypairs td.name"))).extracting(WebElement::getText)
        .contains("browser-key");
    assertThat(box.ec2.describeKeyPairs().keyPairs()).extracting(k -> k.keyName()).contains("browser-key");
  }

  @Test
  @Order(3)
  void theCredentialsZipIsDownloadedAndItsKeysWorkWithTheSdk() throws Exception {
    signIn("eucalyptus", "admin", box.adminPassword);
    browser.findElement(By.linkText("Credentials")).click();
    browser.findElement(By.id("download-zip")).click();
    Path zip = downloads.resolve("eucalyptus-admin-credentials.zip");
    waitForDownload(zip);
    Map<String, String> files = LoopbackCloud.unzip(Files.readAllBytes(zip));
    Map<String, String> env = org.eucalyptus.common.credentials.EucarcFile.read(
        Files.writeString(tmp.resolve("eucarc"), files.get("eucarc")));
    try (Ec2Client mine = box.ec2From(env)) {
      assertThat(mine.describeKeyPairs().keyPairs()).extracting(k -> k.keyName()).contains("browser-key");
    }
  }

  @Test
  @Order(5)
  void anAdministratorCreatesAUserWithAPasswordAndAPolicyAndTheUserIsRefusedWhatItDenies() throws Exception {
    signIn("eucalyptus", "admin", box.adminPassword);
    browser.findElement(By.linkText("Users")).click();
    browser.findElement(By.id("new-user")).sendKeys("carol");
    browser.findElement(By.id("new-password")).sendKeys("carol-password-1");
    browser.findElement(By.id("create-user")).click();
    assertThat(browser.findElement(By.id("flash")).getText()).startsWith("Created user carol");
    browser.findElement(By.linkText("carol")).click();
    browser.findElement(By.id("policy-name")).sendKeys("look-only");
    WebElement doc = browser.findElement(By.id("policy-document"));
    doc.clear();
    doc.sendKeys("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:Describe*\","
        + "\"Resource\":\"*\"}]}");
    browser.findElement(By.id("put-policy")).click();
    assertThat(browser.findElement(By.id("flash")).getText()).isEqualTo("Put policy look-only on carol.");
    browser.findElement(By.cssSelector("form.signout button")).click();

    signIn("eucalyptus", "carol", "carol-password-1");
    assertThat(browser.findElement(By.id("who")).getText()).startsWith("carol @ eucalyptus");
    browser.manage().timeouts().implicitlyWait(Duration.ZERO);
    assertThat(browser.findElements(By.linkText("Users"))).isEmpty(); // the page is there: its "who" was found
    browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(15));
    browser.findElement(By.linkText("Key pairs")).click();
    browser.findElement(By.id("create-name")).sendKeys("carols-key");
    browser.findElement(By.id("create")).click();
    assertThat(browser.findElement(By.id("flash")).getText()).startsWith("UnauthorizedOperation");
    assertThat(box.ec2.describeKeyPairs().keyPairs()).extracting(k -> k.keyName()).doesNotContain("carols-key");
  }

  @Test
  @Order(6)
  void theReportsPageDrawsItsCharts() throws Exception {
    signIn("eucalyptus", "admin", box.adminPassword);
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    String tomorrow = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
    waiting(Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(500)).until(d -> {
      d.get(url("/console/reports?start=" + today + "&end=" + tomorrow));
      return !d.findElements(By.cssSelector("#bars rect.bar")).isEmpty();
    });
    WebElement bar = browser.findElement(By.cssSelector("#bars rect.bar"));
    assertThat(bar.getRect().getWidth()).isPositive();
    assertThat(browser.findElements(By.cssSelector("#series rect.period"))).isNotEmpty();
    assertThat(browser.findElement(By.id("report")).getText()).contains("instance", "m1.small");
  }

  @Test
  @Order(7)
  void aFileIsUploadedWithItsProgressShownAndDownloadedAgain() throws Exception {
    Path file = tmp.resolve("big.bin");
    byte[] bytes = new byte[24 * 1024 * 1024];
    new java.util.Random(7).nextBytes(bytes);
    Files.write(file, bytes);
    signIn("eucalyptus", "admin", box.adminPassword);
    browser.findElement(By.linkText("Buckets")).click();
    browser.findElement(By.id("bucket-name")).sendKeys("browser-files");
    browser.findElement(By.id("create-bucket")).click();
    assertThat(browser.findElement(By.id("flash")).getText()).isEqualTo("Created bucket browser-files.");
    browser.findElement(By.linkText("browser-files")).click();
    // The progress bar's values as the upload goes, kept where the next page can read them.
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("sessionStorage.setItem('seen', '');"
        + "new MutationObserver(function () { sessionStorage.setItem('seen', sessionStorage.getItem('seen') + ' '"
        + " + document.getElementById('upload-progress').value); })"
        + ".observe(document.getElementById('upload-progress'), {attributes: true});");
    browser.findElement(By.id("upload-file")).sendKeys(file.toString());
    browser.findElement(By.id("upload-start")).click();
    assertThat(browser.findElement(By.id("uploaded")).getText()).isEqualTo("Uploaded big.bin.");
    String seen = (String) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "return sessionStorage.getItem('seen');");
    assertThat(seen.strip().split(" ")).as("the progress bar's values").contains("100");
    WebElement link = browser.findElement(By.linkText("big.bin"));
    assertThat(browser.findElement(By.cssSelector("#objects tr.object td.n")).getText())
        .isEqualTo(Integer.toString(bytes.length));
    link.click();
    Path saved = downloads.resolve("big.bin");
    waitForDownload(saved);
    assertThat(Files.mismatch(saved, file)).isEqualTo(-1);
    // What the SDK sees: the same object, under the user's account.
    try (var s3 = box.adminS3()) {
      assertThat(s3.headObject(r -> r.bucket("browser-files").key("big.bin")).contentLength()).isEqualTo(bytes.length);
    }
  }

  @Test
  @Order(8)
  void anIdleSessionIsSignedOut() throws Exception {
    // A cloud of its own whose sessions end after the shortest idle time, a minute.
    try (CloudMain idle = new CloudMain(org.eucalyptus.common.config.EucaConf.of(Map.of("CLC_PORT", "0",
        "CLC_BIND_ADDR", "127.0.0.1", "CLC_DATA_DIR", tmp.resolve("idle-clc").toString(),
        "CLC_CONSOLE_IDLE_MIN", "1")))) {
      String password = Files.readString(idle.clc().dataDir().resolve("console-admin-password")).strip();
      String base = "https://127.0.0.1:" + idle.httpsPort();
      browser.get(base + "/console/");
      browser.findElement(By.id("account")).sendKeys("eucalyptus");
      browser.findElement(By.id("user")).sendKeys("admin");
      browser.findElement(By.id("password")).sendKeys(password);
      browser.findElement(By.id("signin")).click();
      assertThat(browser.findElement(By.id("who")).getText()).startsWith("admin @ eucalyptus");
      // (That use keeps a session alive is ConsoleSessionsTest's, under a moved clock.)
      Thread.sleep(62_000);
      browser.findElement(By.linkText("Instances")).click();
      waiting(Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().endsWith("/console/signin"));
      assertThat(browser.findElements(By.id("who"))).isEmpty();
      assertThat(browser.findElement(By.id("signin")).isDisplayed()).isTrue();
    }
  }

  @Test
  @Order(4)
  void aFormPostedFromAnotherSiteDoesNothing() throws Exception {
    signIn("eucalyptus", "admin", box.adminPassword);
    // Another origin's page (another port is another origin) that posts a form to the console.
    com.sun.net.httpserver.HttpServer evil = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    String page = "<html><body><form id=f method=post action=\"" + url("/console/keypairs/create")
        + "\"><input name=name value=forged-in-browser></form><script>document.getElementById('f').submit()</script>"
        + "</body></html>";
    evil.createContext("/", x -> {
      byte[] b = page.getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().set("Content-Type", "text/html");
      x.sendResponseHeaders(200, b.length);
      x.getResponseBody().write(b);
      x.close();
    });
    evil.start();
    try {
      browser.get("http://127.0.0.1:" + evil.getAddress().getPort() + "/");
      waiting(Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains(":" + box.httpsPort() + "/"));
      Thread.sleep(500);
    } finally {
      evil.stop(0);
    }
    assertThat(box.ec2.describeKeyPairs().keyPairs()).extracting(k -> k.keyName()).doesNotContain("forged-in-browser");
    assertThat(Files.exists(downloads.resolve("forged-in-browser.pem"))).isFalse();
  }
}
