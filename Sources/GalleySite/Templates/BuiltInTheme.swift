// Generated from the repository's templates/ folder by BuiltInThemeTests; do not edit.
// After changing templates/, run: GALLEY_WRITE_BUILT_IN_THEME=1 swift test --filter BuiltInTheme

/// The built-in theme: every file of the repository's `templates/` folder, by path.
enum BuiltInTheme {
    static let files: [String: String] = [
        "404.mustache": #"""
<div class="not-found">
  <p class="not-found-code" aria-hidden="true">404</p>
  <h1 id="page-not-found">Page not found</h1>
  <p>There is no page at this address. It may have been moved or renamed, or the link you followed may contain a typo.</p>
  <p><a class="button" href="{{site.root}}">Back to {{site.title}}</a></p>
</div>

"""#,
        "assets/code.js": #"""
// Galley's code-block tools: a copy button on every code block, and on a snippet with hidden
// set-up lines a control that shows them. Both are made here, so a page read without
// JavaScript shows the code as the page means it, with no control that would do nothing.
(() => {
  "use strict";

  // One polite live region tells screen readers what a button did.
  const status = document.createElement("div");
  status.className = "code-status";
  status.setAttribute("role", "status");
  document.body.append(status);
  const announce = (message) => {
    status.textContent = "";
    // A new text node after a tick, so the same message twice is announced twice.
    setTimeout(() => { status.textContent = message; }, 30);
  };

  // The code as the page shows it right now: without the hidden lines unless they are shown.
  const shownText = (code) => {
    const copy = code.cloneNode(true);
    for (const span of copy.querySelectorAll(".code-hidden[hidden]")) span.remove();
    return copy.textContent;
  };

  // The clipboard API needs a secure context (https, or localhost); elsewhere the old
  // selection command still works in every browser.
  const writeToClipboard = (text) => {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise((resolve, reject) => {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "code-copy-buffer";
      document.body.append(area);
      area.select();
      const copied = document.execCommand("copy");
      area.remove();
      if (copied) resolve(); else reject(new Error("the browser refused to copy"));
    });
  };

  const makeButton = (className, text, label) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = className;
    button.textContent = text;
    if (label) button.setAttribute("aria-label", label);
    return button;
  };

  let counter = 0;
  for (const figure of document.querySelectorAll("figure.code-block")) {
    const code = figure.querySelector(":scope > pre > code");
    if (!code) continue;
    counter += 1;
    if (!code.id) code.id = `code-${counter}`;
    const tools = document.createElement("div");
    tools.className = "code-tools";

    const hiddenLines = Number(figure.dataset.hiddenLines || 0);
    if (hiddenLines > 0) {
      const lines = hiddenLines === 1 ? "1 hidden line" : `${hiddenLines} hidden lines`;
      const toggle = makeButton("code-reveal", "Show set-up", `Show ${lines} of set-up`);
      toggle.setAttribute("aria-pressed", "false");
      toggle.setAttribute("aria-controls", code.id);
      toggle.title = `Show the ${lines} this example runs with but does not show`;
      toggle.addEventListener("click", () => {
        const show = toggle.getAttribute("aria-pressed") !== "true";
        for (const span of code.querySelectorAll(".code-hidden")) span.hidden = !show;
        toggle.setAttribute("aria-pressed", String(show));
        toggle.textContent = show ? "Hide set-up" : "Show set-up";
        toggle.setAttribute("aria-label", `${show ? "Hide" : "Show"} ${lines} of set-up`);
        figure.classList.toggle("shows-hidden", show);
        announce(show ? `${lines} shown` : `${lines} hidden`);
      });
      tools.append(toggle);
    }

    const copy = makeButton("code-copy", "Copy", "Copy the code");
    copy.setAttribute("aria-controls", code.id);
    let reset;
    copy.addEventListener("click", () => {
      writeToClipboard(shownText(code)).then(
        () => {
          copy.textContent = "Copied";
          copy.classList.add("is-done");
          announce("Code copied");
        },
        () => {
          // Select the code instead, so the reader can copy it with the keyboard.
          const range = document.createRange();
          range.selectNodeContents(code);
          const selection = getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          copy.textContent = "Press Ctrl+C";
          announce("Copying was refused; the code is selected");
        }
      );
      clearTimeout(reset);
      reset = setTimeout(() => {
        copy.textContent = "Copy";
        copy.classList.remove("is-done");
      }, 2000);
    });
    tools.append(copy);

    figure.append(tools);
    figure.classList.add("has-tools");
  }
})();

"""#,
        "assets/galley.css": #"""
/*
 * Galley default theme
 * ====================
 *
 * One stylesheet, no web fonts; pages read and work without JavaScript (the
 * search box and the code-block buttons are added by script). The sections below go from
 * the general to the specific:
 *
 *   1. Design tokens (colours, sizes) for light and dark schemes
 *   2. Base document styles and accessibility helpers
 *   3. Page frame: top bar, sidebar drawer, main column, table of contents
 *   4. Sidebar navigation
 *   5. Breadcrumbs, table of contents, page footer, pager
 *   6. Prose: headings, text, lists, tables, quotes, images
 *   7. Code: inline code, code blocks, syntax colours
 *   8. Snippet output panels
 *   9. The 404 page
 *  10. Search box and results
 *  11. Motion preferences and print
 *
 * Layout breakpoints (in rem so they follow the reader's font size):
 *   below 56rem  — phone/tablet: top bar with a menu toggle, sidebar as a drawer
 *   56rem and up — sidebar column on the left
 *   76rem and up — table of contents column on the right
 */

/* ==========================================================================
   1. Design tokens
   ========================================================================== */

:root {
  color-scheme: light dark;

  /* Typography */
  --font-sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
    "Noto Sans", "Liberation Sans", Arial, sans-serif, "Apple Color Emoji",
    "Segoe UI Emoji";
  --font-mono: ui-monospace, "SF Mono", SFMono-Regular, Menlo, Consolas,
    "Cascadia Mono", "DejaVu Sans Mono", "Liberation Mono", monospace;
  --measure: 72ch;
  --leading: 1.65;

  /* Geometry */
  --sidebar-width: 17rem;
  --toc-width: 13.5rem;
  --topbar-height: 3.25rem;
  --radius: 0.5rem;
  --radius-small: 0.3rem;

  /* Surfaces and text (light) */
  --bg: #fbfbfa;
  --bg-raised: #ffffff;
  --bg-sidebar: #f3f4f2;
  --bg-hover: #e8eae6;
  --fg: #1f2328;
  --fg-muted: #5c6370;
  --border: #dfe1dc;
  --border-strong: #c7cac4;

  /* Accent: links, current page, focus */
  --accent: #285bc4;
  --accent-hover: #1c4596;
  --accent-soft: #e8eefb;
  --focus: #285bc4;

  /* Code */
  --code-bg: #f6f7f9;
  --code-border: #e1e4e8;
  --code-inline-bg: #eef0ee;

  /* Callouts (blockquotes) */
  --callout-bg: #f1f5fd;
  --callout-border: #285bc4;

  /* Syntax colours (light); all at least 5:1 against --code-bg */
  --hl-keyword: #a3236f;
  --hl-type: #0f6b7a;
  --hl-identifier: var(--fg);
  --hl-string: #9a4a06;
  --hl-number: #1f56b3;
  --hl-comment: #5f6672;
  --hl-doc-comment: #3f6b2e;
  --hl-operator: #54606e;
  --hl-attribute: #8a5b00;
  --hl-directive: #b3361b;
  --hl-regex: #b0264a;
  --hl-label: #6a3fa6;
  --hl-placeholder-bg: #e3e8f4;
  --hl-placeholder-border: #9fb0d6;

  /* Terminal-like output panel: dark in both schemes */
  --term-bg: #14171c;
  --term-fg: #d6dde6;
  --term-muted: #8b95a3;
  --term-border: #2a2f37;
  --term-stderr: #ff9b9b;
  --term-stderr-bg: #1d1517;

  /* Status colours, used by badges (text on tinted background) */
  --ok-fg: #17663a;
  --ok-bg: #e1f4e8;
  --fail-fg: #a4201d;
  --fail-bg: #fbe4e2;
  --warn-fg: #855300;
  --warn-bg: #fcefd2;
  --info-fg: #2c4f93;
  --info-bg: #e5ecf9;
  --neutral-fg: #4a515c;
  --neutral-bg: #eceeea;
}

@media (prefers-color-scheme: dark) {
  :root {
    --bg: #16181c;
    --bg-raised: #1c1f24;
    --bg-sidebar: #1a1c21;
    --bg-hover: #262a31;
    --fg: #e3e6eb;
    --fg-muted: #9aa2af;
    --border: #2b2f36;
    --border-strong: #3b404a;

    --accent: #7aa2ff;
    --accent-hover: #a6c0ff;
    --accent-soft: #1f2a44;
    --focus: #8fb1ff;

    --code-bg: #1c1f25;
    --code-border: #2b3038;
    --code-inline-bg: #252930;

    --callout-bg: #1a2133;
    --callout-border: #7aa2ff;

    --hl-keyword: #f38bcb;
    --hl-type: #6fd0dc;
    --hl-string: #f2b27a;
    --hl-number: #9cbcff;
    --hl-comment: #939cab;
    --hl-doc-comment: #a3c98f;
    --hl-operator: #b4bcc8;
    --hl-attribute: #e9c46a;
    --hl-directive: #ff9f85;
    --hl-regex: #ff8fab;
    --hl-label: #c6b2ff;
    --hl-placeholder-bg: #27314a;
    --hl-placeholder-border: #4d5f8a;

    --term-bg: #101216;
    --term-border: #2b3038;

    --ok-fg: #8fdcaa;
    --ok-bg: #173323;
    --fail-fg: #ffaaa5;
    --fail-bg: #3a1b1b;
    --warn-fg: #f3c872;
    --warn-bg: #372a12;
    --info-fg: #a9c2ff;
    --info-bg: #1f2a44;
    --neutral-fg: #c1c7d0;
    --neutral-bg: #2a2e35;
  }
}

/* ==========================================================================
   2. Base document and accessibility helpers
   ========================================================================== */

*,
*::before,
*::after {
  box-sizing: border-box;
}

html {
  -webkit-text-size-adjust: 100%;
  text-size-adjust: 100%;
}

body {
  margin: 0;
  background: var(--bg);
  color: var(--fg);
  font-family: var(--font-sans);
  font-size: 1rem;
  line-height: var(--leading);
  text-rendering: optimizeLegibility;
}

@media (min-width: 56rem) {
  body {
    font-size: 1.0625rem;
  }
}

a {
  color: var(--accent);
  text-decoration-thickness: 0.08em;
  text-underline-offset: 0.18em;
}

a:hover {
  color: var(--accent-hover);
}

/* One clear focus ring for everything that can take keyboard focus. */
:focus-visible {
  outline: 2px solid var(--focus);
  outline-offset: 2px;
  border-radius: var(--radius-small);
}

/* The main element receives focus from the skip link; no ring needed there. */
.main:focus {
  outline: none;
}

/* Hidden until focused, then pinned to the top-left corner. */
.skip-link {
  position: absolute;
  top: 0.5rem;
  left: 0.5rem;
  z-index: 100;
  padding: 0.5rem 1rem;
  border-radius: var(--radius);
  background: var(--accent);
  color: #fff;
  font-weight: 600;
  text-decoration: none;
  transform: translateY(-200%);
}

.skip-link:focus,
.skip-link:focus-visible {
  transform: none;
  color: #fff;
  outline-color: var(--fg);
}

@media (prefers-color-scheme: dark) {
  .skip-link,
  .skip-link:focus,
  .skip-link:focus-visible {
    color: #0d1220;
  }
}

.icon {
  display: block;
  flex: none;
}

/* ==========================================================================
   3. Page frame
   ========================================================================== */

/* --- 3a. Narrow screens: top bar, drawer, single column ------------------ */

/*
 * The menu checkbox is visually hidden but stays in the tab order, so the
 * drawer can be opened with the keyboard (Space). Its label is the visible
 * button and shows the focus ring on the checkbox's behalf.
 */
.nav-toggle,
.toc-toggle {
  position: absolute;
  top: 0;
  left: 0;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  border: 0;
  overflow: hidden;
  clip: rect(0 0 0 0);
  clip-path: inset(50%);
  white-space: nowrap;
  opacity: 0;
}

/* Fixed, so that focusing the menu checkbox never scrolls the page. */
.nav-toggle {
  position: fixed;
}

.topbar {
  position: sticky;
  top: 0;
  z-index: 30;
  display: flex;
  align-items: center;
  gap: 0.75rem;
  height: var(--topbar-height);
  padding: 0 1rem;
  border-bottom: 1px solid var(--border);
  background: color-mix(in srgb, var(--bg) 92%, transparent);
  -webkit-backdrop-filter: blur(8px);
  backdrop-filter: blur(8px);
}

.nav-toggle-button {
  display: inline-flex;
  align-items: center;
  gap: 0.45rem;
  min-height: 2.25rem;
  padding: 0.3rem 0.7rem 0.3rem 0.55rem;
  border: 1px solid var(--border-strong);
  border-radius: var(--radius);
  background: var(--bg-raised);
  color: var(--fg);
  font-size: 0.9rem;
  font-weight: 500;
  cursor: pointer;
  user-select: none;
}

.nav-toggle-button:hover {
  background: var(--bg-hover);
}

.nav-toggle:focus-visible ~ .topbar .nav-toggle-button {
  outline: 2px solid var(--focus);
  outline-offset: 2px;
}

.nav-toggle:checked ~ .topbar .nav-toggle-button {
  border-color: var(--accent);
  background: var(--accent-soft);
  color: var(--accent);
}

/* The icon turns from a hamburger into a cross while the drawer is open. */
.nav-toggle-button .icon-close,
.nav-toggle:checked ~ .topbar .icon-menu {
  display: none;
}

.nav-toggle:checked ~ .topbar .icon-close {
  display: block;
}

.topbar-title {
  overflow: hidden;
  color: var(--fg);
  font-weight: 650;
  text-decoration: none;
  text-overflow: ellipsis;
  white-space: nowrap;
}

.topbar-title:hover {
  color: var(--accent);
}

/* Anchored headings must not end up under the sticky top bar. */
html {
  scroll-padding-top: calc(var(--topbar-height) + 1rem);
}

/* Clicking the dimmed backdrop (another label for the checkbox) closes the drawer. */
.nav-backdrop {
  position: fixed;
  inset: var(--topbar-height) 0 0 0;
  z-index: 20;
  background: rgb(10 12 16 / 0.45);
  opacity: 0;
  visibility: hidden;
  transition: opacity 0.2s ease, visibility 0.2s;
}

.nav-toggle:checked ~ .nav-backdrop {
  opacity: 1;
  visibility: visible;
}

/*
 * Drawer: off-screen and `visibility: hidden` while closed, so its links are
 * not reachable by Tab until the menu is opened.
 */
.sidebar {
  position: fixed;
  top: var(--topbar-height);
  bottom: 0;
  left: 0;
  z-index: 25;
  width: min(20rem, 86vw);
  overflow-y: auto;
  overscroll-behavior: contain;
  padding: 1rem 0.75rem 2rem;
  border-right: 1px solid var(--border);
  background: var(--bg-sidebar);
  transform: translateX(-100%);
  visibility: hidden;
  transition: transform 0.22s ease, visibility 0.22s;
}

.nav-toggle:checked ~ .shell .sidebar {
  transform: none;
  visibility: visible;
  box-shadow: 0 0 2rem rgb(0 0 0 / 0.18);
}

.main {
  min-width: 0;
  padding: 1.25rem 1.125rem 3rem;
}

/* Page grid: one column on small screens (breadcrumbs, TOC, article). */
.page-grid {
  display: grid;
  grid-template-columns: minmax(0, 1fr);
  grid-template-areas:
    "crumbs"
    "toc"
    "article";
  max-width: var(--measure);
  margin: 0 auto;
}

.breadcrumbs {
  grid-area: crumbs;
}

.toc {
  grid-area: toc;
}

.article {
  grid-area: article;
  min-width: 0;
}

/* --- 3b. Medium screens and up: sidebar as a column ---------------------- */

@media (min-width: 56rem) {
  html {
    scroll-padding-top: 1.5rem;
  }

  .nav-toggle,
  .topbar,
  .nav-backdrop {
    display: none;
  }

  .shell {
    display: grid;
    grid-template-columns: var(--sidebar-width) minmax(0, 1fr);
    min-height: 100vh;
  }

  .sidebar {
    position: sticky;
    top: 0;
    bottom: auto;
    z-index: auto;
    width: auto;
    height: 100vh;
    padding: 1.5rem 1rem 2.5rem;
    transform: none;
    visibility: visible;
    transition: none;
  }

  .main {
    padding: 2rem 2.5rem 4rem;
  }
}

/* --- 3c. Wide screens: table of contents as a right-hand column ---------- */

@media (min-width: 76rem) {
  .page-grid.has-toc {
    grid-template-columns: minmax(0, var(--measure)) var(--toc-width);
    grid-template-rows: auto 1fr;
    grid-template-areas:
      "crumbs  toc"
      "article toc";
    column-gap: 3rem;
    max-width: calc(var(--measure) + var(--toc-width) + 3rem);
  }
}

/* ==========================================================================
   4. Sidebar navigation
   ========================================================================== */

.sidebar-brand {
  display: none;
  margin: 0 0.5rem 1.25rem;
  color: var(--fg);
  font-size: 1.15rem;
  font-weight: 700;
  letter-spacing: -0.01em;
  line-height: 1.3;
  text-decoration: none;
}

.sidebar-brand:hover {
  color: var(--accent);
}

@media (min-width: 56rem) {
  /* On narrow screens the top bar already shows the site title. */
  .sidebar-brand {
    display: block;
  }
}

.nav-section + .nav-section {
  margin-top: 1.25rem;
}

.nav-section-title {
  position: relative;
  margin: 0 0 0.35rem;
  padding: 0 0.5rem;
  color: var(--fg-muted);
  font-size: 0.75rem;
  font-weight: 700;
  letter-spacing: 0.06em;
  line-height: 1.4;
  text-transform: uppercase;
}

/* The section holding the current page: accent title with a small marker. */
.nav-section.is-current .nav-section-title {
  color: var(--accent);
}

.nav-section.is-current .nav-section-title::before {
  content: "";
  position: absolute;
  top: 50%;
  left: -0.35rem;
  width: 0.35rem;
  height: 0.35rem;
  border-radius: 50%;
  background: currentColor;
  transform: translateY(-50%);
}

.nav-list {
  margin: 0;
  padding: 0;
  list-style: none;
}

.nav-section:not(.is-root) .nav-list {
  margin-left: 0.5rem;
  padding-left: 0.25rem;
  border-left: 1px solid var(--border);
}

.nav-section.is-current:not(.is-root) .nav-list {
  border-left-color: color-mix(in srgb, var(--accent) 45%, var(--border));
}

.nav-link {
  display: block;
  margin: 1px 0;
  padding: 0.28rem 0.6rem;
  border-radius: var(--radius-small);
  color: var(--fg-muted);
  font-size: 0.925rem;
  line-height: 1.45;
  text-decoration: none;
}

.nav-link:hover {
  background: var(--bg-hover);
  color: var(--fg);
}

.nav-link[aria-current="page"] {
  background: var(--accent-soft);
  box-shadow: inset 3px 0 0 var(--accent);
  color: var(--accent);
  font-weight: 600;
}

/* ==========================================================================
   5. Breadcrumbs, table of contents, page footer
   ========================================================================== */

/* --- Breadcrumbs --------------------------------------------------------- */

.breadcrumbs {
  margin-bottom: 1.25rem;
  font-size: 0.875rem;
}

.breadcrumbs ol {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.2rem 0;
  margin: 0;
  padding: 0;
  list-style: none;
}

.breadcrumbs li {
  display: inline-flex;
  align-items: center;
  min-width: 0;
  color: var(--fg-muted);
}

/* A chevron drawn with borders: decorative, never read aloud. */
.breadcrumbs li + li::before {
  content: "";
  flex: none;
  width: 0.4em;
  height: 0.4em;
  margin: 0 0.65em 0 0.45em;
  border-top: 1.5px solid var(--border-strong);
  border-right: 1.5px solid var(--border-strong);
  transform: rotate(45deg);
}

.breadcrumbs a {
  color: var(--fg-muted);
  text-decoration: none;
}

.breadcrumbs a:hover {
  color: var(--accent);
  text-decoration: underline;
}

.breadcrumbs [aria-current="page"] {
  color: var(--fg);
  font-weight: 500;
}

/* --- Table of contents --------------------------------------------------- */

/* Narrow screens: a collapsible box above the article. */
.toc {
  position: relative;
  margin: 0 0 1.5rem;
  border: 1px solid var(--border);
  border-radius: var(--radius);
  background: var(--bg-raised);
  font-size: 0.9rem;
}

.toc-title {
  display: flex;
  align-items: center;
  justify-content: space-between;
  padding: 0.6rem 0.9rem;
  color: var(--fg);
  font-size: 0.8rem;
  font-weight: 700;
  letter-spacing: 0.05em;
  text-transform: uppercase;
  cursor: pointer;
  user-select: none;
}

.toc-title::after {
  content: "";
  width: 0.45em;
  height: 0.45em;
  margin-right: 0.2em;
  border-right: 2px solid var(--fg-muted);
  border-bottom: 2px solid var(--fg-muted);
  transform: translateY(-25%) rotate(45deg);
  transition: transform 0.15s ease;
}

.toc-toggle:checked + .toc-title::after {
  transform: translateY(25%) rotate(225deg);
}

.toc-toggle:focus-visible + .toc-title {
  outline: 2px solid var(--focus);
  outline-offset: 2px;
  border-radius: var(--radius);
}

.toc-list {
  display: none;
  margin: 0;
  padding: 0 0.9rem 0.75rem;
  border-top: 1px solid var(--border);
  list-style: none;
}

.toc-toggle:checked ~ .toc-list {
  display: block;
}

.toc-list ol {
  margin: 0;
  padding: 0 0 0 0.9rem;
  list-style: none;
}

.toc-list li {
  margin: 0;
}

.toc-list a {
  display: block;
  padding: 0.22rem 0;
  color: var(--fg-muted);
  line-height: 1.4;
  text-decoration: none;
}

.toc-list > li > a {
  color: var(--fg);
}

.toc-list a:hover {
  color: var(--accent);
}

.toc-list > li:first-child > a {
  padding-top: 0.6rem;
}

/* Wide screens: a sticky column on the right, always open. */
@media (min-width: 76rem) {
  .toc {
    position: sticky;
    top: 2rem;
    align-self: start;
    max-height: calc(100vh - 4rem);
    overflow-y: auto;
    margin: 0;
    padding: 0.25rem 0 0;
    border: 0;
    background: none;
    font-size: 0.85rem;
  }

  .toc-toggle {
    display: none;
  }

  .toc-title {
    padding: 0 0 0.5rem;
    color: var(--fg-muted);
    font-size: 0.75rem;
    cursor: default;
  }

  .toc-title::after {
    display: none;
  }

  .toc-list {
    display: block;
    padding: 0;
    border-top: 0;
    border-left: 1px solid var(--border);
  }

  .toc-list a {
    margin-left: -1px;
    padding: 0.2rem 0 0.2rem 0.85rem;
    border-left: 2px solid transparent;
  }

  .toc-list a:hover {
    border-left-color: var(--accent);
  }

  .toc-list > li:first-child > a {
    padding-top: 0.2rem;
  }

  .toc-list ol {
    padding-left: 0.75rem;
  }
}

/* --- Page footer: tags, date/author, pager ------------------------------- */

.page-footer {
  display: flex;
  flex-direction: column;
  gap: 1rem;
  margin-top: 3rem;
}

.tags {
  display: flex;
  flex-wrap: wrap;
  gap: 0.4rem;
  margin: 0;
  padding: 0;
  list-style: none;
}

.tag {
  padding: 0.1rem 0.6rem;
  border: 1px solid var(--border);
  border-radius: 999px;
  background: var(--bg-raised);
  color: var(--fg-muted);
  font-size: 0.8rem;
}

.tag::before {
  content: "#";
  margin-right: 0.1em;
  color: var(--accent);
}

.page-meta {
  display: flex;
  flex-wrap: wrap;
  gap: 0 0.5rem;
  margin: 0;
  color: var(--fg-muted);
  font-size: 0.875rem;
}

/* Both parts absent: take no space at all. */
.page-meta:not(:has(span)) {
  display: none;
}

.page-meta span + span::before {
  content: "·";
  margin-right: 0.5rem;
}

.pager {
  display: grid;
  grid-template-columns: repeat(2, minmax(0, 1fr));
  gap: 1rem;
  padding-top: 1.5rem;
  border-top: 1px solid var(--border);
}

.pager:not(:has(a)) {
  display: none;
}

.pager-link {
  display: flex;
  flex-direction: column;
  gap: 0.1rem;
  padding: 0.75rem 1rem;
  border: 1px solid var(--border);
  border-radius: var(--radius);
  color: var(--fg);
  text-decoration: none;
  transition: border-color 0.15s ease, background-color 0.15s ease;
}

.pager-link:hover {
  border-color: var(--accent);
  background: var(--accent-soft);
  color: var(--fg);
}

.pager-prev {
  grid-column: 1;
}

.pager-next {
  grid-column: 2;
  text-align: right;
}

.pager-label {
  color: var(--fg-muted);
  font-size: 0.8rem;
}

.pager-prev .pager-label::before {
  content: "← ";
}

.pager-next .pager-label::after {
  content: " →";
}

.pager-title {
  color: var(--accent);
  font-weight: 600;
  line-height: 1.35;
  overflow-wrap: anywhere;
}

@media (max-width: 30rem) {
  .pager {
    grid-template-columns: minmax(0, 1fr);
    gap: 0.6rem;
  }

  .pager-prev,
  .pager-next {
    grid-column: 1;
  }
}

/* ==========================================================================
   6. Prose
   ========================================================================== */

.content {
  overflow-wrap: break-word;
}

.content > :first-child {
  margin-top: 0;
}

.content > :last-child {
  margin-bottom: 0;
}

/* --- Headings ------------------------------------------------------------ */

.content :is(h1, h2, h3, h4, h5, h6) {
  margin: 2.2em 0 0.6em;
  color: var(--fg);
  font-weight: 700;
  line-height: 1.25;
  letter-spacing: -0.01em;
  text-wrap: balance;
}

.content h1 {
  margin-top: 0;
  margin-bottom: 0.75em;
  font-size: 2.1rem;
  letter-spacing: -0.02em;
}

.content h2 {
  padding-bottom: 0.3em;
  border-bottom: 1px solid var(--border);
  font-size: 1.55rem;
}

.content h3 {
  font-size: 1.25rem;
}

.content h4 {
  font-size: 1.075rem;
}

.content h5,
.content h6 {
  font-size: 1rem;
}

.content h6 {
  color: var(--fg-muted);
}

/* Headings directly after another heading need less room. */
.content :is(h1, h2, h3, h4, h5, h6) + :is(h2, h3, h4, h5, h6) {
  margin-top: 1em;
}

@media (max-width: 30rem) {
  .content h1 {
    font-size: 1.75rem;
  }

  .content h2 {
    font-size: 1.375rem;
  }

  .content h3 {
    font-size: 1.15rem;
  }
}

/* The "#" link after each heading: faint until the heading is hovered. */
.heading-anchor {
  margin-left: 0.3em;
  padding: 0 0.15em;
  color: var(--fg-muted);
  font-weight: 400;
  text-decoration: none;
  opacity: 0;
  transition: opacity 0.15s ease;
}

:is(h1, h2, h3, h4, h5, h6):hover > .heading-anchor,
.heading-anchor:focus-visible {
  opacity: 1;
}

.heading-anchor:hover {
  color: var(--accent);
}

/* Touch screens have no hover: keep the anchor faintly visible. */
@media (hover: none) {
  .heading-anchor {
    opacity: 0.45;
  }
}

/* --- Text blocks --------------------------------------------------------- */

.content p,
.content ul,
.content ol,
.content dl,
.content table,
.content blockquote,
.content figure,
.content pre,
.content details {
  margin: 0 0 1.15em;
}

.content strong {
  font-weight: 650;
}

.content small {
  font-size: 0.85em;
}

.content mark {
  padding: 0 0.15em;
  border-radius: 0.15em;
  background: color-mix(in srgb, #ffd84d 55%, transparent);
  color: inherit;
}

.content abbr[title] {
  text-decoration: underline dotted;
  cursor: help;
}

.content sup,
.content sub {
  line-height: 0;
}

/* --- Lists --------------------------------------------------------------- */

.content ul,
.content ol {
  padding-left: 1.5rem;
}

.content li {
  margin: 0.25em 0;
}

.content li > ul,
.content li > ol {
  margin: 0.25em 0;
}

.content li > p {
  margin: 0.4em 0;
}

.content li::marker {
  color: var(--fg-muted);
}

/* Task lists (checkboxes rendered by Markdown). */
.content li:has(> input[type="checkbox"]:first-child) {
  list-style: none;
  margin-left: -1.35rem;
}

.content li > input[type="checkbox"]:first-child {
  margin: 0 0.45rem 0 0;
  vertical-align: -0.1em;
}

.content dt {
  font-weight: 650;
}

.content dd {
  margin: 0 0 0.6em 1.25rem;
}

/* --- Horizontal rule ----------------------------------------------------- */

.content hr {
  height: 0;
  margin: 2.5em 0;
  border: 0;
  border-top: 1px solid var(--border);
}

/* --- Images and figures -------------------------------------------------- */

.content img,
.content video,
.content svg {
  max-width: 100%;
  height: auto;
}

.content img {
  border-radius: var(--radius-small);
}

.content figure:not(.code-block) {
  margin-inline: 0;
}

.content figure:not(.code-block) figcaption {
  margin-top: 0.5em;
  color: var(--fg-muted);
  font-size: 0.875rem;
  text-align: center;
}

/* --- Tables -------------------------------------------------------------- */

/* Wide tables scroll sideways instead of stretching the page. */
.content table {
  display: block;
  width: max-content;
  max-width: 100%;
  overflow-x: auto;
  border-collapse: collapse;
  border-spacing: 0;
  font-size: 0.925rem;
  font-variant-numeric: tabular-nums;
}

.content th,
.content td {
  padding: 0.5rem 0.85rem;
  border: 1px solid var(--border);
  text-align: left;
  vertical-align: top;
}

.content th {
  background: var(--bg-sidebar);
  font-weight: 650;
}

.content tbody tr:nth-child(even) td {
  background: color-mix(in srgb, var(--bg-sidebar) 45%, transparent);
}

.content th[align="center"],
.content td[align="center"] {
  text-align: center;
}

.content th[align="right"],
.content td[align="right"] {
  text-align: right;
}

/* --- Blockquotes and callouts ------------------------------------------- */

/* A plain quotation: a quiet rule on the left. */
.content blockquote {
  padding: 0.1rem 0 0.1rem 1.1rem;
  border-left: 3px solid var(--border-strong);
  color: var(--fg-muted);
}

.content blockquote > :first-child {
  margin-top: 0;
}

.content blockquote > :last-child {
  margin-bottom: 0;
}

/*
 * A quote that opens with a bold word ("**Note:** …", "**Warning** …") reads
 * as an admonition: a tinted box, and the word becomes a small label.
 */
.content blockquote:has(> p:first-child > strong:first-child) {
  padding: 0.8rem 1.1rem;
  border: 1px solid color-mix(in srgb, var(--callout-border) 22%, transparent);
  border-left: 4px solid var(--callout-border);
  border-radius: var(--radius-small) var(--radius) var(--radius) var(--radius-small);
  background: var(--callout-bg);
  color: var(--fg);
}

.content blockquote > p:first-child > strong:first-child {
  display: block;
  margin-bottom: 0.2rem;
  color: var(--callout-border);
  font-size: 0.8rem;
  letter-spacing: 0.05em;
  text-transform: uppercase;
}

/* --- Keyboard keys and details ------------------------------------------- */

.content kbd {
  display: inline-block;
  min-width: 1.6em;
  padding: 0.05em 0.4em;
  border: 1px solid var(--border-strong);
  border-bottom-width: 2px;
  border-radius: var(--radius-small);
  background: var(--bg-raised);
  color: var(--fg);
  font-family: var(--font-mono);
  font-size: 0.8em;
  line-height: 1.5;
  text-align: center;
  white-space: nowrap;
}

.content details {
  padding: 0.5rem 1rem;
  border: 1px solid var(--border);
  border-radius: var(--radius);
}

.content summary {
  font-weight: 600;
  cursor: pointer;
}

.content details[open] > summary {
  margin-bottom: 0.5rem;
}

/* ==========================================================================
   7. Code
   ========================================================================== */

code,
kbd,
samp,
pre {
  font-family: var(--font-mono);
}

/* --- Inline code --------------------------------------------------------- */

.content :not(pre) > code {
  padding: 0.12em 0.35em;
  border-radius: var(--radius-small);
  background: var(--code-inline-bg);
  font-size: 0.875em;
  overflow-wrap: anywhere;
}

.content a > code {
  color: inherit;
}

/* --- Code blocks --------------------------------------------------------- */

.content pre {
  overflow-x: auto;
  padding: 0.9rem 1.1rem;
  border: 1px solid var(--code-border);
  border-radius: var(--radius);
  background: var(--code-bg);
  color: var(--fg);
  font-size: 0.85rem;
  line-height: 1.6;
  tab-size: 4;
  -webkit-overflow-scrolling: touch;
}

.content pre code {
  padding: 0;
  background: none;
  font-size: inherit;
  white-space: pre;
  overflow-wrap: normal;
}

.code-block {
  position: relative;
  margin: 0 0 1.15em;
}

.code-block > pre {
  margin: 0;
}

/* The language name sits in the top-right corner of the block. */
.code-block > .code-lang {
  position: absolute;
  top: 0;
  right: 0;
  z-index: 1;
  padding: 0.15rem 0.6rem;
  border-bottom-left-radius: var(--radius-small);
  color: var(--fg-muted);
  font-family: var(--font-sans);
  font-size: 0.7rem;
  font-weight: 600;
  letter-spacing: 0.06em;
  line-height: 1.6;
  text-transform: uppercase;
  pointer-events: none;
}

/* Keep the first line of code clear of the language label. */
.code-block:has(> .code-lang) > pre {
  padding-top: 1.5rem;
}

@supports not selector(:has(*)) {
  .code-block > pre {
    padding-top: 1.5rem;
  }
}

/* Copy and show-set-up buttons, added by assets/code.js; the language label moves to the
   left to make room for them. */
.code-tools {
  position: absolute;
  top: 0.3rem;
  right: 0.35rem;
  z-index: 2;
  display: flex;
  gap: 0.3rem;
}

.code-tools button {
  padding: 0.12rem 0.5rem;
  border: 1px solid var(--code-border);
  border-radius: var(--radius-small);
  background: var(--bg-raised);
  color: var(--fg-muted);
  font: 600 0.72rem/1.4 var(--font-sans);
  cursor: pointer;
}

.code-tools button:hover {
  border-color: var(--border-strong);
  color: var(--fg);
}

.code-tools button:focus-visible {
  outline: 2px solid var(--focus);
  outline-offset: 1px;
}

.code-tools button[aria-pressed="true"],
.code-tools button.is-done {
  border-color: var(--accent);
  background: var(--accent-soft);
  color: var(--accent);
}

.code-block.has-tools > .code-lang {
  right: auto;
  left: 0;
  border-bottom-left-radius: 0;
  border-bottom-right-radius: var(--radius-small);
}

.code-block.has-tools > pre {
  padding-top: 2.1rem;
}

/* A snippet's set-up lines, once shown: dimmer than the example's own lines. */
.code-hidden {
  opacity: 0.6;
}

.code-status,
.code-copy-buffer {
  position: fixed;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
}

@media print {
  .code-tools {
    display: none;
  }
}

/* --- Syntax colours ------------------------------------------------------ */

.hl-keyword {
  color: var(--hl-keyword);
  font-weight: 600;
}

.hl-type {
  color: var(--hl-type);
}

.hl-identifier {
  color: var(--hl-identifier);
}

.hl-string {
  color: var(--hl-string);
}

.hl-number {
  color: var(--hl-number);
}

.hl-comment {
  color: var(--hl-comment);
  font-style: italic;
}

.hl-doc-comment {
  color: var(--hl-doc-comment);
  font-style: italic;
}

.hl-operator {
  color: var(--hl-operator);
}

.hl-attribute {
  color: var(--hl-attribute);
}

.hl-directive {
  color: var(--hl-directive);
  font-weight: 600;
}

.hl-regex {
  color: var(--hl-regex);
}

.hl-label {
  color: var(--hl-label);
}

/* Editor placeholders (<#name#>) look like a token chip. */
.hl-placeholder {
  padding: 0 0.3em;
  border: 1px solid var(--hl-placeholder-border);
  border-radius: 0.25em;
  background: var(--hl-placeholder-bg);
  color: var(--fg);
}

/* ==========================================================================
   8. Snippet output panels
   ========================================================================== */

/*
 * The panel follows a code block and hangs off its bottom edge like a
 * terminal attached to the editor. It is dark in both colour schemes.
 */
.snippet-output {
  margin: 0 0 1.15em;
  overflow: hidden;
  border: 1px solid var(--term-border);
  border-top: 3px solid var(--term-muted);
  border-radius: var(--radius);
  background: var(--term-bg);
  color: var(--term-fg);
  font-size: 0.85rem;
}

.code-block:has(+ .snippet-output) {
  margin-bottom: 0;
}

.code-block:has(+ .snippet-output) > pre {
  border-bottom-left-radius: 0;
  border-bottom-right-radius: 0;
}

.code-block + .snippet-output {
  border-top-left-radius: 0;
  border-top-right-radius: 0;
}

/* The top edge tells the outcome at a glance. */
.snippet-output[data-status="ok"] {
  border-top-color: #3fb46a;
}

.snippet-output:is([data-status="failed"], [data-status="compile-error"], [data-status="crash"]) {
  border-top-color: #e5534b;
}

.snippet-output[data-status="timeout"] {
  border-top-color: #d99a1e;
}

/* A crash or a compile error that the snippet is there to show is a success. */
.snippet-output:is([data-status="crash-expected"], [data-status="compile-error-expected"]) {
  border-top-color: #3fb46a;
}

/* Built with --no-run, or still running in galley serve: the page's own expected output,
   not a fresh run. */
.snippet-output:is([data-status="expected"], [data-status="running"]) {
  border-top-style: dashed;
}

.snippet-badges {
  display: flex;
  flex-wrap: wrap;
  gap: 0.35rem;
  padding: 0.55rem 0.85rem 0;
}

/* A panel with badges only (e.g. a timeout) still needs room below them. */
.snippet-badges:last-child {
  padding-bottom: 0.55rem;
}

.snippet-output pre {
  margin: 0;
  padding: 0.6rem 0.85rem 0.75rem;
  overflow-x: auto;
  border: 0;
  border-radius: 0;
  background: transparent;
  color: var(--term-fg);
  font-size: inherit;
  line-height: 1.55;
}

.snippet-output pre code {
  color: inherit;
}

.snippet-stderr {
  position: relative;
  margin: 0.5rem 0.85rem 0.75rem !important;
  padding: 1.4rem 0.75rem 0.6rem !important;
  border: 1px solid color-mix(in srgb, var(--term-stderr) 35%, transparent) !important;
  border-left: 3px solid var(--term-stderr) !important;
  border-radius: var(--radius-small) !important;
  background: var(--term-stderr-bg) !important;
  color: #ffd3d0 !important;
}

.snippet-stderr::before {
  content: "stderr";
  position: absolute;
  top: 0.25rem;
  left: 0.75rem;
  color: var(--term-stderr);
  font-family: var(--font-sans);
  font-size: 0.68rem;
  font-weight: 700;
  letter-spacing: 0.08em;
  text-transform: uppercase;
}

.snippet-truncated {
  margin: 0 !important;
  padding: 0.45rem 0.85rem;
  border-top: 1px dashed var(--term-border);
  color: var(--term-muted);
  font-size: 0.8rem;
  font-style: italic;
}

/* --- Badges: small pills, one colour per kind ---------------------------- */

.badge {
  display: inline-flex;
  align-items: center;
  gap: 0.3em;
  padding: 0.05rem 0.55rem;
  border: 1px solid transparent;
  border-radius: 999px;
  font-family: var(--font-sans);
  font-size: 0.72rem;
  font-weight: 600;
  line-height: 1.6;
  white-space: nowrap;
}

/* A coloured dot before each status badge. */
:is(.badge-ok, .badge-exit, .badge-crash, .badge-timeout, .badge-compile-error)::before {
  content: "";
  width: 0.45em;
  height: 0.45em;
  border-radius: 50%;
  background: currentColor;
}

/* Badges sit on the dark panel, so they use dark-surface colours everywhere. */
.badge-ok {
  border-color: #2c6e44;
  background: #163222;
  color: #8fe0ad;
}

.badge-exit,
.badge-compile-error {
  border-color: #7d2f2c;
  background: #3a1a19;
  color: #ffaba5;
}

.badge-crash {
  border-color: #a33b36;
  background: #55201e;
  color: #ffc9c5;
}

.badge-timeout {
  border-color: #7a5a18;
  background: #3a2c10;
  color: #f6cd78;
}

.badge-time {
  border-color: #39404b;
  background: #222831;
  color: #c3cad5;
  font-variant-numeric: tabular-nums;
}

.badge-expected {
  border-color: #39404b;
  background: transparent;
  color: #c3cad5;
  font-style: italic;
}

.badge-cached {
  border-color: #3d5590;
  background: transparent;
  color: #a9c2ff;
}

/* Badges used elsewhere on a page (outside a dark panel) follow the scheme. */
.content :not(.snippet-badges) > .badge-ok { border-color: transparent; background: var(--ok-bg); color: var(--ok-fg); }
.content :not(.snippet-badges) > :is(.badge-exit, .badge-compile-error, .badge-crash) { border-color: transparent; background: var(--fail-bg); color: var(--fail-fg); }
.content :not(.snippet-badges) > .badge-timeout { border-color: transparent; background: var(--warn-bg); color: var(--warn-fg); }
.content :not(.snippet-badges) > .badge-time { border-color: transparent; background: var(--neutral-bg); color: var(--neutral-fg); }
.content :not(.snippet-badges) > .badge-expected {
  border-color: #39404b;
  background: transparent;
  color: #c3cad5;
  font-style: italic;
}

.badge-cached { border-color: currentColor; background: transparent; color: var(--info-fg); }

/* ==========================================================================
   9. The 404 page
   ========================================================================== */

.not-found {
  padding: 3rem 0 2rem;
  text-align: center;
}

.not-found .not-found-code {
  margin: 0 auto 0.5rem;
  color: var(--accent);
  font-size: 4.5rem;
  font-weight: 800;
  letter-spacing: -0.04em;
  line-height: 1;
  opacity: 0.85;
}

.content .not-found h1 {
  margin-bottom: 0.5em;
}

.not-found p {
  max-width: 34rem;
  margin-inline: auto;
  color: var(--fg-muted);
}

.button {
  display: inline-block;
  margin-top: 0.5rem;
  padding: 0.55rem 1.1rem;
  border-radius: var(--radius);
  background: var(--accent);
  color: #fff;
  font-weight: 600;
  text-decoration: none;
}

.button:hover {
  background: var(--accent-hover);
  color: #fff;
}

@media (prefers-color-scheme: dark) {
  .button,
  .button:hover {
    color: #0d1220;
  }
}

/* The 404 page has no table of contents and no pager. */
.is-not-found .page-footer {
  display: none;
}

/* ==========================================================================
   10. Search box and results
   ========================================================================== */

/*
 * One box, placed by the layout: at the right of the top bar on narrow
 * screens, in a strip above the sidebar's links on wide ones. The results open
 * under it and scroll on their own.
 */
:root {
  --search-width: min(14rem, 46vw);
}

.search {
  position: fixed;
  top: calc((var(--topbar-height) - 2.25rem) / 2);
  right: 1rem;
  z-index: 40;
  width: var(--search-width);
}

.search[hidden] {
  display: none;
}

/* The top bar's title stops short of the box. */
.has-search .topbar {
  padding-right: calc(var(--search-width) + 2rem);
}

.search-label,
.search-status {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
}

.search-input {
  width: 100%;
  height: 2.25rem;
  padding: 0 2rem 0 0.75rem;
  border: 1px solid var(--border-strong);
  border-radius: var(--radius);
  background: var(--bg-raised);
  color: var(--fg);
  font: inherit;
  font-size: 0.9rem;
  -webkit-appearance: none;
  appearance: none;
}

.search-input::placeholder {
  color: var(--fg-muted);
  opacity: 1;
}

.search-input:focus-visible {
  outline: 2px solid var(--focus);
  outline-offset: 0;
  border-color: var(--focus);
}

.search-input::-webkit-search-cancel-button {
  display: none;
}

.search-key {
  position: absolute;
  top: 50%;
  right: 0.55rem;
  padding: 0 0.35rem;
  border: 1px solid var(--border-strong);
  border-radius: var(--radius-small);
  color: var(--fg-muted);
  font-family: var(--font-mono);
  font-size: 0.75rem;
  line-height: 1.35;
  transform: translateY(-50%);
  pointer-events: none;
}

.search-input:focus ~ .search-key {
  display: none;
}

.search-panel {
  position: absolute;
  top: calc(100% + 0.4rem);
  right: 0;
  width: min(34rem, calc(100vw - 2rem));
  max-height: min(75vh, 36rem);
  overflow-y: auto;
  overscroll-behavior: contain;
  border: 1px solid var(--border-strong);
  border-radius: var(--radius);
  background: var(--bg-raised);
  box-shadow: 0 0.75rem 2rem rgb(0 0 0 / 0.18);
}

.search-panel[hidden] {
  display: none;
}

.search-results {
  margin: 0;
  padding: 0.35rem;
  list-style: none;
}

.search-results:empty::after {
  content: attr(data-message);
  display: block;
  padding: 0.75rem;
  color: var(--fg-muted);
  font-size: 0.9rem;
}

.search-result a {
  display: block;
  padding: 0.5rem 0.65rem;
  border-radius: var(--radius-small);
  color: var(--fg);
  line-height: 1.4;
  text-decoration: none;
}

.search-result[aria-selected="true"] a {
  background: var(--accent-soft);
  box-shadow: inset 3px 0 0 var(--accent);
}

.search-result-title {
  display: block;
  color: var(--accent);
  font-weight: 650;
}

.search-result-heading {
  display: block;
  font-size: 0.88rem;
  font-weight: 550;
}

.search-result-heading::before {
  content: "§ ";
  color: var(--fg-muted);
}

.search-result-text {
  display: block;
  margin-top: 0.15rem;
  color: var(--fg-muted);
  font-size: 0.85rem;
  overflow-wrap: anywhere;
}

.search-result mark {
  border-radius: 0.15rem;
  background: color-mix(in srgb, var(--accent) 22%, transparent);
  color: var(--fg);
}

@media (min-width: 56rem) {
  /* A strip over the top of the sidebar, which scrolls under it. */
  .search {
    top: 0;
    right: auto;
    left: 0;
    width: calc(var(--sidebar-width) - 1px);
    padding: 1rem;
    background: var(--bg-sidebar);
  }

  .has-search .sidebar {
    padding-top: 4.75rem;
  }

  .search-panel {
    top: calc(100% - 0.6rem);
    right: auto;
    left: 1rem;
  }

  .search-key {
    right: 1.55rem;
  }
}

/* ==========================================================================
   11. Motion preferences and print
   ========================================================================== */

@media (prefers-reduced-motion: reduce) {
  *,
  *::before,
  *::after {
    transition: none !important;
    scroll-behavior: auto !important;
  }
}

@media print {
  :root {
    color-scheme: light;
    --bg: #fff;
    --bg-raised: #fff;
    --fg: #000;
    --fg-muted: #444;
    --border: #bbb;
    --accent: #000;
    --code-bg: #f5f5f5;
    --code-border: #ccc;
    --code-inline-bg: #eee;
    --callout-bg: #fff;
    --callout-border: #555;
  }

  body {
    font-size: 11pt;
    line-height: 1.5;
  }

  .skip-link,
  .search,
  .nav-toggle,
  .topbar,
  .nav-backdrop,
  .sidebar,
  .toc,
  .breadcrumbs,
  .pager,
  .heading-anchor {
    display: none !important;
  }

  .shell {
    display: block;
  }

  .main {
    padding: 0;
  }

  .page-grid {
    display: block;
    max-width: none;
  }

  .content a {
    color: inherit;
  }

  /* Show where external links go. */
  .content a[href^="http"]::after {
    content: " (" attr(href) ")";
    color: #444;
    font-size: 0.85em;
    overflow-wrap: anywhere;
  }

  .content pre,
  .content pre code {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  .content :is(h1, h2, h3, h4, h5, h6) {
    break-after: avoid;
  }

  .code-block,
  .snippet-output,
  .content blockquote,
  .content table,
  .content img {
    break-inside: avoid;
  }

  .snippet-output {
    border-color: #999;
    background: #fff;
    color: #000;
  }

  .snippet-output pre,
  .snippet-stderr {
    color: #000 !important;
    background: #fff !important;
  }

  .snippet-stderr::before {
    color: #000;
  }

  .badge {
    border-color: #777 !important;
    background: #fff !important;
    color: #000 !important;
  }
}

"""#,
        "assets/search.js": #"""
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

"""#,
        "head.mustache": #"""
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="theme-color" content="#fbfbfa" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="#16181c" media="(prefers-color-scheme: dark)">
<title>{{#page.isHome}}{{site.title}}{{/page.isHome}}{{^page.isHome}}{{page.title}} · {{site.title}}{{/page.isHome}}</title>
{{#page.description}}
<meta name="description" content="{{.}}">
{{/page.description}}
{{#page.author}}
<meta name="author" content="{{.}}">
{{/page.author}}
<meta name="generator" content="{{site.generator}}">
{{#page.canonicalURL}}
<link rel="canonical" href="{{.}}">
{{/page.canonicalURL}}
{{#page.isNotFound}}
<meta name="robots" content="noindex">
{{/page.isNotFound}}
<link rel="alternate" type="application/atom+xml" title="{{site.title}}" href="{{site.root}}feed.xml">
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='7' fill='%23285bc4'/%3E%3Cpath d='M9 10h14M9 16h14M9 22h9' stroke='%23fff' stroke-width='3' stroke-linecap='round'/%3E%3C/svg%3E">
<link rel="stylesheet" href="{{site.root}}assets/galley.css">
<script src="{{site.root}}assets/code.js" defer></script>
{{#site.search}}
<script src="{{site.root}}assets/search.js" defer></script>
{{/site.search}}

"""#,
        "layout.mustache": #"""
<!DOCTYPE html>
<html lang="{{site.language}}">
<head>
{{> head}}
</head>
<body class="galley{{#page.isHome}} is-home{{/page.isHome}}{{#page.isNotFound}} is-not-found{{/page.isNotFound}}">
<a class="skip-link" href="#galley-main">Skip to content</a>
{{! The navigation toggle works without JavaScript: the checkbox holds the
    open/closed state and CSS reacts to it. It is only shown on narrow screens. }}
<input class="nav-toggle" type="checkbox" id="galley-nav-toggle" aria-controls="galley-nav">
<header class="topbar">
  <label class="nav-toggle-button" for="galley-nav-toggle">
    <svg class="icon icon-menu" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path d="M4 6.5h16M4 12h16M4 17.5h16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>
    <svg class="icon icon-close" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path d="M6 6l12 12M18 6L6 18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>
    <span class="nav-toggle-text">Menu</span>
  </label>
  <a class="topbar-title" href="{{site.root}}">{{site.title}}</a>
</header>
{{#site.search}}
{{! The search box is shown by assets/search.js: without JavaScript there is no search. It sits in the top bar on narrow screens and above the sidebar on wide ones. }}
<div class="search" role="search" data-search-root="{{site.root}}" hidden>
  <label class="search-label" for="galley-search-input">Search the site</label>
  <input class="search-input" id="galley-search-input" type="search" placeholder="Search" autocomplete="off" autocapitalize="off" spellcheck="false" enterkeyhint="go" role="combobox" aria-expanded="false" aria-controls="galley-search-results" aria-autocomplete="list" aria-keyshortcuts="/">
  <kbd class="search-key" aria-hidden="true">/</kbd>
  <p class="search-status" role="status"></p>
  <div class="search-panel" hidden>
    <ul class="search-results" id="galley-search-results" role="listbox" aria-label="Search results"></ul>
  </div>
</div>
{{/site.search}}
<label class="nav-backdrop" for="galley-nav-toggle" aria-hidden="true"></label>
<div class="shell">
{{> sidebar}}
{{> page}}
</div>
{{{dev.reloadScript}}}
</body>
</html>

"""#,
        "nav-entry.mustache": #"""
<li><a class="nav-link" href="{{url}}"{{#isCurrent}} aria-current="page"{{/isCurrent}}>{{title}}</a></li>

"""#,
        "nav-section.mustache": #"""
<div class="nav-section{{#isRoot}} is-root{{/isRoot}}{{#containsCurrent}} is-current{{/containsCurrent}}">
  {{^isRoot}}
  <h2 class="nav-section-title">{{title}}</h2>
  {{/isRoot}}
  <ul class="nav-list">
{{{pagesHTML}}}
  </ul>
</div>

"""#,
        "page.mustache": #"""
<main class="main" id="galley-main" tabindex="-1">
  <div class="page-grid{{#page.hasTOC}} has-toc{{/page.hasTOC}}">
    {{#page.hasBreadcrumbs}}
    <nav class="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        {{#page.breadcrumbs}}
        <li>{{#isLast}}<span aria-current="page">{{title}}</span>{{/isLast}}{{^isLast}}{{#hasURL}}<a href="{{url}}">{{title}}</a>{{/hasURL}}{{^hasURL}}<span>{{title}}</span>{{/hasURL}}{{/isLast}}</li>
        {{/page.breadcrumbs}}
      </ol>
    </nav>
    {{/page.hasBreadcrumbs}}
{{! Partials start at the beginning of their line: an indented partial has its output re-indented line by line on every page. }}
{{> toc}}
    <article class="article">
      <div class="content">
{{{page.content}}}
      </div>
      <footer class="page-footer">
        {{#page.hasTags}}
        <ul class="tags" aria-label="Tags">
          {{#page.tags}}
          <li class="tag">{{.}}</li>
          {{/page.tags}}
        </ul>
        {{/page.hasTags}}
        <p class="page-meta">
          {{#page.dateDisplay}}
          <span class="page-date">Published <time datetime="{{page.date}}">{{.}}</time></span>
          {{/page.dateDisplay}}
          {{#page.author}}
          <span class="page-author">Written by {{.}}</span>
          {{/page.author}}
        </p>
        <nav class="pager" aria-label="Pagination">
          {{#page.previous}}
          <a class="pager-link pager-prev" href="{{url}}" rel="prev">
            <span class="pager-label">Previous</span>
            <span class="pager-title">{{title}}</span>
          </a>
          {{/page.previous}}
          {{#page.next}}
          <a class="pager-link pager-next" href="{{url}}" rel="next">
            <span class="pager-label">Next</span>
            <span class="pager-title">{{title}}</span>
          </a>
          {{/page.next}}
        </nav>
      </footer>
    </article>
  </div>
</main>

"""#,
        "sidebar.mustache": #"""
{{! nav.sectionsHTML is every section rendered by nav-section.mustache and every link by nav-entry.mustache, once per build; only the section that holds the page is rendered again for it. To write the sections out here instead, loop over nav.sections (title, isRoot, containsCurrent, pagesHTML, pages), at the cost of rendering every section on every page. }}
<nav class="sidebar" id="galley-nav" aria-label="Site">
  <a class="sidebar-brand" href="{{site.root}}">{{site.title}}</a>
{{{nav.sectionsHTML}}}
</nav>

"""#,
        "toc.mustache": #"""
{{#page.hasTOC}}
{{! page.tocHTML holds the <li> items (Galley renders them once per page); page.toc has the same entries as data: id, title, children, hasChildren. }}
<nav class="toc" aria-label="On this page">
  {{! On narrow screens the checkbox folds the list away; on wide screens the
      checkbox is removed and the label is just a heading. }}
  <input class="toc-toggle" type="checkbox" id="galley-toc-toggle" aria-controls="galley-toc-list">
  <label class="toc-title" for="galley-toc-toggle">On this page</label>
  <ol class="toc-list" id="galley-toc-list">
{{{page.tocHTML}}}
  </ol>
</nav>
{{/page.hasTOC}}

"""#,
    ]
}
