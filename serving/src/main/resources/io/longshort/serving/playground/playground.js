// The playground: next-word suggestions and surprisal for the text being typed, and streamed
// generation, all through the server's JSON API. No framework and no build step.
"use strict";

(() => {
  const EOS = "<eos>";
  const DEBOUNCE_MS = 250;
  const SUGGESTIONS = 8;
  const BIN_BITS = 2;
  const BINS = 8;

  const $ = (id) => document.getElementById(id);
  const text = $("text");
  const suggestions = $("suggestions");
  const surprisal = $("surprisal");
  const summary = $("summary");
  const status = $("status");
  const modelSelect = $("model");
  const generated = $("generated");
  const generateButton = $("generate");
  const useGenerated = $("use-generated");

  let model = null;
  let timer = null;
  // every text change gets a number; an answer for an older number is dropped
  let revision = 0;
  let generation = null;
  let generatedWords = [];

  async function api(path, body, signal) {
    const init = body === undefined ? { signal } : {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal,
    };
    const response = await fetch(path, init);
    if (!response.ok) {
      throw new Error(await errorOf(response));
    }
    return response;
  }

  async function errorOf(response) {
    try {
      const json = await response.json();
      return json.error || `HTTP ${response.status}`;
    } catch (e) {
      return `HTTP ${response.status}`;
    }
  }

  function modelPath(endpoint) {
    return `/v1/models/${encodeURIComponent(model.name)}/${endpoint}`;
  }

  // --- models -------------------------------------------------------------------------------

  async function loadModels() {
    try {
      const json = await (await api("/v1/models")).json();
      const models = Array.isArray(json) ? json : json.models || [];
      if (models.length === 0) {
        throw new Error("the server serves no model");
      }
      modelSelect.replaceChildren(...models.map((m) => new Option(m.name, m.name)));
      const several = models.length > 1;
      modelSelect.hidden = !several;
      $("model-label").hidden = !several;
      modelSelect.onchange = () => choose(models.find((m) => m.name === modelSelect.value));
      choose(models[0]);
    } catch (e) {
      $("model-info").textContent = `cannot list the models: ${e.message}`;
      $("model-info").classList.add("error");
    }
  }

  function choose(m) {
    model = m;
    const vocabulary = m.vocabulary_size;
    const parts = [
      several() ? null : m.name,
      m.engine,
      m.preset ? `${m.preset} preset` : null,
      vocabulary ? `${vocabulary.toLocaleString("en")} words` : null,
    ];
    $("model-info").textContent = parts.filter(Boolean).join(" · ");
    $("model-info").title = describeSpec(m.spec);
    if (vocabulary) {
      // the server takes top-k up to the vocabulary size
      const topK = $("top-k");
      topK.max = Math.min(200, vocabulary);
      topK.dispatchEvent(new Event("input"));
    }
    refresh();
  }

  function describeSpec(spec) {
    if (!spec || typeof spec !== "object") {
      return spec ? String(spec) : "";
    }
    const layers = (spec.hidden_sizes || []).map((h) => `LSTM ${h}`).join(" → ");
    const parameters = spec.parameters ? `${spec.parameters.toLocaleString("en")} parameters` : null;
    return [`embedding ${spec.embedding_size}`, layers, parameters].filter(Boolean).join(", ");
  }

  function several() {
    return !modelSelect.hidden;
  }

  // --- suggestions and surprisal --------------------------------------------------------------

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, DEBOUNCE_MS);
  }

  async function refresh() {
    if (!model) {
      return;
    }
    const mine = ++revision;
    const value = text.value;
    status.textContent = "thinking…";
    status.classList.remove("error");
    try {
      const [next, score] = await Promise.all([
        api(modelPath("next-words"), { text: value, k: SUGGESTIONS }).then((r) => r.json()),
        value.trim() === "" ? null : api(modelPath("score"), { text: value }).then((r) => r.json()),
      ]);
      if (mine === revision) {
        showSuggestions(next.words, value);
        showScore(score, value);
        status.textContent = "";
      }
    } catch (e) {
      if (mine === revision) {
        showProblem(e.message, value);
      }
    }
  }

  // a text the model cannot read (a word outside its vocabulary): the server's one-line reason
  function showProblem(message, forText) {
    status.textContent = message;
    status.classList.add("error");
    suggestions.replaceChildren();
    const note = document.createElement("span");
    note.className = "empty error";
    note.textContent = message;
    surprisal.replaceChildren(note);
    summary.textContent = "";
    for (const view of [suggestions, surprisal]) {
      view.dataset.model = model.name;
      view.dataset.text = forText;
    }
  }

  function showSuggestions(words, forText) {
    suggestions.replaceChildren(...words.map((w) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "suggestion";
      button.dataset.word = w.word;
      button.dataset.probability = w.probability;
      button.title = `p = ${w.probability.toPrecision(3)}`;
      const label = document.createElement("span");
      label.className = "w";
      label.textContent = w.word === EOS ? "↵ end" : w.word;
      const p = document.createElement("span");
      p.className = "p";
      p.textContent = percent(w.probability);
      button.append(label, p);
      button.addEventListener("click", () => append(w.word));
      return button;
    }));
    suggestions.dataset.k = SUGGESTIONS;
    suggestions.dataset.model = model.name;
    suggestions.dataset.text = forText;
  }

  function append(word) {
    let value = text.value;
    if (word === EOS) {
      value = value.replace(/[ \t]+$/, "") + "\n";
    } else {
      value += (value === "" || /\s$/.test(value) ? "" : " ") + word + " ";
    }
    text.value = value;
    text.focus();
    text.setSelectionRange(value.length, value.length);
    clearTimeout(timer);
    refresh();
  }

  function showScore(score, forText) {
    surprisal.dataset.model = model.name;
    surprisal.dataset.text = forText;
    if (!score) {
      summary.textContent = "";
      const empty = document.createElement("span");
      empty.className = "empty";
      empty.textContent = "The words you write appear here, coloured by how unexpected the model finds them.";
      surprisal.replaceChildren(empty);
      return;
    }
    const items = perWord(score);
    surprisal.replaceChildren(...items.flatMap((item) => {
      const span = document.createElement("span");
      const bits = -item.logp / Math.LN2;
      span.className = `word s${bin(bits)}`;
      span.dataset.logprob = item.logp;
      span.dataset.word = item.word;
      const unknown = item.scoredAs && item.scoredAs !== item.word;
      if (unknown) {
        span.classList.add("unknown");
      }
      span.title = `${item.word}${unknown ? ` (scored as ${item.scoredAs})` : ""}\n`
        + `log p = ${item.logp.toFixed(3)}   p = ${Math.exp(item.logp).toPrecision(3)}   ${bits.toFixed(1)} bits`;
      if (item.word === EOS) {
        span.classList.add("eos");
        span.textContent = "↵";
        return [span, document.createElement("br")];
      }
      span.textContent = item.word;
      return [span];
    }));
    const n = items.length;
    const unknownCount = score.unknown_words ?? 0;
    summary.innerHTML = "";
    summary.append(
      stat("perplexity", Number(score.perplexity).toFixed(1)),
      " · ",
      stat("log p", Number(score.log_probability).toFixed(2)),
      ` · ${n} word${n === 1 ? "" : "s"}${unknownCount ? `, ${unknownCount} unknown` : ""}`,
    );
  }

  // the per-word figures, whichever of the score's shapes the server uses
  function perWord(score) {
    const list = Array.isArray(score.per_word) ? score.per_word
      : Array.isArray(score.words) ? score.words : [];
    if (list.length > 0 && typeof list[0] === "object") {
      return list.map((w) => ({
        word: w.word,
        scoredAs: w.scored_as,
        logp: Number(w.log_probability ?? w.logprob ?? w.log_prob),
      }));
    }
    const logps = score.log_probabilities || [];
    return list.map((w, i) => ({ word: w, logp: Number(logps[i]) }));
  }

  function stat(label, value) {
    const s = document.createElement("span");
    const b = document.createElement("b");
    b.textContent = value;
    s.append(`${label} `, b);
    return s;
  }

  function bin(bits) {
    return Math.max(0, Math.min(BINS - 1, Math.floor(bits / BIN_BITS)));
  }

  function percent(p) {
    return p >= 0.1 ? `${(p * 100).toFixed(0)}%` : p >= 0.001 ? `${(p * 100).toFixed(1)}%` : "<0.1%";
  }

  function buildLegend() {
    const items = [];
    for (let i = 0; i < BINS; i++) {
      const li = document.createElement("li");
      li.className = `s${i}`;
      li.textContent = i === BINS - 1 ? `${i * BIN_BITS}+` : `${i * BIN_BITS}`;
      li.title = i === BINS - 1 ? `${i * BIN_BITS} bits or more`
        : `${i * BIN_BITS} to ${(i + 1) * BIN_BITS} bits: p from 1/${2 ** (i * BIN_BITS)} to 1/${2 ** ((i + 1) * BIN_BITS)}`;
      items.push(li);
    }
    $("legend").replaceChildren(...items);
  }

  // --- generation -----------------------------------------------------------------------------

  async function generate(event) {
    event.preventDefault();
    if (!model) {
      return;
    }
    if (generation) {
      generation.abort();
    }
    const controller = new AbortController();
    generation = controller;
    generatedWords = [];
    useGenerated.disabled = true;
    generateButton.textContent = "Stop";
    const prompt = text.value;
    const promptSpan = document.createElement("span");
    promptSpan.className = "prompt";
    promptSpan.textContent = lastWords(prompt, 12);
    generated.replaceChildren(promptSpan);
    generated.classList.add("running");
    generated.dataset.done = "false";
    const body = {
      prompt,
      max_words: Number($("max-words").value),
      temperature: Number($("temperature").value),
      top_k: Number($("top-k").value),
      stream: true,
    };
    try {
      const response = await api(modelPath("generate"), body, controller.signal);
      await readEvents(response.body, (name, data) => {
        if (name === "done") {
          return;
        }
        if (name === "error") {
          throw new Error(wordOf(data));
        }
        addGenerated(wordOf(data));
      });
    } catch (e) {
      if (e.name !== "AbortError") {
        const err = document.createElement("span");
        err.className = "error";
        err.textContent = ` ${e.message}`;
        generated.append(err);
      }
    } finally {
      if (generation === controller) {
        generation = null;
        generated.classList.remove("running");
        generated.dataset.done = "true";
        generateButton.textContent = "Generate";
        useGenerated.disabled = generatedWords.length === 0;
      }
    }
  }

  function addGenerated(word) {
    generatedWords.push(word);
    const span = document.createElement("span");
    span.className = "gen-word";
    if (word === EOS) {
      span.textContent = " ↵";
      generated.append(span, document.createElement("br"));
    } else {
      span.textContent = ` ${word}`;
      generated.append(span);
    }
  }

  // reads a Server-Sent Events body: "event:" and "data:" lines, an empty line ends an event
  async function readEvents(body, onEvent) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      buffer += value.replace(/\r\n?/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = "message";
        const data = [];
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) {
            name = line.slice(6).trim();
          } else if (line.startsWith("data:")) {
            data.push(line.slice(5).replace(/^ /, ""));
          }
        }
        if (data.length > 0 || name !== "message") {
          onEvent(name, data.join("\n"));
        }
      }
    }
  }

  // an event's word: JSON {"word": ...} or a JSON string, else the data as it is
  function wordOf(data) {
    try {
      const json = JSON.parse(data);
      return typeof json === "string" ? json : json.word ?? json.error ?? data;
    } catch (e) {
      return data;
    }
  }

  function lastWords(value, n) {
    const words = value.trim().split(/\s+/).filter(Boolean);
    return words.length > n ? `… ${words.slice(-n).join(" ")}` : words.join(" ");
  }

  function useGeneratedWords() {
    let value = text.value;
    for (const word of generatedWords) {
      if (word === EOS) {
        value = value.replace(/[ \t]+$/, "") + "\n";
      } else {
        value += (value === "" || /\s$/.test(value) ? "" : " ") + word;
      }
    }
    text.value = value;
    generatedWords = [];
    useGenerated.disabled = true;
    refresh();
  }

  // --- wiring ---------------------------------------------------------------------------------

  function bindRange(id, format) {
    const input = $(id);
    const output = $(`${id}-value`);
    const show = () => { output.textContent = format(Number(input.value)); };
    input.addEventListener("input", show);
    show();
  }

  text.addEventListener("input", schedule);
  $("gen-form").addEventListener("submit", (e) => {
    if (generation) {
      e.preventDefault();
      generation.abort();
      return;
    }
    generate(e);
  });
  useGenerated.addEventListener("click", useGeneratedWords);
  bindRange("temperature", (v) => v.toFixed(2));
  bindRange("top-k", (v) => (v === 0 ? "all" : String(v)));
  bindRange("max-words", String);
  buildLegend();
  loadModels();
})();
