package io.longshort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.longshort.it.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground page in a real browser: Debian's headless Chromium, driven through its
 * chromedriver by Selenium, against a real {@code longshort serve} on loopback serving a tiny
 * model under two names. What the page shows is compared with what the JSON API answers for the
 * same text. The browser and driver are Debian's {@code chromium} and {@code chromium-driver},
 * named by path so that Selenium Manager (which would download a driver) never runs.
 */
class PlaygroundBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ServedModels server;
    private static WebDriver browser;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        requireBrowser();
        Path model = CliModels.tinyDir("pytorch");
        server = ServedModels.start(tmp, "--model", "tiny=" + model, "--model", "tiny-too=" + model);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1200,800",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .withLogFile(tmp.resolve("chromedriver.log").toFile())
                .build();
        browser = new ChromeDriver(service, options);
    }

    /** Skips outside CI when the browser is missing; fails in CI, where it must run. */
    private static void requireBrowser() {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                missing.add(p.toString());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "the browser test needs " + String.join(" and ", missing)
                + ": install them with 'apt-get install -y chromium chromium-driver'";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true: the test must run)");
        }
        Assumptions.abort(message);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openPage() {
        browser.get(server.url("/"));
        new WebDriverWait(browser, WAIT)
                .until(d -> !d.findElement(By.id("model"))
                        .findElements(By.tagName("option"))
                        .isEmpty());
    }

    @Test
    void suggestionsAreTheApiNextWordsForTheTypedText() throws Exception {
        String text = String.join(" ", TestModels.testWords(9));
        type(text);
        WebElement box = waitForText("suggestions", text);
        int k = Integer.parseInt(box.getAttribute("data-k"));
        List<WebElement> shown = box.findElements(By.className("suggestion"));
        JsonArray api =
                server.post("tiny", "next-words", Map.of("text", text, "k", k)).getAsJsonArray("words");
        assertEquals(api.size(), shown.size(), "one suggestion per word the API gives");
        assertTrue(k >= 3, "the page asks for several words, not " + k);
        for (int i = 0; i < shown.size(); i++) {
            JsonObject want = api.get(i).getAsJsonObject();
            assertEquals(want.get("word").getAsString(), shown.get(i).getAttribute("data-word"), "suggestion " + i);
            assertEquals(
                    want.get("probability").getAsDouble(),
                    Double.parseDouble(shown.get(i).getAttribute("data-probability")),
                    1e-9,
                    "probability of suggestion " + i);
        }
    }

    @Test
    void surprisalWordsCarryTheApiLogProbabilities() throws Exception {
        String text = String.join(" ", TestModels.testWords(12));
        type(text);
        WebElement view = waitForText("surprisal", text);
        List<WebElement> words = view.findElements(By.className("word"));
        JsonObject score = server.post("tiny", "score", Map.of("text", text));
        JsonArray perWord = ServedModels.perWord(score);
        assertEquals(perWord.size(), words.size(), "one coloured word per scored word");
        for (int i = 0; i < words.size(); i++) {
            JsonObject want = perWord.get(i).getAsJsonObject();
            WebElement shown = words.get(i);
            assertEquals(want.get("word").getAsString(), shown.getAttribute("data-word"), "word " + i);
            double logp = Double.parseDouble(shown.getAttribute("data-logprob"));
            assertEquals(want.get("log_probability").getAsDouble(), logp, 1e-6, "log-probability of word " + i);
            int bin = Math.max(0, Math.min(7, (int) Math.floor(-logp / Math.log(2) / 2)));
            assertTrue(
                    shown.getAttribute("class").contains("s" + bin),
                    "word " + i + " at " + logp + " coloured as bin " + bin + ": " + shown.getAttribute("class"));
        }
        assertEquals(8, browser.findElements(By.cssSelector("#legend li")).size(), "the legend shows every colour");
    }

    @Test
    void aWordOutsideTheVocabularyIsNamedOnThePage() {
        // the tiny model has no <unk>: the API refuses the text, and the page says why
        String text = String.join(" ", TestModels.testWords(3)) + " zzyzx";
        type(text);
        waitForText("surprisal", text);
        String status = browser.findElement(By.id("status")).getText();
        assertTrue(status.contains("'zzyzx'") && status.contains("vocabulary"), status);
        assertTrue(
                browser.findElements(By.cssSelector("#suggestions .suggestion")).isEmpty());
        assertTrue(browser.findElements(By.cssSelector("#surprisal .word")).isEmpty());
    }

    @Test
    void clickingASuggestionAppendsItsWord() {
        String text = String.join(" ", TestModels.testWords(4));
        type(text);
        WebElement first = waitForText("suggestions", text).findElement(By.className("suggestion"));
        String word = first.getAttribute("data-word");
        first.click();
        String value = browser.findElement(By.id("text")).getAttribute("value");
        String expected = word.equals("<eos>") ? text + "\n" : text + " " + word + " ";
        assertEquals(expected, value);
        waitForText("suggestions", expected);
    }

    @Test
    void generateStreamsWordsIntoTheGeneratedBox() {
        type(String.join(" ", TestModels.testWords(3)));
        browser.findElement(By.id("generate")).click();
        WebElement out = browser.findElement(By.id("generated"));
        new WebDriverWait(browser, WAIT).until(d -> "true".equals(out.getAttribute("data-done")));
        List<WebElement> words = out.findElements(By.className("gen-word"));
        int max = Integer.parseInt(browser.findElement(By.id("max-words")).getAttribute("value"));
        assertFalse(words.isEmpty(), "Generate wrote no word: " + out.getText());
        assertTrue(words.size() <= max, words.size() + " words, more than the " + max + " asked for");
        assertTrue(out.findElements(By.className("error")).isEmpty(), out.getText());
        for (WebElement w : words) {
            assertFalse(w.getText().isBlank(), "an empty generated word");
        }
    }

    @Test
    void aModelPickerListsTheServedModels() {
        WebElement picker = browser.findElement(By.id("model"));
        assertTrue(picker.isDisplayed(), "two models are served: the picker shows");
        List<String> names = new Select(picker)
                .getOptions().stream().map(WebElement::getText).toList();
        assertEquals(List.of("tiny", "tiny-too"), names);
        new Select(picker).selectByVisibleText("tiny-too");
        String text = String.join(" ", TestModels.testWords(5));
        type(text);
        assertEquals("tiny-too", waitForText("suggestions", text).getAttribute("data-model"));
    }

    private void type(String text) {
        WebElement box = browser.findElement(By.id("text"));
        box.clear();
        box.sendKeys(text);
    }

    /** Waits until the element shows its answer for this text (the page marks it in data-text). */
    private WebElement waitForText(String id, String text) {
        WebElement e = browser.findElement(By.id(id));
        new WebDriverWait(browser, WAIT)
                .withMessage(() -> "#" + id + " never showed the answer for '" + text + "'; it shows: " + e.getText()
                        + "; status: " + browser.findElement(By.id("status")).getText())
                .until(d -> text.equals(e.getAttribute("data-text")));
        return e;
    }
}
