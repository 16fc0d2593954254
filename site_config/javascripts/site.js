/* Page behaviour of the site, without any library: filterable and sortable tables, deadlines counted
 * from today. Every page works without it (plain tables, dates as text). Bound with Material's
 * `document$` so it runs again after each instant navigation. */
(function () {
  "use strict";

  var collator = new Intl.Collator("zh-CN", { numeric: true });

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
    return collator.compare(a, b);
  }

  /* Filters (a select per th[data-filter], a search box) and a row counter above the table. */
  function addFilters(table, rows) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var bar = element("div", { "class": "gx-filter-bar", role: "search" });
    var selects = [];
    var params = new URLSearchParams(window.location.search);
    headers.forEach(function (th, column) {
      var key = th.getAttribute("data-filter");
      if (!key) return;
      var seen = {};
      rows.forEach(function (row) {
        var value = row.getAttribute("data-" + key) || "";
        if (!(value in seen)) seen[value] = { order: sortValue(row.cells[column]), count: 0 };
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
      if (params.has(key) && params.get(key) in seen) select.value = params.get(key);
      label.appendChild(select);
      bar.appendChild(label);
      selects.push(select);
    });
    var search = null;
    if (table.hasAttribute("data-gx-search")) {
      var searchLabel = element("label", { "class": "gx-filter gx-filter-text" });
      searchLabel.appendChild(element("span", {}, "查找"));
      search = element("input", { type: "search", placeholder: "名称、电话……", "data-filter-text": "" });
      if (params.has("find")) search.value = params.get("find");  // not "q": Material opens its search for ?q=
      searchLabel.appendChild(search);
      bar.appendChild(searchLabel);
    }
    var counter = element("p", { "class": "gx-filter-count", "aria-live": "polite" });
    bar.appendChild(counter);
    table.parentNode.insertBefore(bar, table);

    function apply() {
      var needle = search ? search.value.trim().toLowerCase() : "";
      var shown = 0;
      rows.forEach(function (row) {
        var visible = selects.every(function (select) {
          return !select.value || row.getAttribute("data-" + select.getAttribute("data-filter-key")) === select.value;
        });
        if (visible && needle) visible = row.textContent.toLowerCase().indexOf(needle) !== -1;
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      counter.textContent = shown === rows.length ? "共 " + rows.length + " 行" : "显示 " + shown + " / " + rows.length + " 行";
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    if (search) search.addEventListener("input", apply);
    apply();
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

  /* Rows with data-date: past ones greyed, the next one marked. */
  function markDates(table, rows, today) {
    var next = null;
    rows.forEach(function (row) {
      var date = row.getAttribute("data-date");
      if (!date) return;
      row.classList.toggle("gx-past", date < today);
      if (date >= today && (next === null || date < next.getAttribute("data-date"))) next = row;
    });
    if (next) next.classList.add("gx-next");
  }

  function enhanceTable(table) {
    if (table.hasAttribute("data-gx-ready") || !table.tHead || !table.tBodies.length) return;
    table.setAttribute("data-gx-ready", "");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    if (table.hasAttribute("data-gx-dates")) markDates(table, rows, todayIso());
    addFilters(table, rows);
    addSorting(table, rows);
  }

  /* The home page: the next deadline from today, counted in days. */
  function showNextDeadline(box) {
    var today = todayIso();
    var items = Array.prototype.slice.call(box.querySelectorAll("li[data-date]"));
    var upcoming = items.filter(function (item) { return item.getAttribute("data-date") >= today; });
    items.forEach(function (item) { item.hidden = upcoming.indexOf(item) === -1; });
    var countdown = box.querySelector("[data-gx-countdown]");
    if (!countdown) return;
    if (!upcoming.length) {
      countdown.textContent = "暂无";
    } else {
      var days = daysBetween(today, upcoming[0].getAttribute("data-date"));
      countdown.textContent = days === 0 ? "今天截止" : "还有 " + days + " 天";
      upcoming[0].classList.add("gx-next");
    }
    countdown.hidden = false;
  }

  function enhance() {
    document.querySelectorAll("table[data-gx-table]").forEach(enhanceTable);
    document.querySelectorAll("[data-gx-next-deadline]").forEach(showNextDeadline);
    document.documentElement.classList.add("gx-js");
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
