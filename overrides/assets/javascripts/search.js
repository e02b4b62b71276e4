/* The site's search: a small UI over Pagefind's JavaScript API, in Material's search box
   (partials/search.html). generator/search.py builds the index into pagefind/.

   - Lazy: nothing of Pagefind is fetched until a reader focuses the box (or presses
     /, s or f), so a page view costs only this file.
   - Small: Pagefind's own UI weighs 120 KB; this is a few KB, and a first query fetches
     pagefind.js, its WebAssembly, the index metadata, one or two index chunks and the
     fragments of the results shown.
   - Accessible: a labelled search landmark, a live status ("3 results"), results as a
     list of links in reading order, five at a time ("Show more results"); Tab or the
     arrow keys move through them, Escape closes, Enter follows the first result.
   - Safe: titles and excerpts are put in as text; only Pagefind's <mark> survives. */
(() => {
  "use strict";
  const root = document.querySelector("[data-nb-search]");
  const toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  const input = root.querySelector(".md-search__input");
  const form = root.querySelector(".md-search__form");
  const base = new URL(root.dataset.nbSearch || ".", location.href); // the site's root
  const PAGE = 5; // results per step, as Pagefind's own UI: each costs its page's fragment
  const SHORT = 3; // letters
  const placeholder = "Type to start searching";

  /* The results panel, in Material's markup, made here rather than sent in every page:
     a live status (made now, before anything is said in it), the list, "Show more". */
  const element = (tag, attributes, text) => {
    const made = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
    if (text) made.textContent = text;
    return made;
  };
  const status = element(
    "div",
    { class: "md-search-result__meta", id: "nb-search-status", role: "status" },
    placeholder,
  );
  const list = element("ol", {
    class: "md-search-result__list",
    id: "nb-search-results",
    "aria-label": "Search",
  });
  const more = element(
    "button",
    { type: "button", class: "nb-search-more", id: "nb-search-more", hidden: "" },
    "Show more results",
  );
  const result = element("div", { class: "md-search-result" });
  // Material's script reads data-md-scrollfix on DOMContentLoaded, after this (deferred) script.
  const scrollwrap = element("div", { class: "md-search__scrollwrap", "data-md-scrollfix": "" });
  const output = element("div", { class: "md-search__output" });
  result.append(status, list, more);
  scrollwrap.append(result);
  output.append(scrollwrap);
  form.after(output);
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-describedby", status.id);
  let engine = null;
  let latest = 0;
  let current = null; // the latest search's results, and how many are shown

  const load = () => {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", base).href).then(async (pagefind) => {
        // In this thread: a worker would cost a second copy of Pagefind's script (12 KB).
        await pagefind.options({ baseUrl: base.pathname, excerptLength: 24, noWorker: true });
        await pagefind.init();
        return pagefind;
      });
      engine.catch(() => {
        engine = null; // offline or not built: try again on the next keystroke
      });
    }
    return engine;
  };

  const open = () => {
    toggle.checked = true;
    load().catch(() => {});
  };
  const close = () => {
    toggle.checked = false;
  };

  /* Pagefind's excerpt is HTML (escaped text and <mark>); keep the text and the marks. */
  const excerpt = (html) => {
    const p = document.createElement("p");
    const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body;
    for (const node of parsed.firstChild ? parsed.firstChild.childNodes : []) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.append(mark);
      } else {
        p.append(node.textContent);
      }
    }
    return p;
  };

  const item = (page) => {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link nb-search-link";
    link.href = page.url;
    const box = document.createElement("div");
    box.className = "md-search-result__article md-typeset";
    const title = document.createElement("strong");
    title.className = "nb-search-title";
    title.textContent = page.meta.title || page.url;
    box.append(title);
    if (page.meta.kind) {
      const kind = document.createElement("span");
      kind.className = "nb-search-kind";
      kind.textContent = ` · ${page.meta.kind}`;
      box.append(kind);
    }
    box.append(excerpt(page.excerpt || ""));
    link.append(box);
    li.append(link);
    return li;
  };

  const say = (query, total, shown) => {
    if (!query) status.textContent = placeholder;
    else if (total === 0) status.textContent = `No results for “${query}”`;
    else if (total === 1) status.textContent = "1 result";
    else if (total <= shown) status.textContent = `${total} results`;
    else status.textContent = `${total} results, the best ${shown} shown`;
    more.hidden = !(total > shown);
  };

  const show = (query, results, pages) => {
    current = { query, results, shown: pages.length };
    list.replaceChildren(...pages.map(item));
    say(query, results.length, pages.length);
  };

  more.addEventListener("click", async () => {
    const shown = current;
    if (!shown) return;
    const next = shown.results.slice(shown.shown, shown.shown + PAGE);
    const pages = await Promise.all(next.map((r) => r.data()));
    if (shown !== current) return;
    const items = pages.map(item);
    list.append(...items);
    shown.shown += pages.length;
    if (items.length) items[0].querySelector("a").focus(); // on to the first new result,
    say(shown.query, shown.results.length, shown.shown); // before the button may hide
  });

  const run = async () => {
    timer = 0;
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) return show("", [], []);
    let pagefind;
    try {
      pagefind = await load();
    } catch (error) {
      status.textContent = "Search is not available";
      return;
    }
    const search = await pagefind.search(query);
    if (ticket !== latest) return; // a newer query is on its way
    const pages = await Promise.all(search.results.slice(0, PAGE).map((r) => r.data()));
    if (ticket === latest) show(query, search.results, pages);
  };

  /* Search once the reader pauses: 300 ms, as Pagefind's own UI.  Not Pagefind's
     debouncedSearch, which fetches the index chunks of every prefix typed on the way
     ("c", "ch", "che"…: the largest downloads of all, for results nobody waits for).
     A short last word waits longer (the reader is most likely still typing it), but is
     searched: "EU" works. */
  let timer = 0;
  const soon = () => {
    clearTimeout(timer);
    const last = input.value.trim().split(/\s+/).pop();
    timer = setTimeout(run, last.length < SHORT ? 700 : 300);
  };

  const links = () => [...list.querySelectorAll("a")];

  input.addEventListener("focus", open);
  input.addEventListener("input", () => {
    open();
    soon();
  });
  form.addEventListener("reset", () => setTimeout(run));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (timer) {
      clearTimeout(timer); // Enter before the pause: search now, then follow
      timer = 0;
      await run();
    }
    const first = links()[0];
    if (first) location.href = first.href;
  });
  toggle.addEventListener("change", () => {
    if (toggle.checked) input.focus(); // the phone layout opens the box from its button
  });
  root.addEventListener("focusout", (event) => {
    if (!root.contains(event.relatedTarget)) close();
  });
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      input.focus({ preventScroll: true }); // from a result back to the box, then closed
      close();
      event.preventDefault();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      open();
      const all = [input, ...links()];
      const at = all.indexOf(document.activeElement);
      const next = (at + (event.key === "ArrowDown" ? 1 : all.length - 1)) % all.length;
      all[next].focus();
      event.preventDefault();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    if (!["/", "s", "f"].includes(event.key)) return;
    const target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    input.focus();
  });
})();
