// The calculator page (content/calculator.md) on the main thread: the form, the URL fragment, CSV decoding,
// rendering results and downloads. The checking itself is the calculator/ Python core running under
// MicroPython in a module Web Worker (calculator/worker.<hash>.js), kept at module scope, so it survives
// Material's instant navigation. This script also registers the site's service worker.
//
// Old rules are never used without saying so. The calculator page names its build (#gx-calculator's
// data-worker, data-rules-id, data-rules-date, written by generator/calculator_assets.py): on each arrival
// on the page (instant navigation included) a worker of another build is replaced by this page's before the
// next verdict; calculator/version.json, asked of the network only, says whether the server has newer rules
// (then 通知数据已更新, with a button that loads them) or could not be asked (then every verdict says it comes
// from the offline copy, with its rules version and date). Every verdict names the rules version it used.
//
// Nothing typed or chosen here leaves the browser: inputs are kept in the URL fragment (after #),
// which browsers never send to a server.
//
// On the calculator page this script runs twice: early, written into the page right after the calculator's
// markup (overrides/main.html, with data-src naming this file), so that a check in the URL is answered before
// Material's bundle has run; and, like on every page, linked after the bundle (extra_javascript), where it only
// starts following Material's instant navigation. The second copy finds window.gxCalculator and hands over to the first.
(() => {
  "use strict";

  if (window.gxCalculator && typeof window.gxCalculator.followTheme === "function") {
    window.gxCalculator.followTheme();
    return;
  }

  const SCRIPT = document.currentScript;
  // This file's URL: the script's own when linked, its data-src when written into the calculator page.
  const SCRIPT_URL = new URL((SCRIPT && (SCRIPT.src || SCRIPT.dataset.src)) || location.href, location.href);
  const SITE_ROOT = new URL("../", SCRIPT_URL); // javascripts/calculator.js → site root
  const FIELDS = [
    ["year", "year"],
    ["public-required", "public_required"],
    ["public-elective", "public_elective"],
    ["professional", "professional"],
    ["as-of", "as_of"],
  ];
  const OUTPUT_COLUMN_NAMES = {
    passed: "结论",
    total: "总学时",
    public_required_shortfall: "必修课还差",
    total_minimum_shortfall: "总学时还差",
    professional_share_shortfall: "专业比例还差",
    add_professional: "还需专业科目",
    warnings: "提醒",
    error: "错误",
    rules_version: "规则版本",
  };

  // ---- Service worker: offline copy of the whole site (sw.js is written by generator/calculator_assets.py).

  function registerServiceWorker() {
    if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
    const register = () =>
      navigator.serviceWorker
        .register(new URL("sw.js", SITE_ROOT), { scope: SITE_ROOT.pathname })
        .then(followUpdates)
        .catch((error) => {
          console.warn("离线缓存（service worker）未能启用：", error);
        });
    // After the page has loaded and gone idle: filling the offline cache must not slow the page's own start.
    const whenIdle = () =>
      "requestIdleCallback" in window ? window.requestIdleCallback(register, { timeout: 5000 }) : setTimeout(register, 1000);
    if (document.readyState === "complete") whenIdle();
    else window.addEventListener("load", whenIdle, { once: true });
  }

  // A new build's service worker waits (sw.js) until no page uses the old one. The calculator page lets it take
  // over at once when the page is itself of the server's build (nothing to reload); when the page is older, the
  // person is asked (通知数据已更新 → 载入新数据: skip-waiting → controllerchange → reload).
  let reloadOnControllerChange = false;

  function followUpdates(registration) {
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      if (reloadOnControllerChange) location.reload();
    });
    const installed = (worker) => {
      if (worker.state === "installed") onUpdateWaiting();
      else worker.addEventListener("statechange", () => worker.state === "installed" && onUpdateWaiting());
    };
    registration.addEventListener("updatefound", () => registration.installing && installed(registration.installing));
    if (registration.installing) installed(registration.installing);
    if (registration.waiting) onUpdateWaiting();
  }

  async function waitingWorker() {
    if (!("serviceWorker" in navigator) || !navigator.serviceWorker.controller) return null;
    const registration = await navigator.serviceWorker.getRegistration(SITE_ROOT.href).catch(() => null);
    return (registration && registration.waiting) || null;
  }

  async function onUpdateWaiting() {
    if (freshness.state !== "current") return;
    const waiting = await waitingWorker();
    if (waiting) waiting.postMessage({ type: "skip-waiting" });
  }

  async function loadNewRules(button) {
    button.disabled = true;
    button.textContent = "正在载入……";
    const waiting = await waitingWorker();
    if (waiting) {
      reloadOnControllerChange = true;
      waiting.postMessage({ type: "skip-waiting" });
      setTimeout(() => location.reload(), 5000); // if the switch does not come, the page from the network will do
    } else {
      location.reload();
    }
  }

  // ---- Freshness: are the page's rules the server's? (calculator/version.json, from the network only)

  const VERSION_TIMEOUT_MS = 3000;
  const freshness = { state: "unknown", server: null, askedAt: 0 }; // unknown → current | outdated | offline
  const freshnessListeners = new Set();

  function setFreshness(state, server) {
    freshness.state = state;
    freshness.server = server || null;
    for (const listener of freshnessListeners) listener();
    if (state === "current") onUpdateWaiting();
  }

  async function askServer() {
    const build = wantedBuild;
    if (!build) return;
    freshness.askedAt = Date.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), VERSION_TIMEOUT_MS);
    let server = null;
    try {
      const response = await fetch(new URL("calculator/version.json", SITE_ROOT), {
        cache: "no-store",
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (response.ok) server = await response.json();
    } catch (error) {
      server = null; // offline, or no answer in time
    } finally {
      clearTimeout(timer);
    }
    if (build !== wantedBuild) return; // another page was shown meanwhile: it asks for itself
    if (!server || !server.rules || !server.rules.id) setFreshness("offline");
    else setFreshness(server.rules.id === build.rules.id ? "current" : "outdated", server);
  }

  // How a verdict names its rules: the version (the core's result.rules_version), and where it stands:
  // [text, whether the person should check again].
  function versionText(version) {
    if (!version) return ["", false];
    if (freshness.state === "offline") {
      return [`离线副本：按 ${version.date} 编译的规则（版本 ${version.id}）核对，联网后请再核对一次`, true];
    }
    if (freshness.state === "outdated" && freshness.server && freshness.server.rules.id !== version.id) {
      const newer = freshness.server.rules;
      return [
        `按旧规则（版本 ${version.id}，${version.date} 编译）核对：通知数据已更新（版本 ${newer.id}，${newer.date} 编译），请点“载入新数据”后再核对`,
        true,
      ];
    }
    return [`规则版本 ${version.id}（${version.date} 编译）`, false];
  }

  function renderVersion(version, className) {
    const node = document.createElement("p");
    node.className = `gx-rules-version ${className || ""}`.trim();
    node.dataset.rulesId = version ? version.id : "";
    node.dataset.rulesDate = version ? version.date : "";
    updateVersion(node);
    return node;
  }

  function updateVersion(node) {
    const version = node.dataset.rulesId ? { id: node.dataset.rulesId, date: node.dataset.rulesDate } : null;
    const [text, checkAgain] = versionText(version);
    node.textContent = text;
    node.dataset.freshness = freshness.state;
    node.dataset.checkAgain = String(checkAgain);
  }

  function showFreshness(root) {
    for (const node of root.querySelectorAll(".gx-rules-version[data-rules-id]")) updateVersion(node);
    let notice = root.querySelector("#calculator-update");
    if (freshness.state !== "outdated") {
      if (notice) notice.remove();
      return;
    }
    if (notice) return;
    const button = element("button", { type: "button", className: "md-button md-button--primary", id: "calculator-update-load" }, "载入新数据");
    button.addEventListener("click", () => loadNewRules(button));
    const newer = freshness.server.rules;
    notice = element(
      "div",
      { className: "admonition info gx-update", id: "calculator-update", role: "status" },
      element("p", { className: "admonition-title" }, "通知数据已更新"),
      element(
        "p",
        {},
        `本站已发布新的规则（版本 ${newer.id}，${newer.date} 编译），本页仍是旧版本（版本 ${wantedBuild.rules.id}）：载入新数据后再核对。`,
      ),
      element("p", {}, button),
    );
    root.querySelector("#calculator-status").after(notice);
  }

  // ---- The engine: one module worker for the whole visit.

  const engine = {
    worker: null,
    url: null, // the worker's URL: worker.<hash>.js, one build of the core and the rules
    rulesVersion: null, // {id, date} of the rules the worker loaded
    state: "idle", // idle → loading → ready | failed
    message: "",
    links: {},
    pending: new Map(), // id → {resolve, onProgress, message}
    nextId: 1,
    listeners: new Set(),
    readyAt: null,
    firstVerdictAt: null,
  };
  let resolveReady;
  let engineReady;
  const newReadiness = () => {
    engineReady = new Promise((resolve) => {
      resolveReady = resolve;
    });
  };
  newReadiness();

  function setEngineState(state, message) {
    engine.state = state;
    engine.message = message || "";
    for (const listener of engine.listeners) listener();
    if (state === "ready" || state === "failed") resolveReady(state);
  }

  // The build the calculator page shown names: its worker's URL and its rules version (null on other pages).
  function pageBuild(root = document.getElementById("gx-calculator")) {
    if (!root || !root.dataset.worker) return null;
    return {
      url: new URL(root.dataset.worker, SITE_ROOT).href,
      rules: { id: root.dataset.rulesId, date: root.dataset.rulesDate },
    };
  }
  let wantedBuild = pageBuild();

  function failEngine(message) {
    setEngineState("failed", message);
    for (const [, request] of engine.pending) request.resolve({ error: { message, field: null, internal: true } });
    engine.pending.clear();
  }

  function startEngine() {
    if (engine.state !== "idle") return;
    if (!wantedBuild) {
      failEngine("本页没有计算器的版本信息，请刷新本页");
      return;
    }
    if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
      failEngine("这个浏览器不支持 WebAssembly，无法在本机运行计算器。请换用新版的 Chrome、Edge、Firefox、Safari 或手机自带浏览器");
      return;
    }
    if (typeof Worker !== "function") {
      failEngine("这个浏览器不支持 Web Worker，无法运行计算器。请换用新版浏览器");
      return;
    }
    setEngineState("loading");
    engine.startedAt = performance.now();
    let early = [];
    const started = window.gxCalculatorWorker; // from overrides/partials/calculator-start.html, run in <head>
    window.gxCalculatorWorker = null;
    engine.url = wantedBuild.url;
    engine.rulesVersion = null;
    if (started && started.url !== engine.url) started.worker.terminate(); // of another build: not this page's
    if (started && started.url === engine.url) {
      engine.worker = started.worker;
      engine.createdAt = started.createdAt;
      early = started.adopt();
      if (started.check) {
        // The check in the URL, already sent from <head>: its answer is taken when the page asks for the same.
        const { id, key } = started.check;
        engine.early = { key, answer: new Promise((resolve) => engine.pending.set(id, { resolve })) };
      }
    } else {
      try {
        engine.worker = new Worker(engine.url, { type: "module", name: "calculator" });
      } catch (error) {
        failEngine(`计算器未能启动（${error.message}）。请换用新版浏览器`);
        return;
      }
    }
    const worker = engine.worker;
    // A replaced worker's late messages are not this engine's.
    worker.addEventListener("message", (event) => worker === engine.worker && onWorkerMessage(event.data));
    worker.addEventListener("error", (event) => worker === engine.worker && onWorkerError(event));
    for (const event of early) {
      if (event.type === "error") onWorkerError(event);
      else onWorkerMessage(event.data);
    }
    for (const [id, request] of engine.pending) if (request.message) worker.postMessage({ id, ...request.message });
  }

  // A worker of another build than the page's (instant navigation to a newer calculator page; the page's rules
  // are those of its own build): stopped, and this page's started. Requests waiting for an answer are asked again.
  function restartEngine() {
    if (engine.worker) engine.worker.terminate();
    engine.worker = null;
    engine.early = null;
    engine.links = {};
    engine.state = "idle";
    for (const [id, request] of engine.pending) if (!request.message) engine.pending.delete(id);
    newReadiness();
    startEngine();
  }

  function onWorkerError(event) {
    event.preventDefault();
    failEngine(`计算器未能加载${event.message ? `（${event.message}）` : ""}：请检查网络后刷新本页，或换用新版浏览器`);
  }

  function onWorkerMessage(message) {
    if (message.type === "ready") {
      engine.links = message.links || {};
      engine.rulesVersion = message.rules_version || null;
      engine.readyAt = performance.now();
      engine.workerStages = message.stages;
      engine.workerStartedAt = message.stages.origin - performance.timeOrigin;
      setEngineState("ready");
      return;
    }
    if (message.type === "failed") {
      failEngine(`计算器未能加载（${message.message}）：请检查网络后刷新本页`);
      return;
    }
    const request = engine.pending.get(message.id);
    if (!request) return;
    if (message.type === "progress") {
      if (request.onProgress) request.onProgress(message);
      return;
    }
    engine.pending.delete(message.id);
    request.resolve(message.answer);
  }

  // What identifies a check: its five inputs, in order (overrides/partials/calculator-start.html computes the same).
  function checkKey(input) {
    return FIELDS.map(([, key]) => String(input[key])).join("\n");
  }

  // Resolves with {result} or {error: {message, field}}; waits for the engine if it is still loading.
  function ask(type, input, onProgress) {
    startEngine();
    if (type === "check" && engine.early && engine.early.key === checkKey(input)) {
      const answer = engine.early.answer;
      engine.early = null;
      return answer;
    }
    engine.early = null; // anything else asked first: the check from <head> is no longer what the page shows
    if (engine.state === "failed") return Promise.resolve({ error: { message: engine.message, field: null, internal: true } });
    const id = engine.nextId;
    engine.nextId += 1;
    return new Promise((resolve) => {
      engine.pending.set(id, { resolve, onProgress, message: { type, input } });
      engine.worker.postMessage({ id, type, input });
    });
  }

  // For tests and the curious: the same entry points the page uses.
  window.gxCalculator = {
    check: (input) => ask("check", input),
    hours: (input) => ask("hours", input),
    ready: () => {
      startEngine();
      return engineReady;
    },
    followTheme: () => followTheme(),
    rulesVersion: () => engine.rulesVersion,
    timings: () => ({
      workerCreatedMs: engine.createdAt === undefined ? engine.startedAt : engine.createdAt,
      engineStartedMs: engine.startedAt,
      workerStartedMs: engine.workerStartedAt,
      workerStages: engine.workerStages,
      readyMs: engine.readyAt,
      firstVerdictMs: engine.firstVerdictAt,
    }),
  };

  // ---- Small DOM helpers (text is always set as text, never parsed as HTML).

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function citationLink(citation) {
    if (!citation) return null;
    const target = engine.links[citation];
    if (!target) return element("span", { className: "gx-citation" }, citation);
    return element("a", { className: "gx-citation", href: new URL(target, SITE_ROOT).href }, citation);
  }

  function hours(number) {
    return number === null || number === undefined ? "" : String(number);
  }

  // ---- The check: form ⇄ URL fragment, the request, the rendering.

  // The form's values; a field the browser could not show as given (an impossible date from the address, which
  // a date input would empty) keeps the value given in data-given, so it is refused rather than replaced by today.
  function readForm(root) {
    const input = {};
    for (const [id, key] of FIELDS) {
      const field = root.querySelector(`#${id}`);
      input[key] = field.dataset.given !== undefined ? field.dataset.given : field.value;
    }
    return input;
  }

  function fragmentOf(input) {
    const params = new URLSearchParams();
    for (const [id, key] of FIELDS) if (input[key] !== "") params.set(id, input[key]);
    return `#${params.toString()}`;
  }

  // The longest value taken from the address into the form (the longest sensible input is a few dozen characters);
  // overrides/partials/calculator-start.html uses the same limit.
  const MAX_URL_VALUE = 100;
  const FIELD_LABELS = { year: "年度", public_required: "公需必修", public_elective: "公需选修", professional: "专业科目", as_of: "查询日期" };

  // A value as quoted back in a message: at most 30 characters.
  function shorten(value) {
    const text = String(value);
    return text.length > 30 ? `${text.slice(0, 30)}……` : text;
  }

  // {input, tooLong: [key, length] | null} from the URL fragment, or null when it names no field.
  function inputFromFragment() {
    const hash = location.hash.slice(1);
    if (!hash.includes("=")) return null;
    let params;
    try {
      params = new URLSearchParams(hash);
    } catch (error) {
      return null;
    }
    const input = {};
    let found = false;
    let tooLong = null;
    for (const [id, key] of FIELDS) {
      if (params.has(id)) {
        const value = params.get(id);
        if (value.length > MAX_URL_VALUE) {
          if (!tooLong) tooLong = [key, value.length];
          continue;
        }
        input[key] = value;
        found = true;
      }
    }
    return found || tooLong ? { input, tooLong } : null;
  }

  function chooseYear(select, wanted) {
    const years = [...select.options].filter((option) => !option.dataset.refused).map((option) => option.value);
    if (wanted && years.includes(String(wanted))) {
      dropRefusedYear(select);
      select.value = String(wanted);
      return true;
    }
    return false;
  }

  // A year from the address that the form does not offer is shown as asked, marked, and sent to the calculator,
  // which refuses it with the years it can check (as the command line does): never silently another year.
  function showRefusedYear(select, wanted) {
    dropRefusedYear(select);
    const option = element("option", { value: wanted, "data-refused": "" }, `${shorten(wanted)}（未收录）`);
    select.prepend(option);
    select.value = wanted;
  }

  function dropRefusedYear(select) {
    for (const option of select.querySelectorAll("option[data-refused]")) option.remove();
  }

  function defaultYear(select) {
    const thisYear = new Date().getFullYear();
    if (chooseYear(select, thisYear)) return;
    const earlier = [...select.options].map((option) => Number(option.value)).filter((year) => year <= thisYear);
    if (earlier.length) chooseYear(select, Math.max(...earlier));
  }

  function today() {
    const now = new Date();
    const pad = (number) => String(number).padStart(2, "0");
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }

  function renderVerdict(result) {
    const inputs = result.inputs;
    const status = result.passed ? "达标" : "未达标";
    const summary = [];
    if (result.passed) {
      summary.push(`${result.year} 年度的学时要求都已满足。`);
    } else {
      const toPass = result.to_pass;
      if (toPass.public_required > 0) summary.push(`还需 ${hours(toPass.public_required)} 学时公需科目必修课`);
      if (toPass.professional === null) summary.push("只增加专业科目学时无法达标，请核对填写的学时");
      else if (toPass.professional > 0) summary.push(`还需 ${hours(toPass.professional)} 学时专业科目`);
    }
    return element(
      "div",
      { className: `gx-verdict gx-verdict--${result.passed ? "pass" : "fail"}` },
      element("p", { className: "gx-verdict__title" }, element("span", { className: "gx-badge" }, status), ` ${result.year} 年度继续教育学时`),
      element(
        "p",
        { className: "gx-verdict__inputs" },
        `公需必修 ${hours(inputs.public_required)} + 公需选修 ${hours(inputs.public_elective)} + 专业科目 ${hours(inputs.professional)} = 总学时 ${hours(result.total)}`,
      ),
      element("p", { className: "gx-verdict__summary" }, result.passed ? summary[0] : `要达标：${summary.join("；")}。`),
      element(
        "p",
        { className: "gx-verdict__basis" },
        "依据 ",
        citationLink(result.basis),
        result.document && result.document.number ? `《${result.document.title}》` : "",
        result.as_of ? `；期限按 ${result.as_of} 计算` : "",
      ),
      renderVersion(result.rules_version, "gx-verdict__version"),
    );
  }

  function renderRules(result) {
    const marks = { true: "✓ 达标", false: "✗ 未达标", null: "– 未核对" };
    return [
      element("h3", {}, "各项要求"),
      element(
        "ul",
        { className: "gx-rules" },
        result.rules.map((rule) =>
          element(
            "li",
            { className: "gx-rule", "data-rule": rule.id, "data-passed": String(rule.passed) },
            element("span", { className: "gx-mark" }, marks[String(rule.passed)]),
            " ",
            element("strong", {}, rule.title),
            element("p", { className: "gx-rule__message" }, rule.message),
            rule.source
              ? element(
                  "p",
                  { className: "gx-rule__source" },
                  "依据：",
                  citationLink(rule.source),
                  rule.text ? ` “${rule.text}”` : "",
                )
              : null,
            rule.passed === false ? renderHelp(rule.help) : null,
          ),
        ),
      ),
    ];
  }

  // The FAQ answers and guides the core names for a rule not met (urls from the site root).
  function renderHelp(help) {
    if (!Array.isArray(help) || !help.length) return null;
    return element(
      "details",
      { className: "gx-rule__help gx-no-print" },
      element("summary", {}, `相关问答和操作指南（${help.length}）`),
      element(
        "ul",
        {},
        help.map((item) =>
          element(
            "li",
            { "data-help": item.kind },
            element("a", { href: new URL(item.url, SITE_ROOT).href }, item.title),
            item.kind === "guide" ? "（操作指南）" : "",
          ),
        ),
      ),
    );
  }

  function renderWarnings(result) {
    if (!result.warnings.length) return [];
    return [
      element(
        "div",
        { className: "admonition warning gx-warnings" },
        element("p", { className: "admonition-title" }, "提醒"),
        element(
          "ul",
          {},
          result.warnings.map((warning) => element("li", { "data-warning": warning.id }, warning.message)),
        ),
      ),
    ];
  }

  function renderNextSteps(result) {
    if (!result.next_steps.length) return [];
    return [
      element("h3", {}, "下一步"),
      element(
        "ol",
        { className: "gx-next-steps" },
        result.next_steps.map((step) => element("li", { "data-step": step.id }, step.message)),
      ),
    ];
  }

  function daysLeftText(deadline) {
    if (!("passed" in deadline)) return "";
    if (deadline.passed) return "已过期";
    if (deadline.days_left === 0) return "今天截止";
    return `还有 ${deadline.days_left} 天`;
  }

  function renderDeadlines(result) {
    if (!result.deadlines.length) return [];
    return [
      element("h3", {}, "期限"),
      element(
        "div",
        { className: "gx-table-wrap" },
        element(
          "table",
          { className: "gx-deadlines" },
          element("thead", {}, element("tr", {}, ["截止日期", "事项", "由谁完成", "剩余", "依据"].map((name) => element("th", { scope: "col" }, name)))),
          element(
            "tbody",
            {},
            result.deadlines.map((deadline) =>
              element(
                "tr",
                { "data-deadline": deadline.id, "data-passed": "passed" in deadline ? String(deadline.passed) : null },
                element("td", {}, deadline.date, element("br"), element("small", {}, deadline.printed)),
                element("td", {}, deadline.description),
                element("td", {}, deadline.who),
                element("td", { className: "gx-days-left" }, daysLeftText(deadline)),
                element("td", {}, citationLink(deadline.source)),
              ),
            ),
          ),
        ),
      ),
    ];
  }

  function renderMakeup(result) {
    const parts = [];
    const later = result.makeup_for_this_year.filter((window) => window.year !== result.year);
    if (!result.passed && later.length) {
      parts.push(
        element(
          "ul",
          {},
          later.map((window) =>
            element(
              "li",
              {},
              `${window.year} 年度可补学补考 ${window.from_year}–${window.to_year} 年的公需科目：${window.text}（`,
              citationLink(window.source),
              "）",
            ),
          ),
        ),
      );
    }
    if (result.makeup) {
      parts.push(element("p", {}, `本年度的补学补考：${result.makeup.text}（`, citationLink(result.makeup.source), "）"));
    }
    return parts.length ? [element("h3", {}, "补学补考"), ...parts] : [];
  }

  function renderConsequences(result) {
    const unmet = result.consequences.filter((item) => item.kind === "unmet" && item.applies);
    if (!unmet.length) return [];
    return [
      element("h3", {}, "未完成的后果（通知原文）"),
      element(
        "ul",
        { className: "gx-consequences" },
        unmet.map((item) => element("li", { "data-consequence": item.id }, `${item.text}（`, citationLink(item.source), "）")),
      ),
    ];
  }

  function renderResult(area, result) {
    const printButton = element("button", { type: "button", className: "md-button gx-print" }, "打印自查结果");
    printButton.addEventListener("click", () => window.print());
    area.replaceChildren(
      element("h2", { className: "gx-result__title" }, "继续教育学时自查结果"),
      renderVerdict(result),
      ...renderRules(result),
      ...renderWarnings(result),
      ...renderNextSteps(result),
      ...renderDeadlines(result),
      ...renderMakeup(result),
      ...renderConsequences(result),
      element("p", { className: "gx-result__actions gx-no-print" }, printButton),
      element(
        "p",
        { className: "gx-print-only gx-print-note" },
        `本结果于 ${today()} 在浏览器中按本站收录的通知计算（规则版本 ${result.rules_version ? result.rules_version.id : "未知"}），仅供自查，以广西专业技术人员继续教育信息管理系统的记录为准。链接：${location.href.length > 400 ? `${location.href.slice(0, 400)}……` : location.href}`,
      ),
    );
  }

  function renderError(area, error) {
    area.replaceChildren(
      element(
        "div",
        { className: "admonition failure gx-error" },
        element("p", { className: "admonition-title" }, error.internal ? "计算器出错" : "请检查填写"),
        element("p", {}, error.message),
      ),
    );
  }

  function bindCheck(root, signal) {
    const form = root.querySelector("#check-form");
    const area = root.querySelector("#result");
    const select = root.querySelector("#year");
    let latest = 0;

    const markField = (field) => {
      for (const [id, key] of FIELDS) {
        const input = root.querySelector(`#${id}`);
        if (key === field) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
    };

    const run = async (asked) => {
      const input = readForm(root);
      // As on the command line: no electives given means 0; a missing as-of date means today.
      const request = { ...input, public_elective: input.public_elective.trim() || "0", as_of: input.as_of || today() };
      latest += 1;
      const mine = latest;
      area.dataset.status = "pending";
      if (engine.state !== "ready") area.replaceChildren(element("p", { className: "gx-status" }, "计算器加载完成后立即核对……"));
      const answer = await ask("check", request);
      if (mine !== latest || signal.aborted) return;
      if (engine.firstVerdictAt === null) engine.firstVerdictAt = performance.now();
      if (answer.error) {
        markField(answer.error.field);
        renderError(area, answer.error);
        area.dataset.status = "error";
        area.dataset.errorField = answer.error.field || "";
        delete area.dataset.result;
        return;
      }
      markField(null);
      renderResult(area, answer.result);
      area.dataset.result = JSON.stringify(answer.result);
      delete area.dataset.errorField;
      area.dataset.status = answer.result.passed ? "pass" : "fail";
      // On a phone the result is below the form: bring it into view when someone asked for it.
      if (asked && area.getBoundingClientRect().top > window.innerHeight * 0.6) area.scrollIntoView({ block: "start" });
    };

    // The check in the address, put into the form; true when there is one to run.
    const restore = () => {
      const fragment = inputFromFragment();
      if (!fragment) return false;
      const { input, tooLong } = fragment;
      if (tooLong) {
        const [key, length] = tooLong;
        markField(key);
        renderError(area, {
          message: `网址中的“${FIELD_LABELS[key]}”有 ${length} 个字符，太长了（最多 ${MAX_URL_VALUE} 个），没有核对：请在上面的表单中重新填写`,
          field: key,
        });
        area.dataset.status = "error";
        area.dataset.errorField = key;
        delete area.dataset.result;
        return false;
      }
      for (const [id, key] of FIELDS) {
        if (!(key in input)) continue;
        const field = root.querySelector(`#${id}`);
        delete field.dataset.given;
        if (id === "year") {
          if (!chooseYear(select, input.year)) showRefusedYear(select, input.year);
        } else {
          field.value = input[key];
          if (field.value !== input[key]) field.dataset.given = input[key];
        }
      }
      return "public_required" in input || "professional" in input;
    };
    for (const [id] of FIELDS) {
      const field = root.querySelector(`#${id}`);
      field.addEventListener(
        "input",
        () => {
          delete field.dataset.given;
          if (id === "year" && !select.selectedOptions[0]?.dataset.refused) dropRefusedYear(select);
        },
        { signal },
      );
    }

    form.addEventListener(
      "submit",
      (event) => {
        event.preventDefault();
        history.replaceState(history.state, "", fragmentOf(readForm(root)));
        run(true);
      },
      { signal },
    );
    window.addEventListener(
      "hashchange",
      () => {
        if (restore()) run();
      },
      { signal },
    );
    defaultYear(select);
    if (restore()) run();
  }

  // ---- Hours from training dates.

  function bindTraining(root) {
    const form = root.querySelector("#training-form");
    const area = root.querySelector("#training-result");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const value = (id) => root.querySelector(`#${id}`).value;
      area.dataset.status = "pending";
      const answer = await ask("hours", {
        start: value("training-start"),
        end: value("training-end"),
        start_half: value("training-start-half"),
        end_half: value("training-end-half"),
      });
      if (answer.error) {
        renderError(area, answer.error);
        area.dataset.status = "error";
        return;
      }
      const result = answer.result;
      const add = element("button", { type: "button", className: "md-button gx-no-print", id: "training-add" }, "计入专业科目");
      add.addEventListener("click", () => addToProfessional(root, result.hours));
      area.replaceChildren(
        element(
          "p",
          {},
          element("strong", { className: "gx-training-hours" }, `${result.hours} 学时`),
          `：${result.start_text} 至 ${result.end_text}，共 ${result.half_days} 个半天，每半天 ${result.hours_per_half_day} 学时（依据 `,
          citationLink(result.source.split("；")[0]),
          "）。 ",
          add,
        ),
      );
      area.dataset.status = "ok";
      area.dataset.hours = String(result.hours);
    });
  }

  // Adds whole training hours to the professional field when it holds a plain number (else replaces nothing).
  function addToProfessional(root, trainingHours) {
    const field = root.querySelector("#professional");
    const current = field.value.trim();
    const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(current === "" ? "0" : current);
    if (!match) {
      field.focus();
      return;
    }
    const hundredths = Number(match[1]) * 100 + Number((match[2] || "").padEnd(2, "0")) + trainingHours * 100;
    const fraction = String(hundredths % 100).padStart(2, "0").replace(/0+$/, "");
    field.value = `${Math.floor(hundredths / 100)}${fraction ? `.${fraction}` : ""}`;
    field.focus();
  }

  // ---- Batch: a staff list from a CSV file.

  // The text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (Excel's "CSV" on Chinese Windows).
  function decodeCsv(bytes) {
    const decode = (encoding) => new TextDecoder(encoding, { fatal: true }).decode(bytes);
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decode("utf-8");
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode("utf-16le");
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode("utf-16be");
    for (const encoding of ["utf-8", "gb18030"]) {
      try {
        return decode(encoding);
      } catch (error) {
        // try the next encoding
      }
    }
    throw new Error("无法识别文件的编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”");
  }

  const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

  // The largest file the page checks: MicroPython's heap in the worker holds the text, the rows and the result at
  // once (a 7.9 MB file of 235,000 rows was checked; 10 MB ran out of memory). The command line has no such limit.
  const MAX_BATCH_BYTES = 6 * 1024 * 1024;

  const BATCH_PAGE_ROWS = 100; // a page of the result table: a few thousand rows at once would freeze the page

  function batchRowStatus(header, cells) {
    const value = (name) => cells[header.indexOf(name)];
    if (value("error")) return "error";
    return value("passed") === "true" ? "pass" : "fail";
  }

  function batchRow(header, row) {
    return element(
      "tr",
      { "data-status": row.status },
      row.cells.map((cell, index) => {
        if (header[index] === "passed" && row.status !== "error") return element("td", {}, cell === "true" ? "✓ 达标" : "✗ 未达标");
        // A cell the download neutralised for spreadsheets ('=…) is shown as it was typed.
        return element("td", {}, /^'\s*[=+\-@\t\r\n＝＋－＠]/.test(cell) ? cell.slice(1) : cell);
      }),
    );
  }

  function bindBatch(root) {
    const form = root.querySelector("#batch-form");
    const fileInput = root.querySelector("#batch-file");
    const yearSelect = root.querySelector("#batch-year");
    const status = root.querySelector("#batch-status");
    const progress = root.querySelector("#batch-progress");
    const summary = root.querySelector("#batch-summary");
    const batchVersion = root.querySelector("#batch-rules-version");
    const download = root.querySelector("#batch-download");
    const table = root.querySelector("#batch-table");
    const view = root.querySelector("#batch-view");
    const filter = root.querySelector("#batch-filter");
    const previous = root.querySelector("#batch-previous");
    const next = root.querySelector("#batch-next");
    const pageText = root.querySelector("#batch-page");
    defaultYear(yearSelect);
    let running = false;
    let header = null;
    let rows = [];
    let first = 0;

    const say = (text, state) => {
      status.textContent = text;
      status.dataset.state = state;
    };

    const listed = () => (filter.value === "all" ? rows : rows.filter((row) => row.status === filter.value));

    const showPage = () => {
      const list = listed();
      if (first >= list.length) first = Math.max(0, Math.floor((list.length - 1) / BATCH_PAGE_ROWS) * BATCH_PAGE_ROWS);
      const shown = list.slice(first, first + BATCH_PAGE_ROWS);
      table.replaceChildren(
        element("thead", {}, element("tr", {}, header.map((name) => element("th", { scope: "col" }, OUTPUT_COLUMN_NAMES[name] || name)))),
        element("tbody", {}, shown.map((row) => batchRow(header, row))),
      );
      pageText.textContent = list.length ? `第 ${first + 1}–${first + shown.length} 条，共 ${list.length} 条` : "没有这样的行";
      previous.disabled = first === 0;
      next.disabled = first + BATCH_PAGE_ROWS >= list.length;
      view.hidden = false;
    };

    const run = async () => {
      const file = fileInput.files && fileInput.files[0];
      if (!file) {
        say("请先选择一个 CSV 文件", "error");
        return;
      }
      if (running) return;
      if (file.size > MAX_BATCH_BYTES) {
        const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MB`;
        say(
          `文件“${shorten(file.name)}”有 ${megabytes(file.size)}，超过网页批量核对的上限 ${megabytes(MAX_BATCH_BYTES)}（约 20 万行），没有读取：` +
            "请把表格分成几个较小的文件，或用命令行 python -m calculator batch 核对（不限大小）",
          "error",
        );
        return;
      }
      running = true;
      say(`正在读取 ${shorten(file.name)}……`, "running");
      table.replaceChildren();
      view.hidden = true;
      summary.textContent = "";
      batchVersion.replaceChildren();
      download.hidden = true;
      if (download.href) URL.revokeObjectURL(download.href);
      header = null;
      rows = [];
      first = 0;
      try {
        let text;
        try {
          text = decodeCsv(new Uint8Array(await file.arrayBuffer()));
        } catch (error) {
          say(error.message, "error");
          return;
        }
        say(engine.state === "ready" ? "正在核对……" : "计算器加载完成后立即核对……", "running");
        const estimate = Math.max(text.split(/\r\n|\n|\r/).filter((line) => line.trim()).length - 1, 1);
        progress.max = estimate;
        progress.value = 0;
        progress.hidden = false;
        const answer = await ask("batch", { text, year: yearSelect.value }, (message) => {
          progress.value = Math.min(message.done, estimate);
          say(`正在核对：${Math.min(message.done, estimate)} / ${estimate} 行`, "running");
        });
        progress.value = estimate;
        progress.hidden = true;
        if (answer.error) {
          say(answer.error.message, "error");
          return;
        }
        const counts = answer.result.counts;
        const checked = counts.passed + counts.failed + counts.error;
        summary.textContent = `共 ${checked} 行：达标 ${counts.passed}，未达标 ${counts.failed}，有错误 ${counts.error}`;
        batchVersion.replaceChildren(renderVersion(answer.result.rules_version));
        download.href = URL.createObjectURL(answer.result.file);
        download.hidden = false;
        await nextTask(); // the table in a task of its own: no single task long enough to freeze the page
        header = answer.result.rows[0];
        rows = answer.result.rows.slice(1).map((cells) => ({ cells, status: batchRowStatus(header, cells) }));
        showPage();
        say("核对完成：结果可下载为 CSV（UTF-8，Excel 可直接打开）", "done");
      } finally {
        running = false;
      }
    };

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      run();
    });
    fileInput.addEventListener("change", run);
    filter.addEventListener("change", () => {
      first = 0;
      if (header) showPage();
    });
    previous.addEventListener("click", () => {
      first = Math.max(0, first - BATCH_PAGE_ROWS);
      showPage();
    });
    next.addEventListener("click", () => {
      first += BATCH_PAGE_ROWS;
      showPage();
    });
  }

  // ---- The page binding, once per page shown (instant navigation re-renders the page without reloading).

  let pageBinding = null;
  let boundRoot = null;
  let followingTheme = false;

  function showEngineState(root) {
    const status = root.querySelector("#calculator-status");
    const texts = {
      idle: "计算器正在加载……（可以先填写，加载完成后自动计算）",
      loading: "计算器正在加载……（可以先填写，加载完成后自动计算）",
      ready: "计算器已就绪：在您的浏览器中计算，填写的内容不离开本机。",
      failed: `计算器无法运行：${engine.message}。`,
    };
    status.textContent = texts[engine.state];
    status.dataset.state = engine.state;
    root.dataset.engine = engine.state;
  }

  function bindPage() {
    const root = document.getElementById("gx-calculator");
    if (root && root === boundRoot) return; // bound already, by the early copy of this script
    if (pageBinding) pageBinding.abort();
    pageBinding = null;
    boundRoot = root;
    if (!root) return;
    const controller = new AbortController();
    pageBinding = controller;
    const listener = () => showEngineState(root);
    engine.listeners.add(listener);
    const freshnessListener = () => showFreshness(root);
    freshnessListeners.add(freshnessListener);
    controller.signal.addEventListener("abort", () => {
      engine.listeners.delete(listener);
      freshnessListeners.delete(freshnessListener);
    });
    // This page's build: a worker of another (instant navigation from an older page) is replaced before any verdict.
    wantedBuild = pageBuild(root);
    if (engine.state !== "idle" && wantedBuild && engine.url !== wantedBuild.url) restartEngine();
    freshness.state = "unknown";
    freshness.server = null;
    askServer();
    document.addEventListener(
      "visibilitychange",
      () => document.visibilityState === "visible" && Date.now() - freshness.askedAt > 60_000 && askServer(),
      { signal: controller.signal },
    );
    startEngine();
    showEngineState(root);
    bindTraining(root);
    bindBatch(root);
    bindCheck(root, controller.signal);
  }

  // Material's instant navigation replaces the page's content without reloading: document$ emits each page shown.
  function followTheme() {
    if (followingTheme) return true;
    if (typeof window.document$ === "undefined" || typeof window.document$.subscribe !== "function") return false;
    followingTheme = true;
    window.document$.subscribe(bindPage);
    return true;
  }

  // The calculator's markup is complete when this script comes after it (the early copy in the page).
  function calculatorParsed() {
    const root = document.getElementById("gx-calculator");
    return Boolean(
      root && SCRIPT && !root.contains(SCRIPT) && root.compareDocumentPosition(SCRIPT) & Node.DOCUMENT_POSITION_FOLLOWING,
    );
  }

  registerServiceWorker();
  // Start MicroPython at once on the calculator page, before Material has finished setting up the page.
  if (document.getElementById("gx-calculator")) startEngine();
  if (!followTheme()) {
    if (calculatorParsed()) bindPage();
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", () => followTheme() || bindPage(), { once: true });
    } else {
      bindPage();
    }
  }
})();
