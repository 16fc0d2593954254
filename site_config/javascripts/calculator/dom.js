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

// A value as quoted back in a message: at most 30 characters.
export function shorten(value) {
  const text = String(value);
  return text.length > 30 ? `${text.slice(0, 30)}……` : text;
}

