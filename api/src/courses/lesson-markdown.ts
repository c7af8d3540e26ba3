import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Lesson Markdown: split from its front matter, inspected for what the checker refuses, and rendered once at import
 * into sanitized HTML. Rendering never lets raw HTML through (markdown-it `html: false`), and sanitize-html's
 * allow-list is the second wall behind it.
 */

export interface FrontMatterSplit {
  /** The YAML between the `---` lines. */
  frontMatter: string;
  /** 1-based line of the front matter's first line in the file. */
  frontMatterLine: number;
  body: string;
  /** 1-based line of the body's first line in the file. */
  bodyLine: number;
}

/** `---\n<yaml>\n---\n<markdown>`; null when the file does not start with a closed front matter block. */
export function splitFrontMatter(text: string): FrontMatterSplit | null {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== '---') return null;
  const end = lines.findIndex((line, i) => i > 0 && (line.trim() === '---' || line.trim() === '...'));
  if (end < 0) return null;
  return {
    frontMatter: lines.slice(1, end).join('\n'),
    frontMatterLine: 2,
    body: lines.slice(end + 1).join('\n'),
    bodyLine: end + 2,
  };
}

export type MarkdownFindingKind = 'html' | 'link' | 'image';

export interface MarkdownFinding {
  kind: MarkdownFindingKind;
  /** 0-based line within the Markdown body. */
  line: number;
  /** The HTML, the link's href or the image's src. */
  value: string;
  /** An image's alternative text. */
  alt?: string;
}

/** Parses with HTML on and every link accepted, so that the checker sees exactly what an author wrote. */
const inspector = new MarkdownIt({ html: true, linkify: false });
inspector.validateLink = () => true;

/** The raw HTML, links and images of a lesson, with their lines, for the checker to judge. */
export function inspectMarkdown(body: string): MarkdownFinding[] {
  const findings: MarkdownFinding[] = [];
  let line = 0;
  for (const token of inspector.parse(body, {})) {
    if (token.map) line = token.map[0];
    if (token.type === 'html_block') {
      findings.push({ kind: 'html', line, value: token.content.trim() });
      continue;
    }
    if (token.type !== 'inline' || !token.children) continue;
    let inlineLine = line;
    for (const child of token.children) {
      if (child.type === 'softbreak' || child.type === 'hardbreak') inlineLine += 1;
      else if (child.type === 'html_inline') findings.push({ kind: 'html', line: inlineLine, value: child.content });
      else if (child.type === 'link_open') findings.push({ kind: 'link', line: inlineLine, value: String(child.attrGet('href') ?? '') });
      else if (child.type === 'image') {
        findings.push({ kind: 'image', line: inlineLine, value: String(child.attrGet('src') ?? ''), alt: child.content.trim() });
      }
    }
  }
  return findings;
}

/** The scheme of a URL (`https`, `javascript`), lower-case, or null for a relative reference. */
export function urlScheme(url: string): string | null {
  // Browsers ignore control characters and whitespace inside a scheme: `java\tscript:` is `javascript:`.
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  const match = /^([a-z][a-z0-9+.-]*):/.exec(compact);
  return match ? match[1] : null;
}

export const LINK_SCHEMES = ['http', 'https', 'mailto', 'tel'];

const renderer = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'ul', 'ol', 'li', 'strong', 'em', 'b', 'i', 's',
    'del', 'sub', 'sup', 'code', 'pre', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'loading', 'decoding'],
    ol: ['start'],
    th: ['style'],
    td: ['style'],
  },
  allowedStyles: {
    th: { 'text-align': [/^(left|right|center)$/] },
    td: { 'text-align': [/^(left|right|center)$/] },
  },
  allowedSchemes: LINK_SCHEMES,
  // Images come only from the course's own media (a path on this server), never from another site.
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } }),
  },
};

/**
 * Lesson Markdown to safe HTML. `imageUrl` maps an image's src as written (`../media/alur.svg`) to the URL it is
 * served from; an image it cannot map becomes its alternative text (the checker refuses such packages anyway).
 */
export function renderLessonHtml(markdown: string, imageUrl: (src: string) => string | null): string {
  const tokens = renderer.parse(markdown, {});
  rewriteImages(tokens, imageUrl);
  const html = renderer.renderer.render(tokens, renderer.options, {});
  return sanitizeHtml(html, SANITIZE_OPTIONS).trim();
}

/** A markdown-it token, named the same way under CommonJS (api) and bundler (scripts) module resolution. */
type Token = ReturnType<typeof renderer.parse>[number];

function rewriteImages(tokens: Token[], imageUrl: (src: string) => string | null): void {
  for (const token of tokens) {
    if (token.children) rewriteImages(token.children, imageUrl);
    if (token.type !== 'image') continue;
    const url = imageUrl(String(token.attrGet('src') ?? ''));
    if (url === null) {
      // Not an image of this course: keep its alternative text, drop the image.
      token.type = 'text';
      token.children = null;
    } else {
      token.attrSet('src', url);
      token.attrSet('loading', 'lazy');
      token.attrSet('decoding', 'async');
    }
  }
}
