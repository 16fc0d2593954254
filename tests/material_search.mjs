// Material's own search worker, as built into the site, run under Node on the site's search index.
//   node tests/material_search.mjs <site folder> '<JSON list of queries>'
// prints {"<query>": ["<location of the best item of each result group>", …], …}: the pages in the order
// the search box lists them. The worker runs in a vm context with the three things a worker has:
// addEventListener("message"), postMessage and importScripts (for the lunr language files).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";

const SETUP = 0;
const QUERY = 2;

const [site, queriesJson] = process.argv.slice(2);
const queries = JSON.parse(queriesJson);
const workers = join(site, "assets", "javascripts", "workers");
const workerFile = readdirSync(workers).find((name) => /^search\..*\.min\.js$/.test(name));
if (!workerFile) throw new Error(`no search worker in ${workers}`);
const lunrDir = join(site, "assets", "javascripts", "lunr");

let handler = null;
const replies = [];
const sandbox = {
  console,
  addEventListener: (type, listener) => {
    if (type === "message") handler = listener;
  },
  postMessage: (message) => replies.push(message),
  importScripts: (...urls) => {
    for (const url of urls) {
      const path = join(lunrDir, url.replace(/^\.\.\/lunr\//, ""));
      vm.runInContext(readFileSync(path, "utf8"), sandbox, { filename: path });
    }
  },
};
sandbox.self = sandbox;
vm.createContext(sandbox);
vm.runInContext(readFileSync(join(workers, workerFile), "utf8"), sandbox, { filename: workerFile });

const index = JSON.parse(readFileSync(join(site, "search", "search_index.json"), "utf8"));
await handler({ data: { type: SETUP, data: { config: index.config, docs: index.docs, options: { suggest: false } } } });
const results = {};
for (const query of queries) {
  await handler({ data: { type: QUERY, data: query } });
  const reply = replies.pop();
  results[query] = reply.data.items.map((group) => group[0].location);
}
process.stdout.write(JSON.stringify(results) + "\n");
