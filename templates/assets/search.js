// Galley's search: reads the index `galley build` writes under galley-search/ and shows the
// best pages for what the reader types. Only this site's own files are fetched: the manifest
// when the box is first focused, then for each word the one chunk of the index its first
// characters name, then the records of the pages shown, the first few shown as soon as they
// come and the others added after them. Press `/` to focus the box; arrow keys
// move through the results and Enter opens one.
(() => {
  "use strict";
  const box = document.querySelector(".search[data-search-root]");
  if (!box || !window.fetch) return;
  const input = box.querySelector(".search-input");
  const panel = box.querySelector(".search-panel");
  const list = box.querySelector(".search-results");
  const status = box.querySelector(".search-status");
  const base = new URL(box.dataset.searchRoot + "galley-search/", location.href);
  const siteRoot = new URL(box.dataset.searchRoot, location.href);
  const shown = 8;

  // The same words as the index: runs of letters, numbers, marks and `_`, lowercased one
  // character at a time (Swift's SearchTokenizer does exactly this).
  const wordPattern = /[\p{Alphabetic}\p{N}\p{M}_]+/gu;
  const lower = (word) => Array.from(word, (character) => character.toLowerCase()).join("");
  const wordsOf = (text) => (text.match(wordPattern) || []).map(lower);
  const utf8 = new TextEncoder();

  // Every file is fetched at most once per page view.
  const fetchJSON = (path, build) => {
    const url = new URL(path, base);
    if (build) url.search = "v=" + build;
    return fetch(url, build ? {} : { cache: "no-cache" }).then((response) => {
      if (!response.ok) throw new Error(`${url.pathname}: ${response.status}`);
      return response.json();
    });
  };
  let manifest;
  const loadManifest = () => {
    manifest ??= fetchJSON("manifest.json").then((data) => {
      if (data.version !== 1) throw new Error("this search index was written by another version of Galley");
      const keys = new Map(data.keys.map((key, number) => [key, { number, split: false }]));
      for (const number of data.split) keys.get(data.keys[number]).split = true;
      const longest = data.keys.reduce((length, key) => Math.max(length, Array.from(key).length), 0);
      return { build: data.build, keys, longest };
    });
    return manifest;
  };
  const chunks = new Map();
  const loadChunk = (index, number) => {
    if (!chunks.has(number)) chunks.set(number, fetchJSON(`terms/${number}.json`, index.build));
    return chunks.get(number);
  };
  const records = new Map();
  const loadRecord = (index, page) => {
    if (!records.has(page)) records.set(page, fetchJSON(`pages/${page}.json`, index.build).catch(() => null));
    return records.get(page);
  };

  // The pages a word finds, each with its best score and section. The word is a prefix: `asy`
  // finds `async`. A posting is `section << 6 | weight`; an exact match scores one more than a
  // prefix match of the same weight.
  const find = async (index, word) => {
    const characters = Array.from(word);
    if (utf8.encode(word).length > 64) return new Map();
    const hits = new Map();
    const add = (postings, exact) => {
      let page = 0;
      for (let position = 0; position + 1 < postings.length; position += 2) {
        page += postings[position];
        const posting = postings[position + 1];
        const score = (posting & 63) * 2 + (exact ? 1 : 0);
        const best = hits.get(page);
        if (!best || score > best.score) hits.set(page, { score, section: posting >> 6 });
      }
    };
    for (let length = Math.min(characters.length, index.longest); length >= 0; length -= 1) {
      const key = characters.slice(0, length).join("");
      const chunk = index.keys.get(key);
      if (!chunk) continue;
      // A split chunk's longer words are in chunks of longer keys, and there is none here.
      if (chunk.split && length < characters.length) return hits;
      const data = await loadChunk(index, chunk.number);
      if (chunk.split) {
        add(data.prefix || [], false);
        if (data.terms[word]) add(data.terms[word], true);
      } else {
        for (const term in data.terms) if (term.startsWith(word)) add(data.terms[term], term === word);
      }
      return hits;
    }
    return hits;
  };

  // Pages that hold every word, best first: scores add up, and each page shows the section
  // that most of its words (weighted by score) point at.
  const search = async (query) => {
    const words = [...new Set(wordsOf(query))];
    const index = await loadManifest();
    const found = await Promise.all(words.map((word) => find(index, word)));
    found.sort((a, b) => a.size - b.size);
    const results = [];
    for (const [page, first] of found[0] || []) {
      let score = 0;
      const votes = new Map();
      let everyWord = true;
      for (const hits of found) {
        const hit = hits === found[0] ? first : hits.get(page);
        if (!hit) { everyWord = false; break; }
        score += hit.score;
        votes.set(hit.section, (votes.get(hit.section) || 0) + hit.score + 1);
      }
      if (!everyWord) continue;
      let section = first.section;
      for (const [candidate, vote] of votes) if (vote > votes.get(section)) section = candidate;
      results.push({ page, score, section });
    }
    results.sort((a, b) => b.score - a.score || a.page - b.page);
    const top = results.slice(0, shown);
    // Every record is asked for now; the caller shows the first ones as soon as they come.
    return { words, total: results.length, results: top.map((result) => ({ ...result, record: loadRecord(index, result.page) })) };
  };

  // Where the words found are in `text`: the words of the text that start with one of them.
  const matchesIn = (text, words) => {
    const matches = [];
    for (const match of text.matchAll(wordPattern)) {
      const word = lower(match[0]);
      if (words.some((query) => word.startsWith(query))) matches.push([match.index, match.index + match[0].length]);
    }
    return matches;
  };

  // An element of `className` showing `text` from `start` to `end`, the words found marked.
  const marked = (className, text, words, start = 0, end = text.length) => {
    const element = document.createElement("span");
    element.className = className;
    if (start > 0) element.append("…");
    let at = start;
    for (const [from, to] of matchesIn(text, words)) {
      if (from < at || to > end) continue;
      element.append(text.slice(at, from));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(from, to);
      element.append(mark);
      at = to;
    }
    element.append(text.slice(at, end));
    if (end < text.length) element.append("…");
    return element;
  };

  // A piece of the section's text around the first word found.
  const fragment = (text, words) => {
    const first = matchesIn(text, words)[0];
    const start = first && first[0] > 60 ? text.lastIndexOf(" ", first[0] - 40) + 1 : 0;
    let end = Math.min(text.length, start + 180);
    if (end < text.length) {
      const space = text.lastIndexOf(" ", end);
      if (space > start + 60) end = space;
    }
    return marked("search-result-text", text, words, start, end);
  };

  let active = -1;
  const options = () => Array.from(list.children);
  const select = (position) => {
    const all = options();
    if (!all.length) return;
    active = (position + all.length) % all.length;
    all.forEach((option, n) => option.setAttribute("aria-selected", String(n === active)));
    input.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  };
  const open = (isOpen) => {
    panel.hidden = !isOpen;
    input.setAttribute("aria-expanded", String(isOpen));
    if (!isOpen) input.removeAttribute("aria-activedescendant");
  };

  // One result as an option of the list.
  const resultOption = ({ record, section }, words, n) => {
    const [anchor, heading, text] = record.sections[section] || record.sections[0] || ["", "", ""];
    const url = new URL(record.route, siteRoot);
    if (anchor) url.hash = anchor;
    const option = document.createElement("li");
    option.className = "search-result";
    option.id = `galley-search-result-${n}`;
    option.setAttribute("role", "option");
    const link = document.createElement("a");
    link.href = url.href;
    link.tabIndex = -1;
    link.append(marked("search-result-title", record.title, words));
    if (heading && heading !== record.title) link.append(marked("search-result-heading", heading, words));
    if (text) link.append(fragment(text, words));
    option.append(link);
    return option;
  };

  // Shows `results` (records loaded) as the list; unless `complete`, the rest of the answer's
  // results are appended when they come (see `append`), so the first do not wait for the last.
  const render = ({ words, total, results }, complete) => {
    list.replaceChildren();
    active = -1;
    results.forEach((result, n) => list.append(resultOption(result, words, n)));
    const count = total === 1 ? "1 page" : `${total} pages`;
    status.textContent = results.length ? (total > shown ? `${count}, the best ${Math.min(total, shown)} shown` : count) : "No pages found";
    list.dataset.message = "No pages found";
    open(true);
    if (results.length) select(0);
    announce(results.length, complete);
  };
  const append = ({ words }, results, from) => {
    results.forEach((result, n) => list.append(resultOption(result, words, from + n)));
    announce(list.children.length, true);
  };
  const announce = (count, complete) =>
    box.dispatchEvent(new CustomEvent("galley-search-results", { detail: { query: input.value, results: count, complete } }));

  // How many records the first results wait for: fewer than a browser's six connections to
  // one host, so they come in one round trip, and the rest follow.
  const firstShown = 4;

  const loaded = async (results) => (await Promise.all(results.map(async (result) => ({ ...result, record: await result.record })))).filter((result) => result.record);

  // Each keystroke searches at once; an answer that comes after a newer question is dropped.
  let asked = 0;
  const update = () => {
    const query = input.value;
    const words = wordsOf(query);
    const question = ++asked;
    if (!words.length || (words.length === 1 && Array.from(words[0]).length < 2)) {
      list.replaceChildren();
      status.textContent = "";
      open(false);
      return;
    }
    search(query).then(
      async (answer) => {
        const first = await loaded(answer.results.slice(0, firstShown));
        if (question !== asked) return;
        const rest = answer.results.slice(firstShown);
        if (!first.length && rest.length) {
          // The first records could not be read: show the others, all at once.
          const others = await loaded(rest);
          if (question === asked) render({ ...answer, results: others }, true);
          return;
        }
        render({ ...answer, results: first }, rest.length === 0);
        if (!rest.length) return;
        const more = await loaded(rest);
        if (question === asked) append(answer, more, first.length);
      },
      (error) => {
        if (question !== asked) return;
        list.replaceChildren();
        status.textContent = list.dataset.message = "Search is unavailable";
        open(true);
        console.error("Galley search:", error);
      }
    );
  };

  const go = () => {
    const option = options()[active];
    const link = option && option.querySelector("a");
    if (!link) return;
    open(false);
    location.href = link.href;
  };

  input.addEventListener("focus", () => {
    loadManifest().catch(() => {});
    if (list.children.length) open(true);
  });
  input.addEventListener("input", update);
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (panel.hidden && list.children.length) open(true);
      select(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter") {
      event.preventDefault();
      go();
    } else if (event.key === "Escape") {
      if (!panel.hidden) {
        event.preventDefault();
        open(false);
      } else if (input.value) {
        input.value = "";
        update();
      } else {
        input.blur();
      }
    }
  });
  list.addEventListener("mousemove", (event) => {
    const option = event.target.closest(".search-result");
    if (option) select(options().indexOf(option));
  });
  list.addEventListener("click", () => open(false));
  box.addEventListener("focusout", (event) => {
    if (!box.contains(event.relatedTarget)) open(false);
  });

  // `/` focuses the box from anywhere but a field being typed in.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    const target = event.target;
    if (target instanceof Element && target.closest("input, textarea, select, [contenteditable]:not([contenteditable=false])")) return;
    event.preventDefault();
    input.focus();
    input.select();
  });

  box.hidden = false;
  document.body.classList.add("has-search");
})();
