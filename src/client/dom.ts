/**
 * The sidebars build their DOM with this and nothing else (SPEC S4): text is
 * always set through text nodes, never parsed as HTML, so a child's details
 * or a referrer's notes can never become markup.
 */
export type Child = Node | string | null | undefined | false;

export interface Attrs {
  [name: string]: string | boolean | undefined;
}

/** Create an element with attributes and children (strings become text). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === 'string' ? document.createTextNode(child) : child,
    );
  }
}

/** Replace all children of a node. */
export function replaceChildren(parent: Node, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, ...children);
}
