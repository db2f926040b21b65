// What the console's pages share: building elements, and the API's errors with the fields they name.
export type Child = Node | string | number | null | undefined | false | Child[];
export type Props = Record<string, string | ((event: Event) => void)>;

/** An element with attributes, listeners (`on…`) and children, nested arrays flattened. */
export function $<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v);
  }
  const append = (c: Child) => {
    if (Array.isArray(c)) c.forEach(append);
    else if (c !== null && c !== undefined && c !== false)
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  };
  children.forEach(append);
  return el;
}

export interface Issue {
  path: string;
  message: string;
}

/** A request the API refused: its message, and for invalid input each field at fault. */
export class ApiFailure extends Error {
  readonly issues: Issue[];
  constructor(
    readonly status: number,
    statusText: string,
    body: { message?: string; issues?: Issue[] },
  ) {
    const issues = body.issues ?? [];
    super(
      (body.message || statusText) +
        (issues.length ? `: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}` : ''),
    );
    this.issues = issues;
  }
}
