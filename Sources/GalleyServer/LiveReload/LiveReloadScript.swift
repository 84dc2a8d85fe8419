/// The script `galley serve` adds to every page it serves (never to `galley build` output).
///
/// It listens on the reload endpoint and reloads the page when a build newer than the one that
/// served the page is published; the server sends that only once the whole build is in
/// memory. The page learns its build from the `Server-Timing` header of its own response (or,
/// where the browser hides it, from when it started loading). Comparing dates rather than
/// counting builds also covers a restarted server, whose first build is newer than any page
/// already open. The scroll position is kept across the reload, and a failed
/// build shows an overlay with each problem's `path:line` until a good build replaces it.
enum LiveReloadScript {
    /// The path of the reload endpoint (Server-Sent Events).
    static let eventsPath = "/__galley/events"
    /// The path the script is served at.
    static let scriptPath = "/__galley/live-reload.js"

    /// The tag placed in every served page.
    static let tag = "<script src=\"\(scriptPath)\" defer></script>"

    static let source = #"""
        (() => {
          "use strict";
          const navigation = performance.getEntriesByType("navigation")[0];
          const served = navigation?.serverTiming?.find((entry) => entry.name === "galley");
          const pageBuild = served ? Number(served.description) : performance.timeOrigin;
          const scrollKey = "galley-scroll:" + location.pathname;
          const saved = sessionStorage.getItem(scrollKey);
          if (saved !== null) {
            sessionStorage.removeItem(scrollKey);
            const [x, y] = saved.split(",").map(Number);
            window.scrollTo(x, y);
          }

          function overlay() {
            let element = document.getElementById("galley-error-overlay");
            if (element) return element;
            element = document.createElement("div");
            element.id = "galley-error-overlay";
            element.setAttribute("role", "alert");
            element.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
              "background:rgba(20,20,24,.94);color:#f5f5f5;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace";
            document.body.appendChild(element);
            return element;
          }

          function showProblems(problems) {
            const element = overlay();
            element.replaceChildren();
            const title = document.createElement("h2");
            title.textContent = "galley serve: the last change did not build";
            title.style.cssText = "margin:0 0 1rem;color:#ff8a80;font-size:16px";
            element.appendChild(title);
            for (const problem of problems) {
              const line = document.createElement("pre");
              line.className = "galley-problem";
              line.style.cssText = "margin:0 0 .75rem;white-space:pre-wrap";
              const place = document.createElement("strong");
              place.textContent = problem.location ? problem.location + ": " : "";
              line.append(place, problem.message);
              element.appendChild(line);
            }
            const hint = document.createElement("p");
            hint.textContent = "The page below is the last good build. Fix the file and save: this page reloads by itself.";
            hint.style.cssText = "color:#bdbdbd";
            element.appendChild(hint);
          }

          const events = new EventSource("/__galley/events");
          events.addEventListener("build", (event) => {
            const build = JSON.parse(event.data);
            if (build.publishedAt > pageBuild) {
              sessionStorage.setItem(scrollKey, window.scrollX + "," + window.scrollY);
              events.close();
              location.reload();
            } else {
              document.getElementById("galley-error-overlay")?.remove();
            }
          });
          events.addEventListener("failure", (event) => showProblems(JSON.parse(event.data).problems));
        })();
        """#
}
