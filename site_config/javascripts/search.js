/* The site's search: Material's search box and result list, answered from our pre-built index in small files
 * (search/, written at build time by generator/browser/search_shards.py; its docstring has the format).
 *
 * Nothing of the index is loaded until a visitor types a query (the index's manifest, under 100 bytes, is
 * written into this script at build time; search/manifest.json is read only when the index has changed
 * since). Each query is cut into the index's words here (queryWords: the same cut as
 * generator/browser/search_tokens.py; tests/test_search_tokens.py compares the two) and loads only the
 * shards of its own words (in parallel; a very common word's postings are a file of their own), every word
 * being required; the records are scored (BM25: the index holds each record's term-frequency part, the idf
 * comes from the number of postings), and only the results shown are loaded (10 at a time). Results are
 * written in Material's result markup: title, context (page › section) and the text around the first
 * match, the matching words marked; keyboard as in Material (/ s f open, ↑ ↓ move, Enter opens, Esc closes).
 */
(function () {
  "use strict";

  var SCRIPT = document.currentScript;
  var ROOT = new URL("../", SCRIPT ? SCRIPT.src : location.href);
  var PAGE_SIZE = 10;
  var EXCERPT = 110;

  // ---- the index's words (keep in step with generator/browser/search_tokens.py) ----
  var HAN_START = 0x3400;
  var DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz";
  var FULL_DATE = /(?<![0-9])([0-9]{4})\s*[年./-]\s*([0-9]{1,2})\s*[月./-]\s*([0-9]{1,2})(?![0-9])[日号]?/g;
  var MONTH_DAY = /(?<![0-9])([0-9]{1,2})\s*月\s*([0-9]{1,2})(?![0-9])\s*[日号]/g;
  var PHONE = /(?<![0-9])([0-9]{3,4})\s*[-‐‑–—―－]\s*([0-9]{5,8})(?![0-9])/g;
  var WORD = /[\u3400-\u4dbf\u4e00-\u9fff]+|[0-9a-z]+/g;

  function normalise(text) {
    return text.normalize("NFKC").toLowerCase();
  }

  function hanWord(characters) {
    var word = "z";
    for (var i = 0; i < characters.length; i++) {
      var n = characters.charCodeAt(i) - HAN_START;
      word += DIGITS36[Math.floor(n / 1296)] + DIGITS36[Math.floor(n / 36) % 36] + DIGITS36[n % 36];
    }
    return word;
  }

  function pad(number) {
    return (Number(number) < 10 ? "0" : "") + Number(number);
  }

  function valid(month, day) {
    return Number(month) >= 1 && Number(month) <= 12 && Number(day) >= 1 && Number(day) <= 31;
  }

  function queryWords(query) {
    var text = normalise(query);
    var words = [];
    text = text.replace(FULL_DATE, function (match, year, month, day) {
      if (!valid(month, day)) return match;
      words.push("d" + year + pad(month) + pad(day));
      return " ";
    });
    text = text.replace(MONTH_DAY, function (match, month, day) {
      if (!valid(month, day)) return match;
      words.push("m" + pad(month) + pad(day));
      return " ";
    });
    text = text.replace(PHONE, function (match, area, number) {
      words.push(area + number);
      return " ";
    });
    (text.match(WORD) || []).forEach(function (run) {
      var code = run.charCodeAt(0);
      if (code < 0x3400 || code > 0x9fff) words.push(run);
      else if (run.length === 1) words.push(hanWord(run));
      else for (var i = 0; i + 1 < run.length; i++) words.push(hanWord(run.slice(i, i + 2)));
    });
    return words;
  }

  // ---- the index, loaded on demand (format: generator/browser/search_shards.py) ----
  var ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var DIGIT = new Int8Array(128); // character code → its value in ALPHABET
  for (var d = 0; d < ALPHABET.length; d++) DIGIT[ALPHABET.charCodeAt(d)] = d;
  // The manifest of the index built with this script, {d: folder, n: records, s: shards, b: the tokens with a file
  // of their own}, written in at build time (generator/browser/search_index.py): a query needs no request for it.
  var BUILT_INDEX = null;
  var manifest = null; // a promise of the manifest
  var files = {}; // path → promise of its JSON
  var lists = {}; // folder/token → promise of its postings

  // A file of the index that could not be had: why, in words for the visitor (never the browser's own message,
  // which is English: Failed to fetch). offline: no answer at all (no network, and no offline copy of the file).
  function failure(reason, offline) {
    var error = new Error(reason);
    error.gxReason = reason;
    error.gxOffline = offline;
    return error;
  }

  function getJson(path, options) {
    return fetch(new URL(path, ROOT).href, options).then(
      function (response) {
        if (!response.ok) throw failure("服务器回答 " + response.status, false);
        return response.json().catch(function () {
          throw failure("索引文件无法读取", false);
        });
      },
      function () {
        throw failure("", true);
      },
    );
  }

  // What the line above the results says when a query could not be answered.
  function failureLine(error) {
    if (error && error.gxOffline) return "无法载入搜索索引：似乎没有连上网络（本机也还没有离线副本）。请连上网络后再试。";
    var reason = error && error.gxReason;
    return "搜索暂时不可用" + (reason ? "（" + reason + "）" : "") + "，请稍后再试。";
  }

  // The manifest: the one written into this script; when the index has changed since (the script came from a cache),
  // search/manifest.json from the server (revalidated: it names the index of the build on the server).
  function load() {
    if (!manifest) {
      manifest = BUILT_INDEX ? Promise.resolve(BUILT_INDEX) : getJson("search/manifest.json", { cache: "no-cache" });
      manifest.catch(function () {
        manifest = null;
      });
    }
    return manifest;
  }

  function file(path) {
    if (!files[path]) {
      files[path] = getJson(path);
      files[path].catch(function () {
        delete files[path];
      });
    }
    return files[path];
  }

  // The 32-bit FNV-1a hash of an ASCII token, as search_shards.fnv1a: which shard holds it.
  function shardOf(token, count) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193) >>> 0;
    return hash % count;
  }

  // Postings as written by search_shards.encode: per record, its id gap (base-32 varint) and its level.
  function decode(text) {
    var ids = [];
    var levels = [];
    var id = -1;
    for (var at = 0; at < text.length; ) {
      var gap = 0;
      var shift = 0;
      var digit;
      while ((digit = DIGIT[text.charCodeAt(at++)]) >= 32) {
        gap |= (digit - 32) << shift;
        shift += 5;
      }
      id += (gap | (digit << shift)) + 1;
      ids.push(id);
      levels.push(DIGIT[text.charCodeAt(at++)]);
    }
    return { ids: ids, levels: levels };
  }

  // A token's postings: from its shard, or from a file of its own when the manifest lists it among the common ones.
  function postings(index, token) {
    var key = index.d + "/" + token;
    if (!lists[key]) {
      var folder = "search/" + index.d + "/";
      if (!index.own) index.own = " " + (index.b || "") + " ";
      lists[key] =
        index.own.indexOf(" " + token + " ") >= 0
          ? file(folder + "t/" + token + ".json").then(decode)
          : file(folder + "p/" + shardOf(token, index.s) + ".json").then(function (shard) {
              return decode(Object.prototype.hasOwnProperty.call(shard, token) ? shard[token] : "");
            });
      lists[key].catch(function () {
        delete lists[key];
      });
    }
    return lists[key];
  }

  // When no record has every word of the query (考试几次: no text says 试几), the records having at least half of
  // its first PARTLY_WORDS words, most words first.
  var PARTLY_WORDS = 12;
  // A pasted paragraph is searched by its first MAX_WORDS words (each one loads a shard).
  var MAX_WORDS = 64;

  // The records answering the words, best first: {ids, partial}. Score: the sum over the words of idf × level.
  function rank(index, words) {
    var unique = words
      .filter(function (word, at) {
        return words.indexOf(word) === at;
      })
      .slice(0, MAX_WORDS);
    if (!unique.length) return Promise.resolve({ ids: [], partial: false });
    return Promise.all(
      unique.map(function (word) {
        return postings(index, word);
      }),
    ).then(function (found) {
      var score = new Float64Array(index.n);
      var all = new Uint8Array(index.n); // how many of the words a record has (at most MAX_WORDS)
      var first = new Uint8Array(index.n); // … of the first PARTLY_WORDS words
      found.forEach(function (list, at) {
        var df = list.ids.length;
        var idf = Math.log(1 + (index.n - df + 0.5) / (df + 0.5));
        for (var i = 0; i < df; i++) {
          var id = list.ids[i];
          score[id] += idf * list.levels[i];
          all[id] += 1;
          if (at < PARTLY_WORDS) first[id] += 1;
        }
      });
      var shortest = found.reduce(function (a, b) {
        return b.ids.length < a.ids.length ? b : a;
      });
      var ids = shortest.ids.filter(function (id) {
        return all[id] === unique.length;
      });
      var partial = !ids.length && unique.length >= 2;
      if (partial) {
        var enough = Math.ceil(Math.min(unique.length, PARTLY_WORDS) / 2);
        var seen = new Uint8Array(index.n);
        found.slice(0, PARTLY_WORDS).forEach(function (list) {
          list.ids.forEach(function (id) {
            if (!seen[id] && first[id] >= enough) ids.push(id);
            seen[id] = 1;
          });
        });
      }
      ids.sort(function (a, b) {
        return (partial ? first[b] - first[a] : 0) || score[b] - score[a] || a - b;
      });
      return { ids: ids, partial: partial && ids.length > 0 };
    });
  }

  function record(index, id) {
    return file("search/" + index.d + "/r/" + id + ".json");
  }

  // The answer to a query: {ids (ranked), partial, index, first: promises of the first PAGE_SIZE records as shown,
  // the first of them already there} (the tests call it through window.gxSearch). When a file of the index is
  // missing, the site was published again since this script or the manifest was read (the old index's folder is
  // gone): the manifest is read from the server and the query answered again, once.
  function answer(query, again) {
    var words = queryWords(query);
    return load()
      .then(function (index) {
        return rank(index, words).then(function (found) {
          found.index = index;
          found.first = found.ids.slice(0, PAGE_SIZE).map(function (id) {
            return record(index, id);
          });
          return Promise.resolve(found.first[0]).then(function () {
            return found;
          });
        });
      })
      .catch(function (error) {
        if (again || (error && error.gxOffline)) throw error; // no network: asking for the manifest will not help
        manifest = null;
        BUILT_INDEX = null;
        return answer(query, true);
      });
  }

  // ---- the page's search box (Material's markup, site_config/overrides/partials/search.html) ----
  function parts() {
    var box = document.querySelector(".md-search");
    if (!box) return null;
    return {
      toggle: document.getElementById("__search"),
      input: box.querySelector(".md-search__input"),
      meta: box.querySelector(".md-search-result__meta"),
      list: box.querySelector(".md-search-result__list"),
      scroll: box.querySelector(".md-search__scrollwrap"),
    };
  }

  function translations() {
    try {
      return JSON.parse(document.getElementById("__config").textContent).translations || {};
    } catch (error) {
      return {};
    }
  }

  function countLine(count) {
    var t = translations();
    if (count === 0) return t["search.result.none"] || "没有找到符合条件的结果";
    if (count === 1) return t["search.result.one"] || "找到 1 个符合条件的结果";
    return (t["search.result.other"] || "# 个符合条件的结果").replace("#", String(count));
  }

  // ---- marking the query's words in a text ----
  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // The spans [start, end) of a text that answer the query: its Chinese runs, letters and digits, dates in any form.
  function matches(text, query) {
    var spans = [];
    var lower = normalise(text);
    if (lower.length !== text.length) lower = text.toLowerCase();
    var wanted = queryWords(query);
    var dates = wanted.filter(function (word) {
      return /^[dm][0-9]+$/.test(word);
    });
    [FULL_DATE, MONTH_DAY].forEach(function (pattern) {
      pattern.lastIndex = 0;
      var match;
      while ((match = pattern.exec(lower))) {
        var day = pad(match[match.length - 1]);
        var month = pad(match[match.length - 2]);
        var word = match.length === 4 ? "d" + match[1] + month + day : null;
        if (dates.indexOf(word) >= 0 || dates.indexOf("m" + month + day) >= 0) spans.push([match.index, match.index + match[0].length]);
      }
    });
    var needles = normalise(query).replace(FULL_DATE, " ").replace(MONTH_DAY, " ").match(/[\u3400-\u4dbf\u4e00-\u9fff]+|[0-9a-z]+/g) || [];
    needles.forEach(function (needle) {
      var from = 0;
      var at;
      while ((at = lower.indexOf(needle, from)) >= 0) {
        spans.push([at, at + needle.length]);
        from = at + needle.length;
      }
    });
    spans.sort(function (a, b) {
      return a[0] - b[0];
    });
    var merged = [];
    spans.forEach(function (span) {
      var last = merged[merged.length - 1];
      if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
      else merged.push(span.slice());
    });
    return merged;
  }

  function marked(text, spans, from, to) {
    var html = "";
    var at = from;
    spans.forEach(function (span) {
      var start = Math.max(span[0], from);
      var end = Math.min(span[1], to);
      if (end <= start) return;
      html += escapeHtml(text.slice(at, start)) + "<mark>" + escapeHtml(text.slice(start, end)) + "</mark>";
      at = end;
    });
    return html + escapeHtml(text.slice(at, to));
  }

  function excerpt(text, query) {
    var spans = matches(text, query);
    var start = spans.length ? Math.max(0, spans[0][0] - 30) : 0;
    var end = Math.min(text.length, start + EXCERPT);
    return (start > 0 ? "…" : "") + marked(text, spans, start, end) + (end < text.length ? "…" : "");
  }

  // A record as search_shards writes it: [url with anchor, title, context, text].
  function item(shown, query) {
    var href = new URL(shown[0], ROOT).href;
    var title = shown[1] || "";
    var context = shown[2] || "";
    var text = shown[3] || "";
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    li.innerHTML =
      '<a href="' + escapeHtml(href) + '" class="md-search-result__link" tabindex="-1">' +
      '<article class="md-search-result__article md-typeset">' +
      '<div class="md-search-result__icon md-icon"></div>' +
      "<h1>" + marked(title, matches(title, query), 0, title.length) + "</h1>" +
      (context ? '<p class="gx-search-context">' + escapeHtml(context) + "</p>" : "") +
      (text ? "<p>" + excerpt(text, query) + "</p>" : "") +
      "</article></a>";
    return li;
  }

  // ---- searching ----
  var latest = 0;
  var pending = [];
  var shownIndex = null;
  var shownQuery = "";

  function search(query) {
    var box = parts();
    if (!box) return Promise.resolve();
    var id = ++latest;
    if (!queryWords(query).length) {
      pending = [];
      box.list.innerHTML = "";
      box.list.removeAttribute("aria-busy");
      box.list.setAttribute("data-gx-query", query);
      // Typed, but only punctuation or emoji (!!!, 😀): say so, rather than the prompt to start typing.
      box.meta.textContent = query.trim()
        ? "查询中没有可以搜索的字：请输入汉字、字母或数字。"
        : translations()["search.result.placeholder"] || "键入以开始搜索";
      return Promise.resolve();
    }
    box.list.setAttribute("aria-busy", "true");
    return answer(query)
      .then(function (found) {
        if (id !== latest) return;
        pending = found.ids.slice(PAGE_SIZE);
        shownIndex = found.index;
        shownQuery = query;
        box.list.innerHTML = "";
        box.meta.textContent = found.partial
          ? "没有完全符合的结果；" + found.ids.length + " 个部分符合（至少有查询的一半字词）"
          : countLine(found.ids.length);
        // Each result shown as soon as it and those above it are there (the first one is).
        return found.first
          .reduce(function (previous, next) {
            return previous.then(function () {
              return next.then(function (shown) {
                if (id === latest) box.list.appendChild(item(shown, query));
              });
            });
          }, Promise.resolve())
          .then(function () {
            if (id !== latest) return;
            box.list.removeAttribute("aria-busy");
            box.list.setAttribute("data-gx-query", query); // what the list now answers (tests wait for it)
          });
      })
      .catch(function (error) {
        if (id !== latest) return;
        box.list.innerHTML = "";
        box.list.removeAttribute("aria-busy");
        box.meta.textContent = failureLine(error);
      });
  }

  // The next results, when the list is scrolled to its end or ↓ reaches its last result.
  function more(id) {
    var box = parts();
    var next = pending.splice(0, PAGE_SIZE);
    if (!box || !next.length) return Promise.resolve();
    var index = shownIndex;
    return Promise.all(
      next.map(function (number) {
        return record(index, number);
      }),
    ).then(function (all) {
      if (id !== latest) return;
      all.forEach(function (shown) {
        box.list.appendChild(item(shown, shownQuery));
      });
    });
  }

  // ---- events: on demand loading, typing, keyboard, closing ----
  function inSearch(target) {
    return Boolean(target && target.closest && target.closest(".md-search, [for='__search'], #__search, [data-gx-open-search]"));
  }

  function open() {
    var box = parts();
    if (!box) return;
    if (box.toggle && !box.toggle.checked) {
      box.toggle.checked = true;
      box.toggle.dispatchEvent(new Event("change", { bubbles: true }));
    }
    box.input.focus();
    load();
  }

  function close() {
    var box = parts();
    if (!box) return;
    if (box.toggle && box.toggle.checked) {
      box.toggle.checked = false;
      box.toggle.dispatchEvent(new Event("change", { bubbles: true }));
    }
    box.input.blur();
  }

  document.addEventListener("focusin", function (event) {
    if (inSearch(event.target)) load();
  }, true);
  // A button that opens the search (the 404 page's 搜索本站, data-gx-open-search; data-gx-search marks the tables
  // with a find box): a real button, so Enter, Space and a click all work.
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("[data-gx-open-search]") : null;
    if (button) open();
  });
  document.addEventListener("pointerdown", function (event) {
    if (inSearch(event.target)) load();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) {
      var box = parts();
      if (box && document.activeElement !== box.input) box.input.focus();
      load();
    }
  });
  document.addEventListener("input", function (event) {
    if (event.target && event.target.matches && event.target.matches(".md-search__input")) {
      var box = parts();
      if (box && box.toggle && !box.toggle.checked) box.toggle.checked = true;
      search(event.target.value);
    }
  });
  document.addEventListener("submit", function (event) {
    if (event.target && event.target.matches && event.target.matches(".md-search__form")) {
      event.preventDefault();
      var first = document.querySelector(".md-search-result__link");
      if (first) first.click();
    }
  });
  document.addEventListener("reset", function (event) {
    if (event.target && event.target.matches && event.target.matches(".md-search__form")) {
      setTimeout(function () {
        search("");
        var box = parts();
        if (box) box.input.focus();
      });
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target && event.target.closest && event.target.closest(".md-search-result__link")) close();
  });
  document.addEventListener("scroll", function (event) {
    var box = parts();
    if (!box || event.target !== box.scroll || !pending.length) return;
    if (box.scroll.scrollTop + box.scroll.clientHeight >= box.scroll.scrollHeight - 40) more(latest);
  }, true);

  document.addEventListener("keydown", function (event) {
    var box = parts();
    if (!box || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    var active = box.toggle && box.toggle.checked;
    if (!active) {
      if (!typing && /^[/sSfF]$/.test(event.key)) {
        event.preventDefault();
        open();
      }
      return;
    }
    var links = Array.prototype.slice.call(box.list.querySelectorAll(".md-search-result__link"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!links.length) return;
      event.preventDefault();
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      if (next < 0) box.input.focus();
      else links[Math.min(next, links.length - 1)].focus();
      if (event.key === "ArrowDown" && next >= links.length - 1 && pending.length) more(latest);
    } else if (event.key === "Enter" && at >= 0) {
      event.preventDefault();
      links[at].click();
    } else if (at >= 0 && event.key.length === 1) {
      box.input.focus(); // typing while a result is focused goes on in the box, as in Material
    }
  });

  // An address with ?q=… opens the search with that query (as Material's search did).
  var asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    var start = function () {
      var box = parts();
      if (!box) return;
      box.input.value = asked;
      open();
      search(asked);
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }

  window.gxSearch = { queryWords: queryWords, search: search, load: load, answer: answer, shardOf: shardOf, decode: decode };
})();
