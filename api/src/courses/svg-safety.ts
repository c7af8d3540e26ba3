import { Parser } from 'htmlparser2';

export interface SvgProblem {
  /** 1-based line. */
  line: number;
  message: string;
}

/** Elements that run code, embed other documents or could pull content from elsewhere. */
const FORBIDDEN_ELEMENTS: Readonly<Record<string, string>> = {
  script: 'SVG tidak boleh berisi <script>',
  foreignobject: 'SVG tidak boleh berisi <foreignObject> (HTML di dalam gambar)',
  iframe: 'SVG tidak boleh berisi <iframe>',
  embed: 'SVG tidak boleh berisi <embed>',
  object: 'SVG tidak boleh berisi <object>',
  handler: 'SVG tidak boleh berisi <handler>',
  listener: 'SVG tidak boleh berisi <listener>',
};

/** Compared by local name (after any prefix), so `xlink:href` and `q:href` with `q` bound to XLink are both caught. */
const REFERENCE_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction']);
const ANIMATIONS = new Set(['set', 'animate', 'animatetransform', 'animatemotion']);

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Namespaces whose elements a browser interprets inside an SVG document (HTML: iframes, meta refresh, forms…). */
const FOREIGN_ACTIVE_NAMESPACES: Readonly<Record<string, string>> = {
  'http://www.w3.org/1999/xhtml': 'HTML',
  'http://www.w3.org/1998/Math/MathML': 'MathML',
};
/** Prefixes an SVG may use without declaring them (older editors write `xlink:href` bare; `xml` is always bound). */
const IMPLICIT_PREFIXES: Readonly<Record<string, string>> = {
  xml: 'http://www.w3.org/XML/1998/namespace',
  xlink: 'http://www.w3.org/1999/xlink',
};

/** The namespace bindings in scope: one frame per open element, each holding what its `xmlns…` attributes declare. */
class NamespaceScopes {
  private readonly frames: Map<string, string>[] = [new Map([['', SVG_NS], ...Object.entries(IMPLICIT_PREFIXES)])];

  open(attributes: Record<string, string>): void {
    const frame = new Map<string, string>();
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'xmlns') frame.set('', value.trim());
      else if (name.startsWith('xmlns:')) frame.set(name.slice('xmlns:'.length), value.trim());
    }
    this.frames.push(frame);
  }

  close(): void {
    if (this.frames.length > 1) this.frames.pop();
  }

  /** The namespace URI of a prefix (`''` for the default), or undefined when nothing declares it. */
  resolve(prefix: string): string | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const uri = this.frames[i].get(prefix);
      if (uri !== undefined) return uri;
    }
    return undefined;
  }
}

/** `x:script` → { prefix: 'x', local: 'script' } (local name lower-cased for comparison). */
function splitQualifiedName(name: string): { prefix: string; local: string } {
  const colon = name.indexOf(':');
  return colon < 0 ? { prefix: '', local: name.toLowerCase() } : { prefix: name.slice(0, colon), local: name.slice(colon + 1).toLowerCase() };
}

/**
 * Why an SVG is not safe to serve as a lesson image: scripts, event handlers (`onload=`), references outside the
 * file (`href="https://…"`, `url(http…)`, `@import`), entities or stylesheets. An empty list means it is fine.
 * An image opened by its own URL runs as a document, so this matters even though `<img>` would not run scripts.
 * Names are read the way an XML parser reads them (namespace-aware, F-L8): `<x:script xmlns:x="…/svg">` is a script,
 * whatever its prefix; elements of the HTML or MathML namespaces are refused; an undeclared prefix is refused.
 */
export function svgProblems(text: string): SvgProblem[] {
  const problems: SvgProblem[] = [];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineAt = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };

  // Declared before it exists: `report` (used by the parser's callbacks) reads its position.
  // eslint-disable-next-line prefer-const -- assigned once below, after `report` that closes over it
  let parser: Parser;
  let sawRoot = false;
  let inStyle = 0;
  const scopes = new NamespaceScopes();
  const report = (message: string) => problems.push({ line: lineAt(parser.startIndex), message });

  parser = new Parser(
    {
      onprocessinginstruction(name) {
        const lower = name.toLowerCase();
        if (lower.startsWith('!doctype') || lower.startsWith('!entity')) report('SVG tidak boleh berisi DOCTYPE atau ENTITY');
        else if (lower.startsWith('?xml-stylesheet')) report('SVG tidak boleh memuat stylesheet dari luar (xml-stylesheet)');
      },
      onopentag(rawName, attributes) {
        scopes.open(attributes);
        const { prefix, local: name } = splitQualifiedName(rawName);
        const namespace = scopes.resolve(prefix);
        if (!sawRoot) {
          sawRoot = true;
          if (name !== 'svg') report('berkas .svg harus diawali elemen <svg>');
        }
        if (namespace === undefined) report(`SVG memakai awalan namespace yang tidak dideklarasikan (<${rawName}>)`);
        else if (FOREIGN_ACTIVE_NAMESPACES[namespace]) report(`SVG tidak boleh berisi elemen ${FOREIGN_ACTIVE_NAMESPACES[namespace]} (<${rawName}>)`);
        const forbidden = FORBIDDEN_ELEMENTS[name];
        if (forbidden) report(forbidden);
        if (name === 'style') inStyle++;
        for (const [rawAttribute, value] of Object.entries(attributes)) {
          if (rawAttribute === 'xmlns' || rawAttribute.startsWith('xmlns:')) continue;
          const attribute = splitQualifiedName(rawAttribute).local;
          if (attribute.startsWith('on')) {
            report(`SVG tidak boleh berisi penangan kejadian (${rawAttribute}=…)`);
          } else if (REFERENCE_ATTRIBUTES.has(attribute) && !value.trim().startsWith('#')) {
            report(`SVG hanya boleh merujuk ke bagian di dalam berkas itu sendiri (${rawAttribute}="#…"), bukan "${shorten(value)}"`);
          } else if (/javascript:|vbscript:/i.test(value.replace(/\s/g, ''))) {
            report(`SVG tidak boleh berisi tautan javascript: (${rawAttribute})`);
          } else if (attribute === 'style' && externalCss(value)) {
            report('SVG tidak boleh memuat gaya dari luar (url(…) atau @import) di atribut style');
          }
          if (ANIMATIONS.has(name) && attribute === 'attributename' && /^(on|href$)/i.test(splitQualifiedName(value.trim()).local)) {
            report(`SVG tidak boleh menganimasikan ${value} (dapat menjalankan kode)`);
          }
        }
      },
      ontext(data) {
        if (inStyle > 0 && externalCss(data)) report('SVG tidak boleh memuat gaya dari luar (url(…) atau @import) di <style>');
      },
      onclosetag(rawName) {
        scopes.close();
        if (splitQualifiedName(rawName).local === 'style') inStyle = Math.max(0, inStyle - 1);
      },
    },
    { xmlMode: true, recognizeSelfClosing: true },
  );
  parser.write(text);
  parser.end();
  if (!sawRoot) problems.push({ line: 1, message: 'berkas .svg tidak berisi elemen <svg>' });
  return problems;
}

function externalCss(css: string): boolean {
  if (/@import/i.test(css)) return true;
  const urls = css.matchAll(/url\(\s*(['"]?)(.*?)\1\s*\)/gi);
  return [...urls].some((match) => !match[2].trim().startsWith('#'));
}

function shorten(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}…` : value;
}
