// Small DOM and text helpers: elements built with text only (never parsed as HTML), values shortened for messages.

export function element(tag, attributes, ...children) {
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

// A value as quoted back in a message, as calculator/text.py shown() quotes them in the core's: at most 30
// characters, control characters, line separators and bidirectional controls written as escapes (an override
// would turn the rest of the message around on screen).
export function shorten(value) {
  const text = String(value);
  const escaped = [...text.slice(0, 30)]
    .map((c) => {
      const code = c.charCodeAt(0);
      if (code < 32 || (code >= 127 && code < 160)) return `\\x${code.toString(16).padStart(2, "0")}`;
      // As calculator/text.py shown(): bidirectional controls and invisible characters as escapes.
      if (/[\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]/.test(c)) {
        return `\\u${code.toString(16).padStart(4, "0")}`;
      }
      return c;
    })
    .join("");
  return text.length > 30 ? `${escaped}……` : escaped;
}

