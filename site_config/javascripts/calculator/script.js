// Where this script runs from: its own <script> element, its URL and the site's root found from it.

// The <script> element running this file: read once, while the script runs (null afterwards).
export const SCRIPT = document.currentScript;
// This file's URL: the script's own when linked, its data-src when written into the calculator page.
const SCRIPT_URL = new URL((SCRIPT && (SCRIPT.src || SCRIPT.dataset.src)) || location.href, location.href);
export const SITE_ROOT = new URL("../", SCRIPT_URL); // javascripts/calculator.js → site root
