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
