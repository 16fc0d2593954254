/* Page behaviour of the site, without any library: filterable and sortable tables, deadlines counted
 * from today, the address's #fragment shown even when it is folded away. Every page works without it (plain
 * tables, dates as text). Bound with Material's `document$` so it runs again after each instant navigation. */
(function () {
  "use strict";

  /* Made when a table is first sorted: creating a zh-CN collator costs a fresh page 7–11 ms of its main thread
   * (Chromium, measured), which every page paid on load, sorted or not. */
  var collator = null;

  function todayIso() {
    var now = new Date();
    var month = String(now.getMonth() + 1).padStart(2, "0");
    var day = String(now.getDate()).padStart(2, "0");
    return now.getFullYear() + "-" + month + "-" + day;
  }

  function daysBetween(fromIso, toIso) {
    return Math.round((Date.parse(toIso + "T00:00:00Z") - Date.parse(fromIso + "T00:00:00Z")) / 86400000);
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function sortValue(cell) {
    return cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
  }

  function compareValues(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) return x - y;
    if (!collator) collator = new Intl.Collator("zh-CN", { numeric: true });
    return collator.compare(a, b);
  }

  /* The filter state kept in the address (?key=value&find=…), so a filtered list can be shared. */
  var MAX_PARAM = 100;

  // A value from the address as a message quotes it: control characters as spaces, bidirectional controls and
  // invisible characters as escapes (as the calculator's messages: an override, U+202E, turned the sentence around).
  function shortened(value) {
    var plain = value.replace(/[\u0000-\u001f\u007f]/g, " ");
    var cut = plain.length > 20 ? plain.slice(0, 20) + "…" : plain;
    return cut.replace(/[\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function writeAddress(selects, search) {
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var key = select.getAttribute("data-filter-key");
      if (select.value) params.set(key, select.value); else params.delete(key);
    });
    if (search) {
      if (search.value.trim()) params.set("find", search.value.trim()); else params.delete("find");
    }
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", address);
  }

  /* The find box's matching: full-width characters as half-width (０７７１ is 0771), letters in either case, and the
   * separators inside a phone number ignored (07713237366 finds 0771-3237366, and 0771 3237366 finds it too). */
  var NUMBER_GAP = /([0-9])[\s\-\u2010-\u2015\u2212.·()（）]+(?=[0-9])/g;

  function folded(text) {
    return text.normalize("NFKC").toLowerCase();
  }

  function withoutGaps(text) {
    return text.replace(NUMBER_GAP, "$1");
  }

  /* What the find box looks through in a row: its cells (one per line, so that numbers in two cells never join) and
   * the organisation's other names when the page gives them (data-gx-names: 钦州学院 for 北部湾大学). */
  function findText(row) {
    var cells = Array.prototype.map.call(row.cells, function (cell) { return cell.textContent; });
    var names = row.getAttribute("data-gx-names");
    var text = folded(cells.concat(names ? [names] : []).join("\n"));
    return { plain: text, compact: withoutGaps(text) };
  }

  /* The box the table scrolls in (Material wraps tables), so that filters go above it, not inside it. */
  function outerBox(table) {
    return table.closest(".md-typeset__scrollwrap") || table;
  }

  /* Filters (a select per th[data-filter], a search box) and a row counter above the table. */
  /* The address's filter fields that cannot be taken as they are: named twice (?city=柳州市&city=桂林市: which one?)
   * or with a broken %-escape (%E4%B8, half a character, which URLSearchParams reads as �). As the calculator refuses
   * them (calculator/fields.js), they are not applied, and the note says why. */
  function addressTrouble() {
    var named = {};
    var broken = {};
    window.location.search.slice(1).split("&").forEach(function (segment) {
      if (!segment) return;
      var at = segment.indexOf("=");
      var key = at < 0 ? segment : segment.slice(0, at);
      try {
        key = decodeURIComponent(key.replace(/\+/g, " "));
        decodeURIComponent((at < 0 ? "" : segment.slice(at + 1)).replace(/\+/g, " "));
      } catch (error) {
        broken[key] = true;
      }
      named[key] = (named[key] || 0) + 1;
    });
    return { named: named, broken: broken };
  }

  function addFilters(table, rows) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var bar = element("div", { "class": "gx-filter-bar", role: "search", "aria-label": "筛选" });
    var selects = [];
    var refused = [];
    var unreadable = [];
    var params = new URLSearchParams(window.location.search);
    var trouble = addressTrouble();
    // A field named twice or broken: said, not applied (true); else false.
    function troubled(key, label) {
      if (trouble.broken[key]) unreadable.push(label + "（编码不完整）");
      else if (trouble.named[key] > 1) unreadable.push(label + "（写了 " + trouble.named[key] + " 次）");
      else return false;
      return true;
    }
    headers.forEach(function (th, column) {
      var key = th.getAttribute("data-filter");
      if (!key) return;
      var seen = {};
      rows.forEach(function (row) {
        var value = row.getAttribute("data-" + key) || "";
        if (!Object.prototype.hasOwnProperty.call(seen, value)) seen[value] = { order: sortValue(row.cells[column]), count: 0 };
        seen[value].count += 1;
      });
      var values = Object.keys(seen).sort(function (a, b) { return compareValues(seen[a].order, seen[b].order); });
      var label = element("label", { "class": "gx-filter" });
      label.appendChild(element("span", {}, th.textContent.trim()));
      var select = element("select", { "data-filter-key": key });
      select.appendChild(element("option", { value: "" }, "全部"));
      values.forEach(function (value) {
        select.appendChild(element("option", { value: value }, (value || "（空）") + "（" + seen[value].count + "）"));
      });
      if (params.has(key) && !troubled(key, th.textContent.trim())) {
        var wanted = params.get(key);
        if (wanted.length <= MAX_PARAM && Object.prototype.hasOwnProperty.call(seen, wanted)) select.value = wanted;
        else if (wanted) refused.push(th.textContent.trim() + "“" + shortened(wanted) + "”");
      }
      label.appendChild(select);
      bar.appendChild(label);
      selects.push(select);
    });
    var search = null;
    if (table.hasAttribute("data-gx-search")) {
      var searchLabel = element("label", { "class": "gx-filter gx-filter-text" });
      searchLabel.appendChild(element("span", {}, "查找"));
      search = element("input", { type: "search", placeholder: "名称、电话……", maxlength: String(MAX_PARAM), "data-filter-text": "" });
      if (params.has("find") && !troubled("find", "查找")) {  // not "q": Material opens its search for ?q=
        var find = params.get("find");
        if (find.length <= MAX_PARAM && !/[\u0000-\u001f\u007f]/.test(find)) search.value = find;
        else refused.push("查找“" + shortened(find) + "”");
      }
      searchLabel.appendChild(search);
      bar.appendChild(searchLabel);
    }
    var counter = element("p", { "class": "gx-filter-count", "aria-live": "polite" });
    bar.appendChild(counter);
    if (refused.length || unreadable.length) {
      var notes = [];
      if (refused.length) notes.push("网址中的筛选条件" + refused.join("、") + "不在本表中");
      if (unreadable.length) notes.push("网址中的筛选条件" + unreadable.join("、") + "无法读取");
      bar.appendChild(element("p", { "class": "gx-filter-refused", role: "status" },
        notes.join("；") + "，已忽略，显示全部。"));
    }
    var box = outerBox(table);
    box.parentNode.insertBefore(bar, box);

    var texts = null; // each row's findText, worked out when something is first looked for
    function apply() {
      var needle = search ? folded(search.value.trim()) : "";
      var compactNeedle = withoutGaps(needle);
      if (needle && !texts) texts = rows.map(findText);
      var shown = 0;
      rows.forEach(function (row, index) {
        var visible = selects.every(function (select) {
          return !select.value || row.getAttribute("data-" + select.getAttribute("data-filter-key")) === select.value;
        });
        if (visible && needle) {
          visible = texts[index].plain.indexOf(needle) !== -1 || texts[index].compact.indexOf(compactNeedle) !== -1;
        }
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      counter.textContent = shown === rows.length ? "共 " + rows.length + " 行" : "显示 " + shown + " / " + rows.length + " 行";
    }
    function changed() {
      apply();
      writeAddress(selects, search);
    }
    selects.forEach(function (select) { select.addEventListener("change", changed); });
    if (search) search.addEventListener("input", changed);
    apply();
  }

  /* Each cell names its column (data-label), so narrow screens can show a row as a card (site.css). */
  function labelCells(table) {
    var names = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent.trim(); });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, column) {
          if (!cell.hasAttribute("data-label") && names[column]) cell.setAttribute("data-label", names[column]);
        });
      });
    });
  }

  /* Headers become buttons that sort the rows, ascending then descending. */
  function addSorting(table, rows) {
    var body = table.tBodies[0];
    rows.forEach(function (row, index) { row.setAttribute("data-original-index", String(index)); });
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (th, column) {
      var button = element("button", { type: "button", "class": "gx-sort", title: "按此列排序" }, th.textContent.trim());
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var ordered = rows.slice().sort(function (a, b) {
          var result = compareValues(sortValue(a.cells[column]), sortValue(b.cells[column]));
          if (!ascending) result = -result;
          return result || Number(a.getAttribute("data-original-index")) - Number(b.getAttribute("data-original-index"));
        });
        ordered.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  /* The date a row is due next: data-date, or this year's (else next year's) day for a yearly one (data-every="MM-DD"). */
  function dueDate(row, today) {
    var date = row.getAttribute("data-date");
    if (date) return date;
    var every = row.getAttribute("data-every");
    if (!every) return null;
    var year = Number(today.slice(0, 4));
    return (year + "-" + every) >= today ? year + "-" + every : (year + 1) + "-" + every;
  }

  function daysLeftText(days) {
    return days === 0 ? "今天截止" : "还有 " + days + " 天";
  }

  function chineseDate(iso) {
    return Number(iso.slice(0, 4)) + "年" + Number(iso.slice(5, 7)) + "月" + Number(iso.slice(8, 10)) + "日";
  }

  /* Rows with data-date: past ones greyed, the next one marked; with data-gx-upcoming, upcoming rows first
   * (nearest first, days left in each) under a today marker, past ones folded below in <details>. */
  function markDates(table, rows, today) {
    var next = null;
    rows.forEach(function (row) {
      var date = dueDate(row, today);
      if (!date) return;
      row.classList.toggle("gx-past", date < today);
      if (date >= today && (next === null || date < dueDate(next, today))) next = row;
    });
    if (next) next.classList.add("gx-next");
    if (!table.hasAttribute("data-gx-upcoming")) return rows;
    var upcoming = rows.filter(function (row) { return !row.classList.contains("gx-past"); });
    var past = rows.filter(function (row) { return row.classList.contains("gx-past"); });
    upcoming.sort(function (a, b) { return dueDate(a, today) < dueDate(b, today) ? -1 : dueDate(a, today) > dueDate(b, today) ? 1 : 0; });
    upcoming.forEach(function (row) {
      var days = daysBetween(today, dueDate(row, today));
      var badge = element("span", { "class": "gx-days-left" }, daysLeftText(days));
      row.cells[0].insertBefore(element("br"), row.cells[0].firstChild);
      row.cells[0].insertBefore(badge, row.cells[0].firstChild);
      table.tBodies[0].appendChild(row);
    });
    var box = outerBox(table);
    var marker = element("p", { "class": "gx-today", "data-gx-today": today },
      "今天是 " + chineseDate(today) + "（按您设备上的日期）。" +
      (upcoming.length ? "以下 " + upcoming.length + " 个期限尚未到，最近的在前；" : "全部期限都已过；") +
      (past.length ? "已过的 " + past.length + " 个折叠在表格下方。" : ""));
    box.parentNode.insertBefore(marker, box);
    if (past.length) {
      var details = element("details", { "class": "gx-past-deadlines" });
      details.appendChild(element("summary", {}, "已过的期限（" + past.length + " 个）"));
      var pastTable = element("table", { "data-gx-cards": "", "data-gx-past": "" });
      pastTable.appendChild(table.tHead.cloneNode(true));
      var pastBody = element("tbody");
      past.reverse().forEach(function (row) { pastBody.appendChild(row); });
      pastTable.appendChild(pastBody);
      var scroll = element("div", { "class": "gx-past-scroll" });
      scroll.appendChild(pastTable);
      details.appendChild(scroll);
      box.parentNode.insertBefore(details, box.nextSibling);
      labelCells(pastTable);
    }
    return upcoming;
  }

  function enhanceTable(table) {
    if (table.hasAttribute("data-gx-ready") || !table.tHead || !table.tBodies.length) return;
    table.setAttribute("data-gx-ready", "");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var sortable = table.hasAttribute("data-gx-dates") ? markDates(table, rows, todayIso()) : rows;
    addFilters(table, rows);
    addSorting(table, sortable);
    labelCells(table);
  }

  /* The home page: the next deadline from today, counted in days. */
  function showNextDeadline(box) {
    var today = todayIso();
    var items = Array.prototype.slice.call(box.querySelectorAll("li[data-date]"));
    var upcoming = items.filter(function (item) { return item.getAttribute("data-date") >= today; });
    items.forEach(function (item) {
      var place = upcoming.indexOf(item);
      item.hidden = place === -1 || place > 2;  // the next three: the first phone screen stays short
    });
    var countdown = box.querySelector("[data-gx-countdown]");
    if (!countdown) return;
    if (!upcoming.length) {
      countdown.textContent = "暂无";
    } else {
      var days = daysBetween(today, upcoming[0].getAttribute("data-date"));
      countdown.textContent = daysLeftText(days);
      upcoming[0].classList.add("gx-next");
    }
    countdown.hidden = false;
  }

  /* The element the address's #fragment names, shown: the closed <details> around it opened (markDates folds the
   * past deadlines), then scrolled to. Chromium does this by itself only when a page is loaded with the fragment (its
   * fragment scroll opens closed <details>, after site.js has folded the rows); Material's instant navigation and its
   * same-page links scroll before site.js has folded anything, and a hashchange opens nothing. So every path comes
   * here: a page shown (loaded, or by instant navigation), a hashchange, a click on a link to this page. */
  function fragmentTarget() {
    var id;
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return null;
    }
    return id ? document.getElementById(id) : null;
  }

  function openAround(target) {
    var opened = false;
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) {
        node.open = true;
        opened = true;
      }
    }
    return opened;
  }

  /* Runs the callback once the page can scroll: on a phone Material locks the page while its search is open
   * (body[data-md-scrolllock]) and, 100 ms after the search closes, unlocks it and scrolls back to where it was, undoing
   * any jump made meanwhile. */
  function whenScrollable(callback) {
    var body = document.body;
    if (!body.hasAttribute("data-md-scrolllock")) {
      callback();
      return;
    }
    var done = false;
    var observer = new MutationObserver(function () {
      if (!body.hasAttribute("data-md-scrolllock")) finish();
    });
    var timer = setTimeout(finish, 1000);
    function finish() {
      if (done) return;
      done = true;
      observer.disconnect();
      clearTimeout(timer);
      callback();
    }
    observer.observe(body, { attributes: true, attributeFilter: ["data-md-scrolllock"] });
  }

  /* always: scroll to the target even when no <details> had to be opened (a search result on this page: the jump was
   * made under the search's lock); focus: and move the focus there, as the search that had it has closed. */
  function revealTarget(always, focus) {
    var target = fragmentTarget();
    if (!target || (!openAround(target) && !always)) return;
    whenScrollable(function () {
      if (fragmentTarget() !== target) return; // gone elsewhere since
      target.scrollIntoView();
      if (focus) {
        if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
        target.focus({ preventScroll: true });
      }
      keepInPlace(target);
    });
  }

  /* For a moment, the target is scrolled to again whenever the page's width changes: on a phone the closing search
   * slides out past the right edge, the browser widens the page to show it (the text reflows, shorter) and narrows it
   * again some 300 ms later, leaving the target far from where it was scrolled to. No resize event says so: the width
   * is looked at every frame. (Height changes, such as a phone's address bar hiding, are left alone.) */
  function keepInPlace(target) {
    var width = window.innerWidth;
    var until = Date.now() + 1500;
    function look() {
      if (Date.now() > until || fragmentTarget() !== target) return;
      if (window.innerWidth !== width) {
        width = window.innerWidth;
        target.scrollIntoView();
      }
      window.requestAnimationFrame(look);
    }
    window.requestAnimationFrame(look);
  }

  /* A link to a fragment just followed: {path, hash, always, focus, until}. Shown once the navigation is done, and again
   * when Material's instant navigation then replaces the page with a fresh copy of it (it does so for the first link
   * followed on a page, even to the same page), within a few seconds. */
  var followed = null;

  /* A click on a link, seen before Material's instant navigation handles it (while the address is still this page's):
   * a fragment of this page, or a search result (on a phone the search's lock undoes the jump to it, too, when the
   * page comes quickly), which also takes the focus the search had. */
  function followedLink(event) {
    var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || !link.hash || link.origin !== window.location.origin) return;
    if (event.button || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || link.target) return;
    var result = Boolean(link.closest(".md-search-result"));
    var here = link.pathname === window.location.pathname;
    if (!result && !here) return;
    followed = { path: link.pathname, hash: link.hash, always: result, focus: result, until: Date.now() + 3000 };
    if (here) setTimeout(showFragment); // another page: once it is shown (enhance), not in this one
  }

  function showFragment() {
    var address = window.location;
    if (followed && (Date.now() > followed.until || followed.path !== address.pathname || followed.hash !== address.hash)) {
      followed = null;
    }
    revealTarget(Boolean(followed && followed.always), Boolean(followed && followed.focus));
  }

  document.addEventListener("click", followedLink, true);
  window.addEventListener("hashchange", showFragment);

  /* Printing prints what is folded too (the past deadlines: the page says they are below the table), and folds it
   * again afterwards. */
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    openedForPrint = Array.prototype.filter.call(document.querySelectorAll(".md-typeset details:not([open])"), function (details) {
      details.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (details) { details.open = false; });
    openedForPrint = [];
  });

  /* Material's menu button (☰, a <label> for the drawer's checkbox) cannot be reached with the keyboard; on a narrow
   * screen the keyboard instead went through the closed drawer's ~90 links, each focused unseen (92 presses to reach
   * the calculator's first field). The label is replaced by a real button (Enter, Space, click; its state said by
   * aria-expanded), and the drawer is inert while it is closed on a narrow screen (NARROW: where Material shows it
   * as a drawer). */
  var NARROW = window.matchMedia ? window.matchMedia("(max-width: 76.234375em)") : null;
  function drawerParts() {
    return { toggle: document.getElementById("__drawer"), drawer: document.querySelector(".md-sidebar--primary") };
  }
  function updateDrawer() {
    var parts = drawerParts();
    if (!parts.toggle) return;
    if (parts.drawer) parts.drawer.inert = Boolean(NARROW && NARROW.matches && !parts.toggle.checked);
    document.querySelectorAll(".gx-drawer-button").forEach(function (button) {
      button.setAttribute("aria-expanded", parts.toggle.checked ? "true" : "false");
    });
  }
  function drawerButton() {
    var label = document.querySelector('.md-header label[for="__drawer"]');
    if (!label || label.hidden) return; // replaced already (instant navigation keeps the header)
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " gx-drawer-button";
    button.setAttribute("aria-label", "打开导航菜单");
    button.setAttribute("aria-controls", "__drawer");
    Array.prototype.forEach.call(label.childNodes, function (node) {
      button.appendChild(node.cloneNode(true)); // Material's icon
    });
    button.addEventListener("click", function () {
      var toggle = drawerParts().toggle;
      if (!toggle) return;
      toggle.checked = !toggle.checked;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
    });
    label.hidden = true;
    label.parentNode.insertBefore(button, label);
  }
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__drawer") updateDrawer();
  });
  if (NARROW && NARROW.addEventListener) NARROW.addEventListener("change", updateDrawer);

  function enhance() {
    drawerButton();
    updateDrawer();
    document.querySelectorAll("table[data-gx-table]").forEach(enhanceTable);
    document.querySelectorAll("table[data-gx-cards]:not([data-gx-table]), table[data-gx-changes]").forEach(function (table) {
      if (table.tHead) labelCells(table);
    });
    document.querySelectorAll("[data-gx-next-deadline]").forEach(showNextDeadline);
    document.documentElement.classList.add("gx-js");
    showFragment();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
